# Skiff: one build for the kernel image, the bootable ISO, the tests and the benchmarks.
#
#   make            build/skiff.elf (what boots), build/skiff-debug.elf (gdb) and
#                   build/skiff-mb1.elf (for multiboot1 loaders)
#   make test-image build/skiff-test.elf: the same kernel with the test programs
#   make iso        build/skiff.iso (hybrid BIOS + UEFI, CD or USB stick);
#                   RULES=FILE bakes in an nftables ruleset loaded at boot
#   make run        boot in QEMU (MACHINE=pc|q35|microvm, NIC=e1000|virtio,
#                   ACCEL=tcg|kvm, NET=user|netns)
#   make debug      boot paused with a gdb stub; prints the gdb command
#   make fuzz       libFuzzer targets over every input parser (FUZZ_SECONDS each)
#   make fuzz-syscalls  the system call fuzzer in Skiff (MINUTES=N)
#   make test       every test layer; ends with "N passed, N failed"
#   make bench      benchmarks under TCG, medians of several runs (RUNS=5)
#   make soak       MINUTES=N (10) of iperf3, ab, a UDP flood and ping at once, then the pools checked
#   make clean

CROSS   ?=
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
NM      := $(CROSS)nm
OBJCOPY := $(CROSS)objcopy
HOSTCC  ?= gcc
BUILD   ?= build

ACCEL   ?= tcg
MACHINE ?= pc
NIC     ?= $(if $(filter microvm%,$(MACHINE)),virtio,e1000)
NET     ?= user
MEM     ?= 128M
CMDLINE ?=

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
# Kernel and services alike: a canary in every frame with a local array or
# an address-taken local, compared with the global __stack_chk_guard
# (kernel/stackprotector.c, libc/user/start.c) before the function returns.
STACKPROTECTOR := -fstack-protector-strong -mstack-protector-guard=global

KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) \
	-Iinclude -Iarch/x86/include -Ilibc/include -D__KERNEL__ \
	-mno-red-zone -mcmodel=kernel -mgeneral-regs-only -fno-pic -fno-pie \
	$(STACKPROTECTOR) -fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-asynchronous-unwind-tables -fno-common -ffunction-sections -fdata-sections \
	-Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP
KASFLAGS := -D__ASSEMBLY__ -nostdinc -Iinclude -Iarch/x86/include -MMD -MP
KLDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack --gc-sections -T linker.ld

# Every .c/.S under these directories is part of the kernel, and libc's
# top level (libc/user/ is the user-mode half: syscalls, crt0, malloc).
KDIRS ?= arch kernel drivers net
KSRCS := $(sort $(foreach d,$(KDIRS),$(shell find $(d) -name '*.c' -o -name '*.S' 2>/dev/null)) \
	$(wildcard libc/*.c))
KOBJS := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS))

# Services: user-mode programs, each its own static ELF linked at 0x400000
# with the user libc, then embedded page-aligned in the kernel image
# (build/IMAGE-services.S) for the kernel's loader. A service is services/NAME.c
# or the .c files of services/NAME/. Programs that exist only for tests
# (tests/programs/NAME.c, or tests/programs/NAME/) go into the test image alone.
UCFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) \
	-Ilibc/include -DSKIFF_USER -fno-pic -fno-pie $(STACKPROTECTOR) \
	-ffunction-sections -fdata-sections \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-strict-aliasing \
	-Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP
ULDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--gc-sections -Ttext-segment=0x400000 -e _start
# The string primitives are arch/x86's, shared with the kernel.
ULIBC_SRCS := $(wildcard libc/*.c) $(wildcard libc/user/*.c libc/user/*.S) \
	arch/x86/lib/memcpy_64.S arch/x86/lib/string_64.c
ULIBC_OBJS := $(patsubst %,$(BUILD)/u/%.o,$(ULIBC_SRCS))
ULIBC := $(BUILD)/u/libc.a
SERVICES := $(sort $(basename $(notdir $(wildcard services/*.c))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard services/*/*.c)))))
SERVICE_ELFS := $(SERVICES:%=$(BUILD)/u/svc/%.elf)
TEST_PROGRAMS := $(sort $(basename $(notdir $(wildcard tests/programs/*.c))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard tests/programs/*/*.c)))))
TEST_PROGRAM_ELFS := $(TEST_PROGRAMS:%=$(BUILD)/u/svc/%.elf)

ELF := $(BUILD)/skiff.elf
MB1_ELF := $(BUILD)/skiff-mb1.elf
TEST_ELF := $(BUILD)/skiff-test.elf
ISO := $(BUILD)/skiff.iso

.PHONY: all iso run debug test bench soak clean deps test-image
all: $(ELF) $(MB1_ELF)
test-image: $(TEST_ELF)

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KASFLAGS) -c $< -o $@

$(BUILD)/u/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  UCC     $<"
	@$(CC) $(UCFLAGS) -c $< -o $@

$(BUILD)/u/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  UAS     $<"
	@$(CC) $(KASFLAGS) -DSKIFF_USER -c $< -o $@

$(ULIBC): $(ULIBC_OBJS)
	@rm -f $@
	@ar rcs $@ $^

.SECONDEXPANSION:
# (addprefix, not patsubst: a % in a pattern rule's prerequisites is the stem.)
# svc-debug/NAME.elf keeps the symbols (for gdb); the stripped svc/NAME.elf
# is what the image embeds.
$(BUILD)/u/svc-debug/%.elf: $$(addprefix $(BUILD)/u/,$$(addsuffix .o,$$(wildcard services/$$*.c services/$$*/*.c tests/programs/$$*.c tests/programs/$$*/*.c))) $(ULIBC)
	@mkdir -p $(dir $@)
	@echo "  ULD     $@"
	@$(LD) $(ULDFLAGS) -o $@ $(filter %.o,$^) $(ULIBC)

$(BUILD)/u/svc/%.elf: $(BUILD)/u/svc-debug/%.elf
	@mkdir -p $(dir $@)
	@$(OBJCOPY) --strip-all $< $@

$(BUILD)/skiff-services.S: $(SERVICE_ELFS) tools/embed-services.sh
	@tools/embed-services.sh $(SERVICE_ELFS) > $@

$(BUILD)/skiff-test-services.S: $(SERVICE_ELFS) $(TEST_PROGRAM_ELFS) tools/embed-services.sh
	@tools/embed-services.sh $(SERVICE_ELFS) $(TEST_PROGRAM_ELFS) > $@

# Symbols for backtraces, as Linux's kallsyms: link once with an empty table,
# list that image's text symbols, link again with them. The table sits at the
# end of .rodata, after all text, so text addresses are the same in both.
# The second link is IMAGE-debug.elf, with DWARF, for gdb; IMAGE.elf, what
# boots, is that file without debug information or ELF symbols (backtraces
# come from the embedded table).
$(BUILD)/kallsyms0.S:
	@mkdir -p $(BUILD)
	tools/kallsyms.sh < /dev/null > $@

$(BUILD)/%-pass1.elf: $(KOBJS) $(BUILD)/%-services.o $(BUILD)/kallsyms0.o linker.ld
	@echo "  LD      $@"
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/$*-services.o $(BUILD)/kallsyms0.o

$(BUILD)/%-kallsyms.S: $(BUILD)/%-pass1.elf tools/kallsyms.sh
	@$(NM) -n --defined-only $< | tools/kallsyms.sh > $@

$(BUILD)/%.o: $(BUILD)/%.S
	@$(CC) $(KASFLAGS) -c $< -o $@

$(BUILD)/%-debug.elf: $(BUILD)/%-pass1.elf $(BUILD)/%-kallsyms.o tools/check-image.sh
	@echo "  LD      $@"
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/$*-services.o $(BUILD)/$*-kallsyms.o
	@tools/check-image.sh symbols $(BUILD)/$*-pass1.elf $@

$(BUILD)/skiff.elf $(BUILD)/skiff-test.elf: $(BUILD)/%.elf: $(BUILD)/%-debug.elf tools/check-image.sh
	@$(OBJCOPY) --strip-all $< $@
	@tools/check-image.sh layout $@

# The same image with its multiboot1 header armed (arch/x86/boot/multiboot.S).
$(MB1_ELF): $(ELF) tools/mkimage-mb1.sh
	@tools/mkimage-mb1.sh $< $@
	@tools/check-image.sh layout $@

iso: $(ISO)
# RULES=FILE: an nftables ruleset every entry hands over as a boot module.
$(ISO): $(ELF) iso/grub.cfg iso/router.nft tools/mkiso.sh $(RULES)
	tools/mkiso.sh $(ELF) iso/grub.cfg $@ 0 $(RULES)

run: $(ELF) deps
	tools/run.sh --kernel $(ELF) --machine $(MACHINE) --accel $(ACCEL) --nic $(NIC) \
		--net $(NET) --mem $(MEM) --append "$(CMDLINE)"

debug: $(ELF) $(BUILD)/skiff-debug.elf deps
	tools/run.sh --kernel $(ELF) --machine $(MACHINE) --accel $(ACCEL) --nic $(NIC) \
		--net $(NET) --mem $(MEM) --append "$(CMDLINE)" --gdb

deps:
	@tools/deps.sh

bench: deps $(ELF)
	@tools/bench.sh

# Skiff under iperf3, ab, a UDP flood and ping at once for MINUTES, then its pools checked.
MINUTES ?= 10
soak: deps $(ELF)
	@tools/soak.sh $(MINUTES)


test: deps $(ELF) $(MB1_ELF) $(TEST_ELF) $(ISO)
	@tests/run.sh

clean:
	rm -rf $(BUILD)


include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
# Objects are named as targets here, so make neither deletes them as
# intermediates nor overlooks them when they are missing (a blanket
# .SECONDARY does the latter); they follow the Makefile, whose flags they
# carry. The other steps' products are kept for the next build and gdb.
SERVICE_OBJS := $(patsubst %,$(BUILD)/u/%.o,$(wildcard services/*.c services/*/*.c tests/programs/*.c))
# Every object follows the headers it included too (-MMD -MP).
-include $(KOBJS:.o=.d) $(ULIBC_OBJS:.o=.d) $(SERVICE_OBJS:.o=.d)
$(KOBJS) $(ULIBC_OBJS) $(SERVICE_OBJS): Makefile
.PRECIOUS: $(BUILD)/%-debug.elf $(BUILD)/%-pass1.elf $(BUILD)/%-kallsyms.S \
	$(BUILD)/%-kallsyms.o $(BUILD)/%-services.S $(BUILD)/%-services.o \
	$(BUILD)/kallsyms0.o $(BUILD)/u/svc-debug/%.elf
