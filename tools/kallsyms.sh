#!/bin/sh
# Turn `nm -n` output on stdin into the kernel's symbol table (assembly on
# stdout): sorted text addresses and their names, for symbolized backtraces.
# Empty input gives an empty table, for the first link pass.
awk 'BEGIN { n = 0 }
$2 ~ /^[tTwW]$/ && $1 ~ /^ffffffff8/ { addr[n] = $1; name[n] = $3; n++ }
END {
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl kallsyms_count, kallsyms_addrs, kallsyms_name_offs, kallsyms_names"
	print "kallsyms_count:\t.quad " n + 0
	print "kallsyms_addrs:"
	for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
	print "kallsyms_name_offs:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "kallsyms_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
	print "\t.section .note.GNU-stack, \"\", @progbits"
}'
