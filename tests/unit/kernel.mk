# tests/unit/kernel.mk - host unit tests of the kernel's pure-computation parts.
# Uses the runner and flags of unit.mk (include that first).

KERNEL_UNIT_TESTS := test_memmap
KERNEL_UNIT_BINS := $(KERNEL_UNIT_TESTS:%=$(UNIT_OUT)/%)
KERNEL_UNIT_CFLAGS := $(UNIT_CFLAGS) -Iinclude -I$(UNIT_DIR)

.PHONY: unit-kernel
unit-kernel: $(KERNEL_UNIT_BINS)
	@sh $(UNIT_DIR)/run.sh $(KERNEL_UNIT_BINS)

$(UNIT_OUT)/test_memmap: $(UNIT_DIR)/test_memmap.c kernel/memmap.c $(UNIT_MAIN_OBJ)
	@mkdir -p $(@D)
	$(HOSTCC) $(KERNEL_UNIT_CFLAGS) $(UNIT_DIR)/test_memmap.c kernel/memmap.c \
		$(UNIT_MAIN_OBJ) $(UNIT_LDFLAGS) -o $@
