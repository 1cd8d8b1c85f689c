#!/usr/bin/env bash
# tests/fuzz/seeds.sh (`make fuzz-seeds`): rewrite the fuzzers' seed corpora,
# tests/fuzz/corpus/NAME/, from the tests' own inputs:
#   http, dhcp, iperf3_json, tcp,	what the unit tests hand to the parsers, the
#   nft, bpf, pcap_filter		TCP stack, the BPF checker and interpreter and
#				the filter compiler (unit_seed() in
#				tests/unit/unit.h); hand-made seeds (nft's,
#				bpf's, tcp's), named by what they hold, stay
#   cmdline			every command line the integration tests and the
#				ISO boot with, and tests/fuzz/cmdline.dict, every
#				registered key
#   elf				small static executables made here with as and ld
# rx keeps its hand-made frames. Seeds are the starting points only: what
# the fuzzers find grows in build/fuzz/corpus-NAME/.
set -eu
cd "$(dirname "$0")/../.."
corpus=tests/fuzz/corpus

# name_by_hash DIR FILE: move FILE into DIR named by its content.
name_by_hash() {
	mv "$2" "$1/$(sha1sum "$2" | cut -c1-16)"
}

for t in http dhcp iperf3_json tcp nft bpf pcap_filter; do
	if [ -d "$corpus/$t" ]; then
		find "$corpus/$t" -type f -regex '.*/[0-9a-f]\{16\}' -delete
	fi
done
UNIT_SEED_DIR="$PWD/$corpus" make -s unit \
	UNIT="test_http_parse test_dhcp test_iperf3_json test_tcp_script test_nft test_bpf test_pcap_filter" \
	>/dev/null

rm -rf "${corpus:?}/cmdline"
mkdir -p "$corpus/cmdline"
{
	grep -rhoE -- '--append "[^"]*"' tests/integration tools | sed -E 's/^--append "(.*)"$/\1/'
	sed -nE 's/^[[:space:]]*multiboot2 [^ ]+ (.*)$/\1/p' iso/grub.cfg
	grep -rhoE 'netem\.[a-z0-9.]+=[a-z][^ "`]*' tests/integration docs
} | sed -E 's/\$(SKIFF|GUEST)/10.0.0.2/g; s/\$LINUX/10.0.0.1/g; s/[^ ]*\$[^ ]*//g; s/  +/ /g; s/ $//' |
	sort -u | while IFS= read -r line; do
		[ -n "$line" ] || continue
		printf '%s' "$line" >"$corpus/cmdline/new"
		name_by_hash "$corpus/cmdline" "$corpus/cmdline/new"
	done
{
	echo "# Every key registered with CMDLINE_PARAM (written by tests/fuzz/seeds.sh)."
	grep -rhoE 'CMDLINE_PARAM\([a-z_0-9]+, "[^"]+"' arch kernel drivers net |
		sed -E 's/.*"([^"]+)"$/"\1"/' | sort -u
	printf '"="\n","\n" "\n"\\x09"\n'
} >tests/fuzz/cmdline.dict

# ELF: text only; text, data and bss; the same linked as a service is (page-aligned segments).
rm -rf "${corpus:?}/elf"
mkdir -p "$corpus/elf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '.globl _start\n_start: mov $60, %%eax\n\tsyscall\n' >"$tmp/text.s"
printf '.globl _start\n_start: mov x, %%edi\n\tmov $60, %%eax\n\tsyscall\n.data\nx: .quad 1\n.bss\n.zero 8192\n' >"$tmp/data.s"
for s in text data; do
	as "$tmp/$s.s" -o "$tmp/$s.o"
	ld -n --no-warn-rwx-segments -static -e _start -Ttext-segment=0x400000 "$tmp/$s.o" -o "$tmp/$s-n.elf"
	ld -static -e _start -z max-page-size=0x1000 -z noexecstack -Ttext-segment=0x400000 \
		"$tmp/$s.o" -o "$tmp/$s.elf"
	for e in "$tmp/$s-n.elf" "$tmp/$s.elf"; do
		strip --strip-all "$e"
		cp "$e" "$tmp/seed"
		name_by_hash "$corpus/elf" "$tmp/seed"
	done
done

for t in http dhcp iperf3_json tcp nft bpf pcap_filter cmdline elf; do
	echo "fuzz-seeds: $t: $(ls "$corpus/$t" | wc -l) seeds, $(du -sk "$corpus/$t" | cut -f1) KiB"
done
