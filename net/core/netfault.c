/*
 * Fault injection between the drivers and the stack: loss, duplication,
 * reordering and corruption of the frames of non-loopback devices, on
 * receive and on transmit, switched on by netfault= on the command line
 * (include/net/netfault.h). What smoltcp's FaultInjector does for its
 * tests and netem does on Linux, here so that TCP can be tried against a
 * bad link without anything outside the guest.
 *
 * Reordering holds a frame back (one per device and direction) until the
 * next frame in that direction has gone past it, or until the delay runs
 * out. Corruption flips one byte after the Ethernet header, where the IP
 * or TCP checksum has to catch it.
 */
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/random.h>
#include <kernel/softirq.h>
#include <kernel/time.h>
#include <kernel/timer.h>
#include <net/etherdevice.h>
#include <net/netdevice.h>
#include <net/netfault.h>
#include <net/skbuff.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NETFAULT_SLOTS		8	/* devices x directions that can hold a frame */
#define NETFAULT_DELAY_MS	10	/* hold time when reorder= comes without delay= */

#define __NETFAULT_NAME(e, name) [NETFAULT_MIB_##e] = #name,
u64 netfault_mib[NETFAULT_MIB_MAX];
const char *const netfault_mib_names[NETFAULT_MIB_MAX] = {
	NETFAULT_MIB_LIST(__NETFAULT_NAME)
};
#define NETFAULT_INC(rx, what) (netfault_mib[(rx) ? NETFAULT_MIB_RX##what : \
					     NETFAULT_MIB_TX##what]++)

u8 netfault_dirs;
static struct netfault_config config;
static struct netfault_rng rng;

/* Where a reordered frame waits for the frame that will overtake it. */
struct netfault_slot {
	struct net_device *dev;		/* NULL: free */
	int dir;
	struct sk_buff *held;
	int (*deliver)(struct sk_buff *skb);
	struct timer_list timer;
};

static struct netfault_slot slots[NETFAULT_SLOTS];

/* ---- decisions ---------------------------------------------------------- */

static bool chance(struct netfault_rng *r, u16 bp)
{
	return (u32)(netfault_rng_next(r) >> 32) % 10000 < bp;
}

u32 netfault_decide(const struct netfault_config *cfg, struct netfault_rng *r)
{
	u32 fate = 0;

	if (chance(r, cfg->loss))
		fate |= NETFAULT_DROP;
	if (chance(r, cfg->corrupt))
		fate |= NETFAULT_CORRUPT;
	if (chance(r, cfg->dup))
		fate |= NETFAULT_DUP;
	if (chance(r, cfg->reorder))
		fate |= NETFAULT_HOLD;
	return fate;
}

u32 netfault_corrupt_offset(struct netfault_rng *r, u32 from, u32 len)
{
	return from + (u32)(netfault_rng_next(r) >> 32) % (len - from);
}

/* ---- netfault=... --------------------------------------------------------- */

/* "5", "0.5", "12.25" or "5%" in basis points, at most 100%; -1 if malformed. */
static int parse_percent(const char *s, size_t n)
{
	unsigned int whole = 0, frac = 0, digits = 0;
	size_t i = 0;

	if (n && s[n - 1] == '%')
		n--;
	for (; i < n && s[i] >= '0' && s[i] <= '9' && i < 3; i++)
		whole = whole * 10 + (s[i] - '0');
	if (i == 0)
		return -1;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9' && digits < 2; i++, digits++)
			frac = frac * 10 + (s[i] - '0');
	if (i != n)
		return -1;
	while (digits++ < 2)
		frac *= 10;
	return whole * 100 + frac > 10000 ? -1 : (int)(whole * 100 + frac);
}

/* "10ms", "10" (ms) or "1s"; -1 if malformed or over a minute. */
static long parse_ms(const char *s, size_t n)
{
	char buf[16], *end;
	unsigned long v;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = strtoul(buf, &end, 10);
	if (end == buf)
		return -1;
	if (!strcmp(end, "s"))
		v *= 1000;
	else if (*end && strcmp(end, "ms"))
		return -1;
	return v > 60000 ? -1 : (long)v;
}

static int parse_pair(const char *key, size_t klen, const char *val, size_t vlen,
		      struct netfault_config *cfg)
{
	static const struct { const char *name; size_t off; } rates[] = {
		{ "loss", offsetof(struct netfault_config, loss) },
		{ "dup", offsetof(struct netfault_config, dup) },
		{ "reorder", offsetof(struct netfault_config, reorder) },
		{ "corrupt", offsetof(struct netfault_config, corrupt) },
	};
	char buf[24], *end;
	long v;

	for (size_t i = 0; i < ARRAY_SIZE(rates); i++) {
		if (klen != strlen(rates[i].name) || strncmp(key, rates[i].name, klen))
			continue;
		v = parse_percent(val, vlen);
		if (v < 0)
			return -EINVAL;
		*(u16 *)((char *)cfg + rates[i].off) = (u16)v;
		return 0;
	}
	if (klen == 5 && !strncmp(key, "delay", 5)) {
		v = parse_ms(val, vlen);
		if (v < 0)
			return -EINVAL;
		cfg->delay_ms = (u32)v;
	} else if (klen == 4 && !strncmp(key, "seed", 4)) {
		if (vlen == 0 || vlen >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, val, vlen);
		buf[vlen] = '\0';
		cfg->seed = strtoull(buf, &end, 0);
		if (*end)
			return -EINVAL;
	} else if (klen == 3 && !strncmp(key, "dir", 3)) {
		if (vlen == 2 && !strncmp(val, "rx", 2))
			cfg->dirs = NETFAULT_RX;
		else if (vlen == 2 && !strncmp(val, "tx", 2))
			cfg->dirs = NETFAULT_TX;
		else if (vlen == 4 && !strncmp(val, "both", 4))
			cfg->dirs = NETFAULT_RX | NETFAULT_TX;
		else
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	return 0;
}

int netfault_parse(const char *spec, struct netfault_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->dirs = NETFAULT_RX | NETFAULT_TX;
	if (!spec)
		return -EINVAL;
	if (!strcmp(spec, "off"))
		return 0;
	while (*spec) {
		size_t n = strcspn(spec, ","), klen = strcspn(spec, "=");

		if (klen >= n || parse_pair(spec, klen, spec + klen + 1, n - klen - 1, cfg))
			return -EINVAL;
		spec += n;
		if (*spec == ',')
			spec++;
	}
	if (cfg->reorder && !cfg->delay_ms)
		cfg->delay_ms = NETFAULT_DELAY_MS;
	return 0;
}

static int netfault_set(const char *key, const char *value)
{
	struct netfault_config cfg;

	if (netfault_parse(value, &cfg)) {
		printk("netfault=%s: want e.g. loss=5,dup=5,reorder=25,corrupt=1,"
		       "delay=10ms,seed=42,dir=rx|tx|both\n", value ? value : "");
		return -EINVAL;
	}
	if (!strstr(value, "seed="))
		cfg.seed = get_random_u64();
	netfault_configure(&cfg);
	return 0;
}
CMDLINE_PARAM(netfault, "netfault", netfault_set,
	      "netfault=loss=P,dup=P,reorder=P,corrupt=P,delay=MS,seed=N,dir=rx|tx|both: "
	      "inject faults (P in %) on every NIC");

/* ---- holding frames back ---------------------------------------------- */

static void netfault_release(struct netfault_slot *s)
{
	struct sk_buff *skb = s->held;

	s->held = NULL;
	del_timer(&s->timer);
	if (skb)
		s->deliver(skb);
}

static void netfault_timer(struct timer_list *t)
{
	struct netfault_slot *s = from_timer(s, t, timer);

	if (s->held) {
		netfault_mib[NETFAULT_MIB_TIMERRELEASES]++;
		netfault_release(s);
	}
}

static struct netfault_slot *slot_get(struct net_device *dev, int dir,
				      int (*deliver)(struct sk_buff *skb))
{
	struct netfault_slot *free = NULL;

	for (int i = 0; i < NETFAULT_SLOTS; i++) {
		if (slots[i].dev == dev && slots[i].dir == dir)
			return &slots[i];
		if (!slots[i].dev && !free)
			free = &slots[i];
	}
	if (free) {
		free->dev = dev;
		free->dir = dir;
		free->deliver = deliver;
	}
	return free;
}

/* A device going away takes the frames held for it; none is delivered. */
static int netfault_netdev_event(struct notifier_block *nb, unsigned long event,
				 void *ptr)
{
	struct net_device *dev = ptr;

	if (event != NETDEV_DOWN && event != NETDEV_UNREGISTER)
		return 0;
	for (int i = 0; i < NETFAULT_SLOTS; i++) {
		if (slots[i].dev != dev)
			continue;
		del_timer(&slots[i].timer);
		kfree_skb(slots[i].held);
		slots[i].held = NULL;
		slots[i].dev = NULL;
	}
	return 0;
}

static struct notifier_block netfault_notifier = {
	.notifier_call = netfault_netdev_event,
};

void netfault_configure(const struct netfault_config *cfg)
{
	static bool registered;
	unsigned long flags;

	local_irq_save(flags);
	for (int i = 0; i < NETFAULT_SLOTS; i++) {
		if (slots[i].held)
			netfault_release(&slots[i]);
		timer_setup(&slots[i].timer, netfault_timer, 0);
		slots[i].dev = NULL;
	}
	config = *cfg;
	rng.state = cfg->seed;
	netfault_dirs = (cfg->loss || cfg->dup || cfg->reorder || cfg->corrupt) ?
			cfg->dirs : 0;
	local_irq_restore(flags);
	if (!registered) {
		register_netdevice_notifier(&netfault_notifier);
		registered = true;
	}
	if (netfault_dirs)
		printk("netfault: loss %u.%02u%% dup %u.%02u%% reorder %u.%02u%% "
		       "(held up to %u ms) corrupt %u.%02u%% on %s, seed=%llu\n",
		       cfg->loss / 100, cfg->loss % 100, cfg->dup / 100, cfg->dup % 100,
		       cfg->reorder / 100, cfg->reorder % 100, cfg->delay_ms,
		       cfg->corrupt / 100, cfg->corrupt % 100,
		       cfg->dirs == NETFAULT_RX ? "rx" : cfg->dirs == NETFAULT_TX ? "tx" : "rx+tx",
		       (unsigned long long)cfg->seed);
}

bool netfault_applies(const struct net_device *dev, int dir)
{
	return (netfault_dirs & dir) && !(dev->flags & IFF_LOOPBACK);
}

/* ---- the faults -------------------------------------------------------- */

/*
 * Flip one byte past the Ethernet header (on receive skb->data is already
 * there; on transmit the frame starts with it). The data must be ours
 * alone: a TCP segment on transmit shares it with the retransmit queue.
 * Consumes skb; returns the frame to go on with, or NULL (dropped).
 */
static struct sk_buff *netfault_corrupt(struct sk_buff *skb, bool rx)
{
	u32 from = rx ? 0 : ETH_HLEN;

	/* Hardware would checksum after us, hiding the damage: leave it be. */
	if (skb->ip_summed == CHECKSUM_PARTIAL || skb->len <= from)
		return skb;
	if (skb_cloned(skb)) {
		skb = skb_unshare(skb);
		if (!skb) {
			netfault_mib[NETFAULT_MIB_NOMEM]++;
			return NULL;
		}
	}
	skb->data[netfault_corrupt_offset(&rng, from, skb->len)] ^=
		(u8)(1 + netfault_rng_next(&rng) % 255);
	if (rx)
		skb->ip_summed = CHECKSUM_NONE;	/* whatever was verified no longer holds */
	NETFAULT_INC(rx, CORRUPTED);
	return skb;
}

static int netfault_apply(struct sk_buff *skb, int dir,
			  int (*deliver)(struct sk_buff *skb))
{
	bool rx = dir == NETFAULT_RX;
	struct netfault_slot *slot = slot_get(skb->dev, dir, deliver);
	u32 fate = netfault_decide(&config, &rng);
	struct sk_buff *dup = NULL;
	int rc = 0;

	NETFAULT_INC(rx, FRAMES);
	if (fate & NETFAULT_DROP) {
		NETFAULT_INC(rx, DROPPED);
		kfree_skb(skb);
		return 0;
	}
	if ((fate & NETFAULT_CORRUPT) && !(skb = netfault_corrupt(skb, rx)))
		return 0;
	if (fate & NETFAULT_DUP) {
		dup = skb_copy(skb);
		if (dup)
			NETFAULT_INC(rx, DUPLICATED);
		else
			netfault_mib[NETFAULT_MIB_NOMEM]++;
	}
	if ((fate & NETFAULT_HOLD) && slot && !slot->held) {
		/* This frame waits; the next one (or the timer) lets it go. */
		slot->held = skb;
		mod_timer(&slot->timer, jiffies + msecs_to_jiffies(config.delay_ms));
		NETFAULT_INC(rx, REORDERED);
		skb = NULL;
	}
	if (skb)
		rc = deliver(skb);
	if (dup)
		deliver(dup);
	if (skb && slot && slot->held)
		netfault_release(slot);
	return rc;
}

/* Softirq context (the driver's NAPI poll). */
int netfault_rx(struct sk_buff *skb, int (*deliver)(struct sk_buff *skb))
{
	return netfault_apply(skb, NETFAULT_RX, deliver);
}

/* Any context: bottom halves are held off while the slots are touched. */
int netfault_tx(struct sk_buff *skb, int (*deliver)(struct sk_buff *skb))
{
	int rc;

	local_bh_disable();
	rc = netfault_apply(skb, NETFAULT_TX, deliver);
	local_bh_enable();
	return rc;
}
