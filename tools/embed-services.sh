#!/bin/sh
# Embed the service ELFs (arguments) into the kernel image: each blob starts
# on a page boundary, so the loader can map its text pages straight from the
# image, and a table gives the kernel their names and extents
# (struct service_image in include/kernel/process.h).
set -eu
echo '	.section .rodata.services, "a"'
for elf in "$@"; do
	name=$(basename "$elf" .elf)
	echo "	.balign 4096"
	echo "svc_${name}_start:"
	echo "	.incbin \"$elf\""
	echo "svc_${name}_end:"
done
echo '	.section .rodata'
echo '	.balign 8'
echo '	.globl service_images, service_images_count'
echo 'service_images:'
for elf in "$@"; do
	name=$(basename "$elf" .elf)
	echo "	.quad svc_${name}_name, svc_${name}_start, svc_${name}_end"
done
echo 'service_images_count:'
echo "	.quad $#"
for elf in "$@"; do
	name=$(basename "$elf" .elf)
	echo "svc_${name}_name: .asciz \"$name\""
done
echo '	.section .note.GNU-stack, "", @progbits'
