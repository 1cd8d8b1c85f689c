#!/bin/sh
# Build the hybrid ISO: GRUB for BIOS (El Torito + MBR) and UEFI (an EFI
# system partition image), bootable from a CD or written raw to a USB stick.
# Usage: mkiso.sh KERNEL GRUB_CFG OUT [DEFAULT_ENTRY]
set -eu
kernel=$1
cfg=$2
out=$3
default=${4:-0}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$kernel" "$dir/boot/skiff.elf"
sed "s/^set default=.*/set default=$default/" "$cfg" > "$dir/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$dir" >"$dir.log" 2>&1 || { cat "$dir.log" >&2; rm -f "$dir.log"; exit 1; }
rm -f "$dir.log"
echo "  ISO     $out ($(stat -c %s "$out") bytes)"
