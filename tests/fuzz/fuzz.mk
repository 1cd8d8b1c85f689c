# tests/fuzz/fuzz.mk - libFuzzer targets over the host build of net/ (and
# of the kernel's pure parsers a target names below).
#
# Included from the top-level Makefile, or standalone from the tree root:
#	make -f tests/fuzz/fuzz.mk fuzz-smoke	(FUZZ_SMOKE_SECONDS each, default 20)
#	make -f tests/fuzz/fuzz.mk fuzz		(FUZZ_SECONDS each, default 300)
# Each tests/fuzz/fuzz_*.c is a target, built with Debian's clang and
# seeded from tests/fuzz/corpus/; the working corpus and any crash
# reproducers go to $(BUILD)/fuzz/, never into the tree. A target links
# the host build of net/, or, when a "/* links: a.c b.c */" line follows
# its purpose comment (as in a unit test), just those files against the
# host's libc (the services' parsers).

FUZZ_CC ?= clang
BUILD ?= build
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 20

FUZZ_DIR := tests/fuzz
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CFLAGS ?= -g -O1 -std=gnu11 -Wall -Wextra -Werror \
	-Wno-unused-parameter -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_INC := -Itests/unit/shim -Iinclude -DSKIFF_HOST -D__KERNEL__

FUZZ_NET_SRCS := $(sort $(wildcard net/*.c net/*/*.c)) kernel/lib/siphash.c kernel/lib/seq_buf.c \
	kernel/sched/wait.c kernel/fs/file.c kernel/lib/iov_iter.c kernel/fs/select.c \
	kernel/fs/eventpoll.c kernel/lib/refcount.c tests/unit/shim/shim.c tests/unit/shim/sched.c \
	tests/unit/shim/uaccess.c tests/unit/shim/nettest/skb_layout.c \
	tests/unit/shim/nettest/napi_rx.c \
	libc/tc.c libc/tc_netem.c libc/libnetlink.c
FUZZ_TARGETS := $(notdir $(basename $(wildcard $(FUZZ_DIR)/fuzz_*.c)))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_OUT)/%)
fuzz_links = $(shell sed -n 's|^/\* links: \(.*\) \*/$$|\1|p' $(FUZZ_DIR)/$(1).c | head -n 1)
$(foreach t,$(FUZZ_TARGETS),$(eval FUZZ_LINKS_$(t) := $(call fuzz_links,$(t))))
FUZZ_FILE_TARGETS := $(foreach t,$(FUZZ_TARGETS),$(if $(FUZZ_LINKS_$(t)),$(t)))
FUZZ_NET_TARGETS := $(filter-out $(FUZZ_FILE_TARGETS),$(FUZZ_TARGETS))

FUZZ_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

.PHONY: fuzz fuzz-smoke fuzz-build

fuzz-build: $(FUZZ_BINS)

# The stack goes in as an archive, as for the unit tests: only what the
# receive path reaches is linked, not kernel-only parts (ipconfig, the self-tests).
FUZZ_NET_OBJS := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(FUZZ_NET_SRCS))
FUZZ_NET_LIB := $(FUZZ_OUT)/libnet-fuzz.a

$(FUZZ_OUT)/obj/%.o: %.c $(wildcard include/net/*.h include/net/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INC) -c $< -o $@

$(FUZZ_NET_LIB): $(FUZZ_NET_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_NET_TARGETS:%=$(FUZZ_OUT)/%): $(FUZZ_OUT)/%: $(FUZZ_DIR)/%.c $(FUZZ_NET_LIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INC) $(filter %.c,$^) $(FUZZ_NET_LIB) -o $@

# The DSDT scans (kernel/acpi/aml.c), pure C on the host.
$(FUZZ_OUT)/fuzz_aml: kernel/acpi/aml.c kernel/acpi/aml.h
$(FUZZ_OUT)/fuzz_aml: FUZZ_INC += -Ikernel/acpi

$(foreach t,$(FUZZ_FILE_TARGETS),$(eval $(FUZZ_OUT)/$(t): $(FUZZ_DIR)/$(t).c $(FUZZ_LINKS_$(t))))
$(FUZZ_FILE_TARGETS:%=$(FUZZ_OUT)/%): $(FUZZ_OUT)/%: $(FUZZ_DIR)/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(addprefix -I,$(sort $(dir $(FUZZ_LINKS_$*)))) \
		-idirafter libc/include $< $(FUZZ_LINKS_$*) -o $@

# Run each target for $(1) seconds; one "test" per target.
define fuzz_run
	@passed=0; failed=0; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus-$$t $(FUZZ_OUT)/artifacts-$$t; \
		echo "== $$t ($(1) s)"; \
		if $(FUZZ_OUT)/$$t -max_total_time=$(1) -max_len=4096 \
			-print_final_stats=1 \
			-artifact_prefix=$(FUZZ_OUT)/artifacts-$$t/ \
			$(FUZZ_OUT)/corpus-$$t $(FUZZ_DIR)/corpus \
			>$(FUZZ_OUT)/$$t.log 2>&1; then \
			passed=$$((passed + 1)); \
			grep -E '^(stat::number_of_executed_units|#[0-9]+.*DONE)' \
				$(FUZZ_OUT)/$$t.log | tail -n 2; \
		else \
			failed=$$((failed + 1)); \
			tail -n 40 $(FUZZ_OUT)/$$t.log; \
		fi; \
	done; \
	echo "fuzz: $$passed passed, $$failed failed"; \
	[ $$failed -eq 0 ]
endef

fuzz: $(FUZZ_BINS)
	$(call fuzz_run,$(FUZZ_SECONDS))

fuzz-smoke: $(FUZZ_BINS)
	$(call fuzz_run,$(FUZZ_SMOKE_SECONDS))

.DEFAULT_GOAL := $(FUZZ_SAVED_DEFAULT_GOAL)
