# tests/unit/unit.mk - every host unit test, built by one rule, under ASan and UBSan.
#
# Included from the top-level Makefile, or standalone from the tree root:
#	make -f tests/unit/unit.mk unit			(all of them)
#	make -f tests/unit/unit.mk unit UNIT=test_arp	(one, or a few)
# Every tests/unit/test_*.c is a program, linked with unit_main.c (the
# runner) and with what its "links:" line names, right after its purpose
# comment:
#	/* links: libc */		libc built for the host, symbols renamed
#					to skiff_* beside glibc's (libc_rename.h)
#	/* links: net */		all of net/ with the kernel pieces the
#					stack uses, against the shim in
#					tests/unit/shim (the kernel services)
#	/* links: path/a.c path/b.c */	just those files (services' parsers,
#					the kernel's pure parts) against the
#					host's libc, with libc/include searched
#					last (for <skiff/*.h>)
# A test without that line belongs to no run: `make unit` (and so `make
# test`) stops and names it. A full run also checks that every drop reason
# net/ uses was provoked by some test (check_drop_reasons.sh). Everything
# builds under $(BUILD)/unit/.

HOSTCC ?= gcc
BUILD ?= build

UNIT_DIR := tests/unit
UNIT_OUT := $(BUILD)/unit
UNIT_SRCS ?= $(sort $(wildcard $(UNIT_DIR)/test_*.c))
UNIT_ALL := $(notdir $(basename $(UNIT_SRCS)))
UNIT ?= $(UNIT_ALL)
UNIT_BINS := $(UNIT:%=$(UNIT_OUT)/%)

UNIT_CFLAGS ?= -std=gnu11 -Wall -Wextra -Werror -g -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
UNIT_LDFLAGS ?= -fsanitize=address,undefined
UNIT_GCC_INCLUDE := $(shell $(HOSTCC) -print-file-name=include)

# What a test links, from its "links:" line; empty if it has none.
unit_links = $(shell sed -n 's|^/\* links: \(.*\) \*/$$|\1|p' $(filter %/$(1).c,$(UNIT_SRCS)) | head -n 1)
$(foreach t,$(UNIT_ALL),$(eval UNIT_LINKS_$(t) := $(call unit_links,$(t))))
UNIT_ORPHANS := $(foreach t,$(UNIT_ALL),$(if $(UNIT_LINKS_$(t)),,$(filter %/$(t).c,$(UNIT_SRCS))))

# libc for the host: freestanding as in the kernel, its own headers only
# (plus gcc's stddef.h and friends), its symbols renamed to skiff_*, and
# no builtins so every call reaches the code under test.
UNIT_LIBC_SRCS := libc/string.c libc/ctype.c libc/stdlib.c libc/errno.c \
	libc/vsnprintf.c libc/inet_pton.c libc/user/inet.c libc/user/strftime.c libc/user/malloc.c \
	libc/user/sscanf.c arch/x86/lib/memcpy_64.S arch/x86/lib/string_64.c
UNIT_LIBC_CFLAGS := $(UNIT_CFLAGS) -DLIBC_HOST_TEST -ffreestanding \
	-fno-builtin -nostdinc -isystem $(UNIT_GCC_INCLUDE) -Ilibc/include \
	-include $(UNIT_DIR)/libc_rename.h
UNIT_LIBC_LIB := $(UNIT_OUT)/libc-host.a

# net/ for the host. The shim first, so its asm/ headers replace the
# kernel's; -D__KERNEL__ gives the kernel's view of the ABI headers. The
# file, poll and epoll layers and wait queues come along for the sockets;
# siphash is the stack's keyed hash (ISNs, ports, IP IDs); libc's tc and
# libnetlink turn the command line's netem options into rtnetlink requests
# and qdisc dumps into /proc/net/qdisc's text, in the kernel as here;
# procfs renders the /proc files the protocols register, for the tests
# that read them.
UNIT_NET_KERNEL_SRCS := kernel/lib/siphash.c kernel/lib/seq_buf.c kernel/sched/wait.c kernel/fs/file.c \
	kernel/fs/procfs.c kernel/lib/iov_iter.c kernel/fs/select.c kernel/fs/eventpoll.c \
	kernel/lib/refcount.c kernel/lib/kstrtox.c libc/tc.c libc/tc_netem.c libc/libnetlink.c libc/nft.c
UNIT_NET_SRCS := $(sort $(wildcard net/*.c net/*/*.c)) $(UNIT_NET_KERNEL_SRCS) \
	$(wildcard $(UNIT_DIR)/shim/*.c $(UNIT_DIR)/shim/nettest/*.c) \
	$(UNIT_DIR)/tcp_script.c
UNIT_NET_CFLAGS := $(UNIT_CFLAGS) -Wno-unused-parameter -I$(UNIT_DIR)/shim \
	-Iinclude -I$(UNIT_DIR) -DSKIFF_HOST -D__KERNEL__
UNIT_NET_LIB := $(UNIT_OUT)/libnet-host.a

UNIT_MAIN_OBJ := $(UNIT_OUT)/unit_main.o

# Per test: its flags, and what it links besides the runner.
unit_kind = $(if $(filter libc,$(UNIT_LINKS_$(1))),libc,$(if $(filter net,$(UNIT_LINKS_$(1))),net,files))
unit_files = $(filter-out libc net,$(UNIT_LINKS_$(1)))
unit_cflags_libc = $(UNIT_CFLAGS) -fno-builtin -I$(UNIT_DIR) -include $(UNIT_DIR)/libc_rename.h
unit_cflags_net = $(UNIT_NET_CFLAGS)
unit_cflags_files = $(UNIT_CFLAGS) -Iinclude -I$(UNIT_DIR) $(addprefix -I,$(sort $(dir $(call unit_files,$(1))))) -idirafter libc/include
unit_lib_libc = $(UNIT_LIBC_LIB)
unit_lib_net = $(UNIT_NET_LIB)
unit_lib_files =
unit_cflags = $(call unit_cflags_$(call unit_kind,$(1)),$(1))
unit_lib = $(unit_lib_$(call unit_kind,$(1)))

UNIT_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

# Each net test program logs the drop reasons it provoked; after a run of
# all of them, check_drop_reasons.sh finds any reason net/ uses that none
# provoked.
UNIT_DROP_LOG := $(UNIT_OUT)/drop_reasons.log
UNIT_DROP_CHECK := $(if $(filter-out $(UNIT),$(UNIT_ALL)),,sh $(UNIT_DIR)/check_drop_reasons.sh $(UNIT_DROP_LOG) || status=1;)

.PHONY: unit unit-check
unit: unit-check $(UNIT_BINS)
	@rm -f $(UNIT_DROP_LOG); \
		SKIFF_DROP_LOG=$(abspath $(UNIT_DROP_LOG)) sh $(UNIT_DIR)/run.sh $(UNIT_BINS) >$(UNIT_OUT)/run.log; status=$$?; \
		grep -E '^(not ok|== |.*: exit status)' $(UNIT_OUT)/run.log | grep -B1 -E '^(not ok|.*exit status)'; \
		tail -n 1 $(UNIT_OUT)/run.log; $(UNIT_DROP_CHECK) exit $$status

# Every test file must belong to a run (the issue of a test that silently never builds).
unit-check:
	@if [ -n "$(strip $(UNIT_ORPHANS))" ]; then \
		for f in $(UNIT_ORPHANS); do \
			echo "$$f: no \"/* links: ... */\" line, so no run builds it (see tests/unit/unit.mk)"; \
		done; \
		echo "unit-check: 0 passed, 1 failed"; exit 1; \
	fi

# The one rule: every test program.
.SECONDEXPANSION:
$(UNIT_OUT)/test_%: $(UNIT_DIR)/test_%.c $(UNIT_MAIN_OBJ) \
		$$(call unit_lib,test_$$*) $$(call unit_files,test_$$*)
	@mkdir -p $(@D)
	$(HOSTCC) $(call unit_cflags,test_$*) -MMD -MP -MF $@.d $< \
		$(call unit_files,test_$*) $(UNIT_MAIN_OBJ) $(call unit_lib,test_$*) \
		$(UNIT_LDFLAGS) -o $@

$(UNIT_MAIN_OBJ): $(UNIT_DIR)/unit_main.c $(UNIT_DIR)/unit.h
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -I$(UNIT_DIR) -MMD -MP -c $< -o $@

UNIT_LIBC_OBJS := $(patsubst %,$(UNIT_OUT)/libc-obj/%.o,$(basename $(UNIT_LIBC_SRCS)))
$(UNIT_OUT)/libc-obj/%.o: %.c $(UNIT_DIR)/libc_rename.h
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_LIBC_CFLAGS) -MMD -MP -c $< -o $@
$(UNIT_OUT)/libc-obj/%.o: %.S $(UNIT_DIR)/libc_rename.h
	@mkdir -p $(@D)
	$(HOSTCC) -DLIBC_HOST_TEST -D__ASSEMBLY__ -include $(UNIT_DIR)/libc_rename.h -c $< -o $@
$(UNIT_LIBC_LIB): $(UNIT_LIBC_OBJS)
	@rm -f $@
	ar rcs $@ $^

UNIT_NET_OBJS := $(UNIT_NET_SRCS:%.c=$(UNIT_OUT)/net-obj/%.o)
$(UNIT_NET_OBJS): $(UNIT_OUT)/net-obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_NET_CFLAGS) -MMD -MP -c $< -o $@
$(UNIT_NET_LIB): $(UNIT_NET_OBJS)
	@rm -f $@
	ar rcs $@ $^

-include $(shell find $(UNIT_OUT) -name '*.d' 2>/dev/null)

.DEFAULT_GOAL := $(UNIT_SAVED_DEFAULT_GOAL)
