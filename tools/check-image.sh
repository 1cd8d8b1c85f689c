#!/bin/sh
# Check a kernel image before anything boots it:
#   check-image.sh symbols PASS1 DEBUG
#	the second link pass left every text symbol where the first put it,
#	so the symbol table embedded from pass 1 is exact;
#   check-image.sh layout IMAGE
#	every PT_LOAD segment keeps the same file-offset-to-physical-address
#	distance, because multiboot1 loaders copy the file flat
#	(build/skiff-mb1.elf, arch/x86/boot/multiboot.S).
set -eu

case "$1" in
symbols)
	text() { nm -n --defined-only "$1" | awk '$2 ~ /^[tT]$/'; }
	if ! text "$2" | cmp -s - /dev/stdin <<EOF2
$(text "$3")
EOF2
	then
		echo "check-image: text symbols moved between link passes" >&2
		exit 1
	fi
	;;
layout)
	readelf -lW "$2" | awk '
	$1 == "LOAD" {
		off = strtonum($2); pa = strtonum($4)
		if (!seen) { delta = pa - off; seen = 1 }
		else if (pa - off != delta) {
			printf "check-image: segment at 0x%x breaks the flat layout\n", pa
			bad = 1
		}
	}
	END { exit bad }'
	echo "  IMAGE   $2 ($(stat -c %s "$2") bytes)"
	;;
*)
	echo "usage: check-image.sh symbols PASS1 DEBUG | layout IMAGE" >&2
	exit 2
	;;
esac
