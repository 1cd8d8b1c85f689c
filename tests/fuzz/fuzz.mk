# tests/fuzz/fuzz.mk - libFuzzer targets over every parser of network or user input.
#
# Included from the top-level Makefile, or standalone from the tree root:
#	make fuzz-smoke			every target FUZZ_SMOKE_SECONDS (default 20), as `make test`
#	make fuzz FUZZ_SECONDS=N	every target N seconds (default 300), `nproc` at a time
#	make fuzz FUZZ=http		one target (or a few: FUZZ="http dhcp")
#	make fuzz-seeds			rewrite the seed corpora from the tests' own inputs
#	make fuzz-syscalls MINUTES=N	the system call fuzzer in Skiff (default 10 minutes;
#					`make test` runs it for one: tests/integration/test_syzfuzz.sh)
# Each tests/fuzz/fuzz_NAME.c is a target, built with Debian's clang under
# ASan and UBSan and linked with what its "links:" line names, right after
# its purpose comment (as the unit tests, tests/unit/unit.mk):
#	net		all of net/ with the kernel pieces the stack uses, against
#			the unit tests' shim (tests/unit/shim)
#	services/...c	a service's parser (or a pure one of net/ or libc/), built
#			with the system headers, then Skiff's (-idirafter libc/include)
#	kernel/...c	a kernel file, built as in the kernel: Skiff's own headers
#			and libc, which is linked too (renamed skiff_* beside
#			glibc, tests/unit/libc_rename.h)
#	path/f.ld	a linker script fragment (INSERT); unused sections are dropped
# A target's seeds are tests/fuzz/corpus/NAME/ (also its dictionary
# tests/fuzz/NAME.dict, if there is one); tests/fuzz/run.sh runs them and
# keeps any crash in tests/fuzz/regressions/NAME/, which every later run,
# `make test`'s too, replays first. Builds and working corpora go to $(BUILD)/fuzz/.

FUZZ_CC ?= clang
BUILD ?= build
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 20
MINUTES ?= 10

FUZZ_DIR := tests/fuzz
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CFLAGS ?= -g -O1 -std=gnu11 -Wall -Wextra -Werror \
	-Wno-unused-parameter -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -ffunction-sections -fdata-sections
FUZZ_OBJ_CFLAGS := $(subst -fsanitize=fuzzer,-fsanitize=fuzzer-no-link,$(FUZZ_CFLAGS))
FUZZ_INC := -Itests/unit/shim -Iinclude -DSKIFF_HOST -D__KERNEL__

FUZZ_NET_SRCS := $(sort $(wildcard net/*.c net/*/*.c)) kernel/lib/siphash.c kernel/lib/seq_buf.c \
	kernel/sched/wait.c kernel/fs/file.c kernel/lib/iov_iter.c kernel/fs/select.c \
	kernel/fs/eventpoll.c kernel/lib/refcount.c kernel/lib/kstrtox.c tests/unit/shim/shim.c \
	tests/unit/shim/sched.c tests/unit/shim/uaccess.c tests/unit/shim/nettest/skb_layout.c \
	tests/unit/shim/nettest/napi_rx.c tests/unit/shim/nettest/pools.c \
	libc/tc.c libc/tc_netem.c libc/libnetlink.c
FUZZ_LIBC_SRCS := libc/string.c libc/ctype.c libc/stdlib.c libc/errno.c libc/vsnprintf.c \
	arch/x86/lib/memcpy_64.S arch/x86/lib/string_64.c
FUZZ_LIBC_CFLAGS := $(FUZZ_OBJ_CFLAGS) -DLIBC_HOST_TEST -D__KERNEL__ -ffreestanding -fno-builtin \
	-nostdinc -isystem $(shell $(FUZZ_CC) -print-file-name=include) -Iinclude -Ilibc/include \
	-include tests/unit/libc_rename.h

FUZZ_ALL := $(patsubst $(FUZZ_DIR)/fuzz_%.c,%,$(sort $(wildcard $(FUZZ_DIR)/fuzz_*.c)))
FUZZ ?= $(FUZZ_ALL)
FUZZ_BINS := $(FUZZ:%=$(FUZZ_OUT)/fuzz_%)

FUZZ_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-seeds fuzz-syscalls

fuzz-build: $(FUZZ_BINS)

# What a target links, from its "links:" line, and what that means for its build.
fuzz_links = $(shell sed -n 's|^/\* links: \(.*\) \*/$$|\1|p' $(FUZZ_DIR)/fuzz_$(1).c | head -n 1)
$(foreach t,$(FUZZ_ALL),$(eval FUZZ_LINKS_$(t) := $(call fuzz_links,$(t))))
fuzz_kfiles = $(filter kernel/%.c,$(FUZZ_LINKS_$(1)))
fuzz_hfiles = $(filter-out kernel/%,$(filter %.c,$(FUZZ_LINKS_$(1))))
fuzz_objs = $(patsubst %.c,$(FUZZ_OUT)/hobj/%.o,$(call fuzz_hfiles,$(1))) \
	$(patsubst %.c,$(FUZZ_OUT)/kobj/%.o,$(call fuzz_kfiles,$(1))) \
	$(if $(call fuzz_kfiles,$(1)),$(FUZZ_LIBC_LIB)) \
	$(if $(filter net,$(FUZZ_LINKS_$(1))),$(FUZZ_NET_LIB))
comma := ,
fuzz_ldflags = $(if $(filter %.ld,$(FUZZ_LINKS_$(1))),$(addprefix -Wl$(comma)-T$(comma),$(filter \
	%.ld,$(FUZZ_LINKS_$(1)))) -Wl$(comma)--gc-sections -Wl$(comma)-z$(comma)start-stop-gc)
fuzz_incs = $(if $(filter net,$(FUZZ_LINKS_$(1))),$(FUZZ_INC),-Iinclude -idirafter libc/include) \
	$(addprefix -I,$(sort $(dir $(call fuzz_hfiles,$(1)) $(call fuzz_kfiles,$(1)))))
FUZZ_HOBJS := $(sort $(foreach t,$(FUZZ_ALL),$(patsubst %.c,$(FUZZ_OUT)/hobj/%.o,$(call fuzz_hfiles,$(t)))))

# The stack goes in as an archive, as for the unit tests: only what a
# target reaches is linked, not kernel-only parts (ipconfig, the self-tests).
FUZZ_NET_OBJS := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_NET_SRCS))
FUZZ_NET_LIB := $(FUZZ_OUT)/libnet-fuzz.a
FUZZ_LIBC_OBJS := $(patsubst %,$(FUZZ_OUT)/libc-obj/%.o,$(basename $(FUZZ_LIBC_SRCS)))
FUZZ_LIBC_LIB := $(FUZZ_OUT)/libc-fuzz.a

# Entries of linker-gathered tables (CMDLINE_PARAM, SELFTEST) must stay a
# packed array as in the kernel: kernel files, and the net/ files that
# register such entries, get no ASan redzones between globals (as in a
# kernel ASan build, which never instruments such sections). Heap and
# stack checks stay on.
FUZZ_PACKED := -mllvm -asan-globals=0
paren := (
FUZZ_NET_TABLE_OBJS := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(shell grep -l 'CMDLINE_PARAM$(paren)' $(FUZZ_NET_SRCS)))
$(FUZZ_NET_TABLE_OBJS): FUZZ_GLOBALS := $(FUZZ_PACKED)

$(FUZZ_NET_OBJS): $(FUZZ_OUT)/obj/%.o: %.c $(wildcard include/net/*.h include/net/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_OBJ_CFLAGS) $(FUZZ_GLOBALS) $(FUZZ_INC) -c $< -o $@

$(FUZZ_NET_LIB): $(FUZZ_NET_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_OUT)/libc-obj/%.o: %.c tests/unit/libc_rename.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_LIBC_CFLAGS) -c $< -o $@

$(FUZZ_OUT)/libc-obj/%.o: %.S tests/unit/libc_rename.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -DLIBC_HOST_TEST -D__ASSEMBLY__ -include tests/unit/libc_rename.h -c $< -o $@

$(FUZZ_LIBC_LIB): $(FUZZ_LIBC_OBJS)
	@rm -f $@
	ar rcs $@ $^

# A target's own files: a service's, or a pure parser of net/ or libc/
# (system headers, then Skiff's for what only Skiff has: <linux/filter.h>,
# <skiff/capture.h>, as for the unit tests), or the kernel's (Skiff's libc).
$(FUZZ_HOBJS): $(FUZZ_OUT)/hobj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_OBJ_CFLAGS) -Iinclude -I$(dir $<) -idirafter libc/include -MMD -MP -c $< -o $@

# Skiff's memcpy and memset are assembly (arch/x86/lib/memcpy_64.S), which
# ASan cannot see into: a kernel file's own calls go to the compiler's
# instead, which ASan checks.
FUZZ_KCHECKED := -Dskiff_memcpy=__builtin_memcpy -Dskiff_memset=__builtin_memset

$(FUZZ_OUT)/kobj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_LIBC_CFLAGS) $(FUZZ_PACKED) $(FUZZ_KCHECKED) -I$(dir $<) -MMD -MP -c $< -o $@

.SECONDEXPANSION:
$(FUZZ_OUT)/fuzz_%: $(FUZZ_DIR)/fuzz_%.c $$(call fuzz_objs,$$*) $$(filter %.ld,$$(FUZZ_LINKS_$$*))
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(call fuzz_incs,$*) -MMD -MP -MF $@.d $< \
		$(call fuzz_objs,$*) $(call fuzz_ldflags,$*) -o $@

fuzz: $(FUZZ_BINS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

fuzz-smoke: $(FUZZ_BINS)
	@tests/fuzz/run.sh $(FUZZ_SMOKE_SECONDS) $(FUZZ_BINS)

fuzz-seeds:
	@tests/fuzz/seeds.sh

fuzz-syscalls: $(BUILD)/skiff-test.elf
	@tests/integration/test_syzfuzz.sh $(MINUTES)

-include $(shell find $(FUZZ_OUT) -name '*.d' 2>/dev/null)

.DEFAULT_GOAL := $(FUZZ_SAVED_DEFAULT_GOAL)
