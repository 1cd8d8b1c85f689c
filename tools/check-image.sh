#!/bin/sh
# Check the kernel image two ways before anything boots it:
#  1. every PT_LOAD segment keeps the same file-offset-to-physical-address
#     distance, because QEMU's multiboot1 loader copies the file flat;
#  2. the second link pass left every text symbol where the first put it,
#     so the symbol table embedded from pass 1 is exact.
set -eu
pass1=$1
final=$2

readelf -lW "$final" | awk '
$1 == "LOAD" {
	off = strtonum($2); pa = strtonum($4)
	if (!seen) { delta = pa - off; seen = 1 }
	else if (pa - off != delta) {
		printf "check-image: segment at 0x%x breaks the flat layout\n", pa
		bad = 1
	}
}
END { exit bad }'

text() { nm -n --defined-only "$1" | awk '$2 ~ /^[tT]$/'; }
if ! text "$pass1" | cmp -s - /dev/stdin <<EOF2
$(text "$final")
EOF2
then
	echo "check-image: text symbols moved between link passes" >&2
	exit 1
fi

size=$(stat -c %s "$final")
echo "  IMAGE   $final ($size bytes)"
