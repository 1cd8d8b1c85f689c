#!/usr/bin/env bash
# The one place that knows how to start QEMU for Skiff: `make run`,
# `make debug`, the integration tests and the benchmarks all come here.
#
#   tools/qemu.sh [options] [-- extra qemu args]
#     --kernel ELF          boot with -kernel (PVH; multiboot1 for skiff-mb1.elf)
#     --iso ISO             boot the ISO as a CD
#     --usb ISO             boot the ISO as a USB stick (xHCI + usb-storage)
#     --firmware bios|uefi  SeaBIOS (default) or OVMF
#     --machine pc|q35|microvm[,OPTS]
#                           default pc; microvm has no PCI: --nic virtio is
#                           virtio-net-device on virtio-mmio (legacy, version 1,
#                           unless -- -global virtio-mmio.force-legacy=false)
#     --accel tcg|kvm       default tcg (see README: nested KVM here cannot run guests)
#     --cpu MODEL           the CPU model, e.g. max (SMEP, SMAP, ERMS, RDRAND under TCG)
#     --mem SIZE            default 128M
#     --append "ARGS"       kernel command line (with --kernel)
#     --initrd "FILE ARGS"  a boot module with its command line (with --kernel;
#                           "rules.nft nft" hands over a ruleset; for a PVH
#                           image ARGS's last word becomes initrd=KIND)
#     --nic MODEL           e1000 (default; virtio on microvm), virtio, e1000e, rtl8139, none
#     --net user|none|tap:IFNAME   user networking (default), no netdev, or a tap
#     --nic2 MODEL          the second NIC's model (default: --nic's)
#     --net2 user|tap:IFNAME  a second NIC (eth1), e.g. a router's LAN side
#     --vnet-hdr off        eth0's tap without virtio-net headers: the NIC model
#                           finishes checksums and segmentation itself instead
#                           of leaving them to the host (default: QEMU's choice)
#     --fwd SPEC            user-net host forward, e.g. tcp:127.0.0.1:8080-:80 (repeatable)
#     --serial stdio|none|file:PATH|sock:SOCKET:LOGFILE
#                           sock: a unix socket to type into, output also logged
#     --exit-device         add isa-debug-exit at 0xf4 (self-tests exit QEMU)
#     --gdb                 start paused with a gdb stub on 127.0.0.1:1234
#     --monitor PATH        QEMU monitor on a unix socket
#     --dry-run             print the command instead of running it
set -euo pipefail

kernel= iso= usb= firmware=bios machine=pc accel=tcg cpu= mem=128M append= initrd=
nic= net=user nic2= net2= vnethdr= serial=stdio exitdev=0 gdb=0 monitor= dry=0
fwds=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--iso) iso=$2; shift ;;
	--usb) usb=$2; shift ;;
	--firmware) firmware=$2; shift ;;
	--machine) machine=$2; shift ;;
	--accel) accel=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--mem) mem=$2; shift ;;
	--append) append=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--nic) nic=$2; shift ;;
	--net) net=$2; shift ;;
	--nic2) nic2=$2; shift ;;
	--net2) net2=$2; shift ;;
	--vnet-hdr) vnethdr=$2; shift ;;
	--fwd) fwds+=("$2"); shift ;;
	--serial) serial=$2; shift ;;
	--exit-device) exitdev=1 ;;
	--gdb) gdb=1 ;;
	--monitor) monitor=$2; shift ;;
	--dry-run) dry=1 ;;
	--) shift; break ;;
	*) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

args=(qemu-system-x86_64 -machine "$machine" -m "$mem" -no-reboot -display none)
case "$accel" in
tcg) args+=(-accel tcg) ;;
kvm) args+=(-accel kvm -cpu host) ;;
*) echo "qemu.sh: --accel must be tcg or kvm" >&2; exit 2 ;;
esac
[ -n "$cpu" ] && args+=(-cpu "$cpu")

# OVMF as a plain firmware image: its variable store lives in RAM for the
# run, which is all a boot needs and leaves no file behind.
[ "$firmware" = uefi ] && args+=(-bios /usr/share/ovmf/OVMF.fd)

if [ -n "$kernel" ]; then
	args+=(-kernel "$kernel")
	# QEMU boots a PVH image (build/skiff.elf) with one -initrd file and no
	# command line for it: its use goes on the kernel's, as initrd=KIND.
	# Multiboot1 (skiff-mb1.elf) takes "FILE ARGS" as it is.
	if [ -n "$initrd" ] && [ "${initrd#* }" != "$initrd" ] && [ "${kernel%-mb1.elf}" = "$kernel" ]; then
		append="${append:+$append }initrd=${initrd##* }"
		initrd=${initrd%% *}
	fi
	[ -n "$append" ] && args+=(-append "$append")
	[ -n "$initrd" ] && args+=(-initrd "$initrd")
elif [ -n "$iso" ]; then
	args+=(-drive "file=$iso,media=cdrom,readonly=on,if=ide" -boot d)
elif [ -n "$usb" ]; then
	args+=(-device qemu-xhci,id=xhci
	       -drive "if=none,id=stick,format=raw,readonly=on,file=$usb"
	       -device usb-storage,bus=xhci.0,drive=stick,bootindex=0)
else
	echo "qemu.sh: one of --kernel, --iso, --usb is needed" >&2
	exit 2
fi

# microvm (hw/i386/microvm.c) has no PCI bus: its NIC is virtio-mmio.
microvm=0
case "$machine" in microvm|microvm,*) microvm=1 ;; esac
[ -n "$nic" ] || { [ "$microvm" = 1 ] && nic=virtio || nic=e1000; }
nic_model() {
	case "$1" in
	e1000|e1000e|rtl8139) echo "$1" ;;
	virtio) [ "$microvm" = 1 ] && echo virtio-net-device || echo virtio-net-pci ;;
	none) ;;
	*) echo "qemu.sh: unknown NIC $1" >&2; return 2 ;;
	esac
}
model=$(nic_model "$nic")
if [ "$microvm" = 1 ] && [ -n "$model" ] && [ "$model" != virtio-net-device ]; then
	echo "qemu.sh: microvm has no PCI; its NIC is --nic virtio (virtio-mmio)" >&2
	exit 2
fi
# add_nic ID MODEL NET [FWDS [TAPOPTS]]: a NIC of MODEL on its own netdev.
add_nic() {
	case "$3" in
	user) args+=(-netdev "user,id=$1${4:-}" -device "$2,netdev=$1") ;;
	tap:*)
		args+=(-netdev "tap,id=$1,ifname=${3#tap:},script=no,downscript=no${5:-}"
		       -device "$2,netdev=$1") ;;
	*) echo "qemu.sh: --net and --net2 must be user or tap:IFNAME" >&2; exit 2 ;;
	esac
}
if [ -n "$model" ] && [ "$net" != none ]; then
	hf=
	for f in "${fwds[@]+"${fwds[@]}"}"; do hf+=",hostfwd=$f"; done
	add_nic n0 "$model" "$net" "$hf" "${vnethdr:+,vnet_hdr=$vnethdr}"
else
	args+=(-nic none)
fi
if [ -n "$net2" ]; then
	model2=$(nic_model "${nic2:-$nic}")
	[ -n "$model2" ] || { echo "qemu.sh: --net2 needs a NIC model (--nic2)" >&2; exit 2; }
	add_nic n1 "$model2" "$net2"
elif [ -n "$nic2" ]; then
	echo "qemu.sh: --nic2 needs --net2 user|tap:IFNAME" >&2
	exit 2
fi

case "$serial" in
stdio) args+=(-serial mon:stdio) ;;
none) args+=(-serial none) ;;
file:*) args+=(-serial "file:${serial#file:}") ;;
sock:*)
	spec=${serial#sock:}
	args+=(-chardev "socket,id=ser0,path=${spec%%:*},server=on,wait=off,logfile=${spec#*:}"
	       -serial chardev:ser0) ;;
*) echo "qemu.sh: bad --serial" >&2; exit 2 ;;
esac
[ "$exitdev" = 1 ] && args+=(-device isa-debug-exit,iobase=0xf4,iosize=4)
[ "$gdb" = 1 ] && args+=(-gdb tcp:127.0.0.1:1234 -S)
[ -n "$monitor" ] && args+=(-monitor "unix:$monitor,server,nowait")
args+=("$@")

if [ "$dry" = 1 ]; then
	printf '%q ' "${args[@]}"
	echo
	exit 0
fi
exec "${args[@]}"
