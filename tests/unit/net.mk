# tests/unit/net.mk - host unit tests of net/ under ASan and UBSan.
#
# Included from the top-level Makefile, or standalone from the tree root:
#	make -f tests/unit/net.mk unit-net
# Each tests/unit/test_{net,skb,arp,route,ip,icmp,csum,inet,udp,sock,epoll}*.c is its own
# program, linked with every net/**/*.c compiled for the host against the
# shim in tests/unit/shim (which stands in for the kernel services) and the
# net test helpers in tests/unit/shim/nettest. Output in $(BUILD)/unit/net/.

HOSTCC ?= gcc
BUILD ?= build

NET_UNIT_DIR := tests/unit
NET_UNIT_OUT := $(BUILD)/unit/net

NET_UNIT_CFLAGS ?= -std=gnu11 -Wall -Wextra -Werror -g -O1 \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
NET_UNIT_LDFLAGS ?= -fsanitize=address,undefined
# The shim first, so its asm/ headers replace the kernel's.
NET_UNIT_INC := -I$(NET_UNIT_DIR)/shim -Iinclude -I$(NET_UNIT_DIR)
# -D__KERNEL__: the kernel's view of the ABI headers (no user prototypes).
NET_UNIT_ALL_CFLAGS := $(NET_UNIT_CFLAGS) -Wno-unused-parameter $(NET_UNIT_INC) \
	-DSKIFF_HOST -D__KERNEL__

# kernel/siphash.c is shared: pure C, used by the stack for ISNs, ports, IP IDs.
# The file, poll and epoll layers and wait queues come along for the sockets.
NET_KERNEL_SRCS := kernel/siphash.c kernel/wait.c kernel/file.c \
	kernel/iov_iter.c kernel/select.c kernel/eventpoll.c
NET_SRCS := $(sort $(wildcard net/*.c net/*/*.c)) $(NET_KERNEL_SRCS)
NET_SHIM_SRCS := $(wildcard $(NET_UNIT_DIR)/shim/*.c) \
	$(wildcard $(NET_UNIT_DIR)/shim/nettest/*.c) $(NET_UNIT_DIR)/tcp_script.c
# (test_arpa_inet.c is libc's, tests/unit/unit.mk, despite matching test_arp*.)
NET_UNIT_TESTS := $(filter-out test_arpa% test_iperf3%,$(sort $(notdir $(basename $(wildcard \
	$(NET_UNIT_DIR)/test_net*.c $(NET_UNIT_DIR)/test_skb*.c \
	$(NET_UNIT_DIR)/test_arp*.c $(NET_UNIT_DIR)/test_route*.c \
	$(NET_UNIT_DIR)/test_ip*.c $(NET_UNIT_DIR)/test_icmp*.c \
	$(NET_UNIT_DIR)/test_csum*.c $(NET_UNIT_DIR)/test_inet*.c \
	$(NET_UNIT_DIR)/test_udp*.c $(NET_UNIT_DIR)/test_sock*.c \
	$(NET_UNIT_DIR)/test_epoll*.c $(NET_UNIT_DIR)/test_tcp*.c)))))

NET_UNIT_LIB_OBJS := $(patsubst %.c,$(NET_UNIT_OUT)/%.o,$(NET_SRCS) $(NET_SHIM_SRCS))
NET_UNIT_LIB := $(NET_UNIT_OUT)/libnet-host.a
NET_UNIT_MAIN := $(NET_UNIT_OUT)/unit_main.o
NET_UNIT_BINS := $(NET_UNIT_TESTS:%=$(NET_UNIT_OUT)/%)

NET_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

.PHONY: unit-net
unit-net: $(NET_UNIT_BINS)
	@sh $(NET_UNIT_DIR)/run.sh $(NET_UNIT_BINS) >$(NET_UNIT_OUT)/run.log; \
		status=$$?; sed 's/^unit: /unit-net: /' $(NET_UNIT_OUT)/run.log; \
		exit $$status

$(NET_UNIT_LIB_OBJS): $(NET_UNIT_OUT)/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(NET_UNIT_ALL_CFLAGS) -MMD -MP -c $< -o $@

$(NET_UNIT_LIB): $(NET_UNIT_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(NET_UNIT_MAIN): $(NET_UNIT_DIR)/unit_main.c $(NET_UNIT_DIR)/unit.h
	@mkdir -p $(@D)
	$(HOSTCC) $(NET_UNIT_CFLAGS) -I$(NET_UNIT_DIR) -MMD -MP -c $< -o $@

$(NET_UNIT_BINS:%=%.o): $(NET_UNIT_OUT)/%.o: $(NET_UNIT_DIR)/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(NET_UNIT_ALL_CFLAGS) -MMD -MP -c $< -o $@

$(NET_UNIT_BINS): $(NET_UNIT_OUT)/%: $(NET_UNIT_OUT)/%.o $(NET_UNIT_MAIN) \
		$(NET_UNIT_LIB)
	$(HOSTCC) $(NET_UNIT_LDFLAGS) $^ -o $@

-include $(shell find $(NET_UNIT_OUT) -name '*.d' 2>/dev/null)

.DEFAULT_GOAL := $(NET_SAVED_DEFAULT_GOAL)
