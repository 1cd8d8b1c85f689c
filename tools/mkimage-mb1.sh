#!/bin/sh
# mkimage-mb1.sh IMAGE OUT: the copy of IMAGE for multiboot1 loaders.
#
# IMAGE carries its multiboot1 header with the magic zeroed, because QEMU's
# -kernel tries multiboot1 before PVH (hw/i386/x86.c, x86_load_linux) and
# the image is meant to boot by PVH there (arch/x86/boot/multiboot.S). OUT
# is IMAGE with the magic written in: the header is found by its flags and
# checksum words (Multiboot 0.6.96 section 3.1.1), which must follow the
# zeroed magic exactly once, 4-byte aligned, in the first 8 KiB.
set -eu

MAGIC=1badb002
FLAGS=00010003		# page align, memory info, address fields (multiboot.S)
CHECKSUM=$(printf '%08x' $(( (0x100000000 - 0x$MAGIC - 0x$FLAGS) & 0xffffffff )))

words=$(od -An -v -t x4 -w4 -N 8192 "$1" | awk -v f="$FLAGS" -v c="$CHECKSUM" '
	{ w[NR] = $1 }
	END {
		for (i = 1; i + 2 <= NR; i++)
			if (w[i] == "00000000" && w[i + 1] == f && w[i + 2] == c)
				print i - 1
	}')
if [ "$(echo "$words" | grep -c .)" -ne 1 ]; then
	echo "mkimage-mb1: no single disarmed multiboot1 header in $1" >&2
	exit 1
fi
cp "$1" "$2.tmp"
printf '\002\260\255\033' | dd of="$2.tmp" bs=1 seek=$((words * 4)) conv=notrunc status=none
mv "$2.tmp" "$2"
echo "  IMAGE   $2 (multiboot1 header armed at file offset $((words * 4)))"
