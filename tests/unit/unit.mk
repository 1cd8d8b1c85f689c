# tests/unit/unit.mk - host unit tests of libc/ under ASan and UBSan.
#
# Included from the top-level Makefile, or standalone from the tree root:
#	make -f tests/unit/unit.mk unit-libc
# Each tests/unit/test_*.c in LIBC_UNIT_TESTS is its own program, linked
# with unit_main.c and libc built for the host; see libc_rename.h for how
# libc and glibc share one program. Everything builds under $(BUILD)/unit/.
#
# Tests of other directories (net/) can reuse UNIT_CFLAGS, UNIT_LDFLAGS,
# UNIT_MAIN_OBJ (the runner) and run.sh, with a test list of their own.

HOSTCC ?= gcc
BUILD ?= build

UNIT_DIR := tests/unit
UNIT_OUT := $(BUILD)/unit

UNIT_CFLAGS ?= -std=gnu11 -Wall -Wextra -Werror -g -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
UNIT_LDFLAGS ?= -fsanitize=address,undefined

UNIT_GCC_INCLUDE := $(shell $(HOSTCC) -print-file-name=include)

# libc for the host: freestanding as in the kernel, its own headers only
# (plus gcc's stddef.h and friends), its symbols renamed to skiff_*, and
# no builtins so every call reaches the code under test.
UNIT_LIBC_CFLAGS := $(UNIT_CFLAGS) -DLIBC_HOST_TEST -ffreestanding \
	-fno-builtin -nostdinc -isystem $(UNIT_GCC_INCLUDE) -Ilibc/include \
	-include $(UNIT_DIR)/libc_rename.h
# libc tests: glibc's headers, and the skiff_* prototypes beside them.
UNIT_LIBC_TEST_CFLAGS := $(UNIT_CFLAGS) -fno-builtin -I$(UNIT_DIR) \
	-include $(UNIT_DIR)/libc_rename.h
# The runner always uses the host libc, never the renamed one.
UNIT_MAIN_CFLAGS := $(UNIT_CFLAGS) -I$(UNIT_DIR)

UNIT_LIBC_SRCS := libc/string.c libc/ctype.c libc/stdlib.c libc/errno.c \
	libc/vsnprintf.c libc/user/inet.c libc/user/strftime.c \
	libc/user/malloc.c
LIBC_UNIT_TESTS := test_string test_snprintf test_stdlib test_ctype \
	test_arpa_inet test_strftime test_malloc

UNIT_LIBC_OBJS := $(UNIT_LIBC_SRCS:%.c=$(UNIT_OUT)/%.o)
UNIT_LIBC_LIB := $(UNIT_OUT)/libc-host.a
UNIT_MAIN_OBJ := $(UNIT_OUT)/unit_main.o
LIBC_UNIT_BINS := $(LIBC_UNIT_TESTS:%=$(UNIT_OUT)/%)

# Keep the including Makefile's default goal: this file adds targets only.
UNIT_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

# The services' pure parts (message parsers), host-compiled with glibc.
SERVICE_UNIT_BINS := $(UNIT_OUT)/test_dhcp $(UNIT_OUT)/test_http_parse \
	$(UNIT_OUT)/test_iperf3_json

.PHONY: unit-libc
unit-libc: $(LIBC_UNIT_BINS) $(SERVICE_UNIT_BINS)
	@sh $(UNIT_DIR)/run.sh $(LIBC_UNIT_BINS) $(SERVICE_UNIT_BINS)

$(UNIT_LIBC_OBJS): $(UNIT_OUT)/libc/%.o: libc/%.c $(UNIT_DIR)/libc_rename.h
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_LIBC_CFLAGS) -MMD -MP -c $< -o $@

$(UNIT_LIBC_LIB): $(UNIT_LIBC_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(UNIT_MAIN_OBJ): $(UNIT_DIR)/unit_main.c $(UNIT_DIR)/unit.h
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_MAIN_CFLAGS) -MMD -MP -c $< -o $@

# Static pattern rules, so that tests added later with other flags can
# have rules of their own.
$(LIBC_UNIT_BINS:%=%.o): $(UNIT_OUT)/%.o: $(UNIT_DIR)/%.c \
		$(UNIT_DIR)/libc_rename.h
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_LIBC_TEST_CFLAGS) -MMD -MP -c $< -o $@

$(LIBC_UNIT_BINS): $(UNIT_OUT)/%: $(UNIT_OUT)/%.o $(UNIT_MAIN_OBJ) \
		$(UNIT_LIBC_LIB)
	$(HOSTCC) $(UNIT_LDFLAGS) $^ -o $@

$(UNIT_OUT)/test_dhcp: $(UNIT_DIR)/test_dhcp.c services/dhcpc/dhcp_msg.c \
		services/dhcpc/dhcp_msg.h $(UNIT_MAIN_OBJ)
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -I$(UNIT_DIR) -Iservices/dhcpc \
		$(UNIT_DIR)/test_dhcp.c services/dhcpc/dhcp_msg.c \
		$(UNIT_MAIN_OBJ) $(UNIT_LDFLAGS) -o $@

$(UNIT_OUT)/test_http_parse: $(UNIT_DIR)/test_http_parse.c \
		services/httpd/parse.c services/httpd/parse.h $(UNIT_MAIN_OBJ)
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -I$(UNIT_DIR) -Iservices/httpd \
		$(UNIT_DIR)/test_http_parse.c services/httpd/parse.c \
		$(UNIT_MAIN_OBJ) $(UNIT_LDFLAGS) -o $@

$(UNIT_OUT)/test_iperf3_json: $(UNIT_DIR)/test_iperf3_json.c \
		services/iperf3/json.c services/iperf3/json.h $(UNIT_MAIN_OBJ)
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -I$(UNIT_DIR) -Iservices/iperf3 \
		$(UNIT_DIR)/test_iperf3_json.c services/iperf3/json.c \
		$(UNIT_MAIN_OBJ) $(UNIT_LDFLAGS) -o $@

-include $(wildcard $(UNIT_OUT)/*.d $(UNIT_OUT)/libc/*.d $(UNIT_OUT)/libc/user/*.d)

.DEFAULT_GOAL := $(UNIT_SAVED_DEFAULT_GOAL)
