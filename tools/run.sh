#!/usr/bin/env bash
# `make run` and `make debug`: boot Skiff in QEMU with the serial console on
# this terminal (quit with Ctrl-A X). Under user networking the guest's
# services are forwarded to 127.0.0.1 only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

kernel=build/skiff.elf machine=pc accel=tcg nic= net=user mem=128M append= gdb=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--machine) machine=$2; shift ;;
	--accel) accel=$2; shift ;;
	--nic) nic=$2; shift ;;
	--net) net=$2; shift ;;
	--mem) mem=$2; shift ;;
	--append) append=$2; shift ;;
	--gdb) gdb=1 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

# On microvm the only NIC is virtio (virtio-mmio); e1000 elsewhere.
case "$machine" in microvm|microvm,*) nic=${nic:-virtio} ;; *) nic=${nic:-e1000} ;; esac
opts=(--kernel "$kernel" --machine "$machine" --accel "$accel" --nic "$nic" --mem "$mem"
      --append "$append" --exit-device)
case "$net" in
user)
	opts+=(--net user --fwd tcp:127.0.0.1:8080-:80 --fwd tcp:127.0.0.1:5201-:5201
	       --fwd tcp:127.0.0.1:7007-:7 --fwd udp:127.0.0.1:7007-:7)
	echo "Skiff under QEMU ($machine, $accel, $nic, user networking). Forwarded to this host:"
	echo "  http://127.0.0.1:8080/   (httpd, port 80)"
	echo "  iperf3 -c 127.0.0.1      (iperf3 server, port 5201)"
	echo "  nc 127.0.0.1 7007        (echo, port 7)"
	;;
netns)
	# A private namespace with the Linux end of the link (tap0, 10.0.0.1);
	# nothing is added to this host's own namespace. Removed on exit.
	[ "$(id -u)" -eq 0 ] || { echo "run.sh: NET=netns needs root (ip netns)" >&2; exit 2; }
	ns="skiff-run-$$"
	ip netns add "$ns"
	trap 'ip netns del "$ns" 2>/dev/null' EXIT
	ip netns exec "$ns" ip link set lo up
	ip netns exec "$ns" ip tuntap add dev tap0 mode tap
	ip netns exec "$ns" ip addr add 10.0.0.1/24 dev tap0
	ip netns exec "$ns" ip link set tap0 up
	[ -n "$append" ] || append="ip=10.0.0.2/24 gw=10.0.0.1"
	opts=(--kernel "$kernel" --machine "$machine" --accel "$accel" --nic "$nic"
	      --mem "$mem" --append "$append" --exit-device --net tap:tap0)
	echo "Skiff under QEMU ($machine, $accel, $nic) behind tap0 in network namespace $ns."
	echo "From another terminal:"
	echo "  sudo ip netns exec $ns ping 10.0.0.2"
	echo "Quit QEMU with Ctrl-A X; the namespace is removed then."
	ip netns exec "$ns" "$here/qemu.sh" "${opts[@]}"
	exit ;;
*)
	echo "run.sh: NET=$net is not supported (use NET=user or NET=netns)" >&2
	exit 2 ;;
esac
echo "Quit QEMU with Ctrl-A X."
if [ "$gdb" = 1 ]; then
	opts+=(--gdb)
	echo
	echo "QEMU is paused with a gdb stub on 127.0.0.1:1234. In another terminal:"
	echo "  gdb ${kernel%.elf}-debug.elf -ex 'target remote 127.0.0.1:1234' -ex 'hbreak kernel_main' -ex continue"
	echo
fi
exec "$here/qemu.sh" "${opts[@]}"
