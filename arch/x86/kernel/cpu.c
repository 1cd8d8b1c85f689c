/*
 * CPU identification: vendor, family/model/stepping, brand string and the
 * feature words every other part asks about through boot_cpu_has()
 * (Intel SDM Vol. 2A "CPUID"; AMD APM Vol. 3 "CPUID").
 */
#include <asm/cpufeature.h>
#include <asm/smap.h>
#include <asm/special_insns.h>
#include <kernel/printk.h>
#include <kernel/uaccess.h>
#include <stdio.h>
#include <string.h>

struct cpuinfo_x86 boot_cpu_data;

/*
 * The hypervisor's signature (leaf 0x40000000, in EBX ECX EDX, with the
 * HYPERVISOR bit set: Linux's arch/x86/kernel/cpu/hypervisor.c). QEMU's
 * TCG says "TCGTCGTCGTCG" (its tcg-cpuid property, on by default).
 */
static void cpu_read_hypervisor(struct cpuinfo_x86 *c)
{
	u32 a, sig[3];

	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return;
	cpuid_count(0x40000000, 0, &a, &sig[0], &sig[1], &sig[2]);
	memcpy(c->hypervisor, sig, sizeof(sig));
	c->hypervisor[12] = '\0';
}

static void cpu_read_brand(struct cpuinfo_x86 *c)
{
	u32 *p = (u32 *)c->model_id;
	u32 leaf;

	if (c->extended_cpuid_level < 0x80000004)
		return;
	for (leaf = 0x80000002; leaf <= 0x80000004; leaf++, p += 4)
		cpuid_count(leaf, 0, &p[0], &p[1], &p[2], &p[3]);
	c->model_id[48] = '\0';
}

void cpu_detect(void)
{
	struct cpuinfo_x86 *c = &boot_cpu_data;
	u32 a, b, cx, d, family;

	memset(c, 0, sizeof(*c));
	cpuid_count(0, 0, &a, &b, &cx, &d);
	c->cpuid_level = a;
	memcpy(c->vendor, &b, 4);
	memcpy(c->vendor + 4, &d, 4);
	memcpy(c->vendor + 8, &cx, 4);
	if (c->cpuid_level >= 1) {
		cpuid_count(1, 0, &a, &b, &cx, &d);
		/* SDM 2A Figure 3-6: the extended family/model fields count only for family 0xf (and 6 for the model). */
		family = (a >> 8) & 0xf;
		c->model = (a >> 4) & 0xf;
		if (family == 0xf)
			family += (a >> 20) & 0xff;
		if (family == 0x6 || family >= 0xf)
			c->model += ((a >> 16) & 0xf) << 4;
		c->family = (u8)family;
		c->stepping = a & 0xf;
		c->capability[CPUID_1_EDX] = d;
		c->capability[CPUID_1_ECX] = cx;
	}
	if (c->cpuid_level >= 7) {
		cpuid_count(7, 0, &a, &b, &cx, &d);
		c->capability[CPUID_7_0_EBX] = b;
		c->capability[CPUID_7_0_ECX] = cx;
		c->capability[CPUID_7_0_EDX] = d;
	}
	cpuid_count(0x80000000, 0, &a, &b, &cx, &d);
	c->extended_cpuid_level = (a & 0xffff0000) == 0x80000000 ? a : 0;
	if (c->extended_cpuid_level >= 0x80000001) {
		cpuid_count(0x80000001, 0, &a, &b, &cx, &d);
		c->capability[CPUID_8000_0001_EDX] = d;
		c->capability[CPUID_8000_0001_ECX] = cx;
	}
	if (c->extended_cpuid_level >= 0x80000007) {
		cpuid_count(0x80000007, 0, &a, &b, &cx, &d);
		c->capability[CPUID_8000_0007_EDX] = d;
	}
	cpu_read_brand(c);
	cpu_read_hypervisor(c);
	copy_user_init(x86_string_init());
	smap_init();
}

void cpu_print_info(void)
{
	static const struct { unsigned int bit; const char *name; } shown[] = {
		{ X86_FEATURE_NX, "nx" }, { X86_FEATURE_PGE, "pge" },
		{ X86_FEATURE_ERMS, "erms" }, { X86_FEATURE_FSRM, "fsrm" },
		{ X86_FEATURE_SMEP, "smep" }, { X86_FEATURE_SMAP, "smap" },
		{ X86_FEATURE_RDRAND, "rdrand" }, { X86_FEATURE_RDSEED, "rdseed" },
		{ X86_FEATURE_X2APIC, "x2apic" }, { X86_FEATURE_CONSTANT_TSC, "constant_tsc" },
		{ X86_FEATURE_HYPERVISOR, "hypervisor" },
	};
	const struct cpuinfo_x86 *c = &boot_cpu_data;
	char flags[128];
	size_t n = 0;

	flags[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(shown) && n < sizeof(flags); i++)
		if (boot_cpu_has(shown[i].bit))
			n += snprintf(flags + n, sizeof(flags) - n, " %s", shown[i].name);
	printk("cpu: %s family %u model %u stepping %u%s%s,%s; memcpy by %s\n",
	       c->vendor, c->family, c->model, c->stepping,
	       c->model_id[0] ? ", " : "", c->model_id,
	       n ? flags : " no optional features",
	       boot_cpu_has(X86_FEATURE_ERMS) ? "rep movsb" : "8-byte moves");
	if (c->hypervisor[0])
		printk("cpu: hypervisor %s\n", c->hypervisor);
	printk("cpu: SMEP %s, SMAP %s\n",
	       read_cr4() & X86_CR4_SMEP ? "on" : "absent",
	       read_cr4() & X86_CR4_SMAP ? "on (user copies open the window)" : "absent");
}
