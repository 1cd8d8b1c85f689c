#!/bin/sh
# Build the hybrid ISO: GRUB for BIOS (El Torito + MBR) and UEFI (an EFI
# system partition image), bootable from a CD or written raw to a USB stick.
# Usage: mkiso.sh KERNEL GRUB_CFG OUT [DEFAULT_ENTRY [RULES]]
# router.nft beside GRUB_CFG goes on the image as /boot/router.nft, the
# ruleset of the router entry (its own module2 line).
# RULES: an nftables ruleset, put on the image as /boot/rules.nft and
# handed to the kernel by every entry as a module whose command line ends
# in "nft" (GRUB's module2), which Skiff loads before any interface is up;
# in the router entry it takes the place of router.nft (one ruleset per
# boot: a second file would flush the first).
set -eu
kernel=$1
cfg=$2
out=$3
default=${4:-0}
rules=${5:-}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/skiff.elf"
sed "s/^set default=.*/set default=$default/" "$cfg" > "$dir/boot/grub/grub.cfg"
router=$(dirname "$cfg")/router.nft
[ -f "$router" ] && cp "$router" "$dir/boot/router.nft"
if [ -n "$rules" ]; then
	cp "$rules" "$dir/boot/rules.nft"
	sed -i -e '\|^\s*module2 /boot/router.nft nft$|d' \
		-e 's|^\(\s*\)multiboot2 /boot/skiff.elf.*|&\n\1module2 /boot/rules.nft nft|' \
		"$dir/boot/grub/grub.cfg"
fi
grub-mkrescue -o "$out" "$dir" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
rm -f "$dir.log"
echo "  ISO     $out ($(stat -c %s "$out") bytes)"
