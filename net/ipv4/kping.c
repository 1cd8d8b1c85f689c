/*
 * The kernel ping command, on the ICMP ping API: sends echo requests at an
 * interval, prints each reply as ping(8) does, and a summary with loss and
 * RTT figures. Replies arrive in softirq context and are recorded there;
 * the sending thread sleeps on a wait queue between requests.
 */
#include <net/kping.h>
#include <net/icmp.h>
#include <net/inet_utils.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/wait.h>
#include <kernel/time.h>
#include <kernel/selftest.h>
#include <net/skbuff.h>
#include <net/byteorder.h>
#include <errno.h>

struct kping {
	struct ping_ctx ctx;
	struct kping_stats st;
	const struct kping_opts *opts;
	unsigned long *seen;		/* one bit per sequence number */
	wait_queue_head_t wq;
};

static void kping_reply(struct ping_ctx *ctx, const struct ping_reply *r)
{
	struct kping *kp = container_of(ctx, struct kping, ctx);
	unsigned long bit, *word;
	bool dup;
	char from[INET_ADDRSTRLEN];

	if (r->seq == 0 || r->seq > kp->st.sent)
		return;		/* not one of ours: a stale or forged reply */
	word = &kp->seen[(r->seq - 1) / 64];
	bit = 1UL << ((r->seq - 1) % 64);
	dup = *word & bit;
	*word |= bit;
	if (dup) {
		kp->st.duplicates++;
	} else {
		kp->st.received++;
		kp->st.sum_ns += r->rtt_ns;
		if (kp->st.received == 1 || r->rtt_ns < kp->st.min_ns)
			kp->st.min_ns = r->rtt_ns;
		if (r->rtt_ns > kp->st.max_ns)
			kp->st.max_ns = r->rtt_ns;
	}
	if (!r->payload_ok)
		kp->st.corrupted++;
	if (!kp->opts->quiet)
		printk("%u bytes from %s: icmp_seq=%u ttl=%u time=%llu.%03llu ms%s%s\n",
		       r->size + 8, in4_ntop(r->from, from), r->seq, r->ttl,
		       (unsigned long long)(r->rtt_ns / NSEC_PER_MSEC),
		       (unsigned long long)(r->rtt_ns % NSEC_PER_MSEC / NSEC_PER_USEC),
		       dup ? " (DUP!)" : "", r->payload_ok ? "" : " (BAD PAYLOAD)");
	wake_up(&kp->wq);
}

static void kping_error(struct ping_ctx *ctx, __be32 from, u8 type, u8 code, u16 seq)
{
	struct kping *kp = container_of(ctx, struct kping, ctx);
	char a[INET_ADDRSTRLEN];

	kp->st.errors++;
	if (!kp->opts->quiet)
		printk("From %s icmp_seq=%u: ICMP type %u code %u (%s)\n",
		       in4_ntop(from, a), seq, type, code,
		       type == ICMP_DEST_UNREACH ? "destination unreachable" :
		       type == ICMP_TIME_EXCEEDED ? "time exceeded" : "error");
}

static void kping_summary(__be32 daddr, const struct kping_stats *st)
{
	char a[INET_ADDRSTRLEN];
	unsigned int loss = st->sent ? (st->sent - st->received) * 100 / st->sent : 0;

	printk("--- %s ping statistics ---\n", in4_ntop(daddr, a));
	printk("%u packets transmitted, %u received, %u%% packet loss",
	       st->sent, st->received, loss);
	if (st->duplicates)
		printk(", %u duplicates", st->duplicates);
	if (st->errors)
		printk(", %u errors", st->errors);
	printk("\n");
	if (st->received) {
		u64 avg = st->sum_ns / st->received;

		printk("rtt min/avg/max = %llu.%03llu/%llu.%03llu/%llu.%03llu ms\n",
		       (unsigned long long)(st->min_ns / NSEC_PER_MSEC),
		       (unsigned long long)(st->min_ns % NSEC_PER_MSEC / NSEC_PER_USEC),
		       (unsigned long long)(avg / NSEC_PER_MSEC),
		       (unsigned long long)(avg % NSEC_PER_MSEC / NSEC_PER_USEC),
		       (unsigned long long)(st->max_ns / NSEC_PER_MSEC),
		       (unsigned long long)(st->max_ns % NSEC_PER_MSEC / NSEC_PER_USEC));
	}
}

int kping(__be32 daddr, const struct kping_opts *o, struct kping_stats *out)
{
	struct kping *kp;
	char a[INET_ADDRSTRLEN];
	int err = 0;

	if (o->count == 0 || o->count > 65535 || o->size > PING_MAX_PAYLOAD)
		return -EINVAL;
	kp = kzalloc(sizeof(*kp));
	if (!kp)
		return -ENOMEM;
	kp->seen = kcalloc(DIV_ROUND_UP(o->count, 64), sizeof(unsigned long));
	if (!kp->seen) {
		kfree(kp);
		return -ENOMEM;
	}
	kp->opts = o;
	kp->ctx.on_reply = kping_reply;
	kp->ctx.on_error = kping_error;
	init_waitqueue_head(&kp->wq);
	err = icmp_ping_register(&kp->ctx);
	if (err)
		goto out_free;
	if (!o->quiet)
		printk("PING %s: %u data bytes\n", in4_ntop(daddr, a), o->size);
	for (unsigned int seq = 1; seq <= o->count; seq++) {
		int r;

		kp->st.sent++;
		r = icmp_ping_send(&kp->ctx, daddr, seq, o->size);
		if (r < 0) {
			kp->st.sent--;
			printk("ping: sending to %s failed: %d\n", a, r);
			if (seq == 1) {
				err = r;
				goto out_unregister;
			}
			break;
		}
		if (seq < o->count)
			msleep(o->interval_ms);
	}
	wait_event_timeout(kp->wq, READ_ONCE(kp->st.received) == kp->st.sent,
			   msecs_to_jiffies(o->linger_ms));
	err = kp->st.received ? 0 : -ETIMEDOUT;
out_unregister:
	/* Unregister before reading the figures: no reply can land after this. */
	icmp_ping_unregister(&kp->ctx);
	if (kp->st.sent)
		kping_summary(daddr, &kp->st);
	if (out)
		*out = kp->st;
out_free:
	kfree(kp->seen);
	kfree(kp);
	return err;
}

/* Ping over the loopback device: the whole IP and ICMP path, no NIC. */
static bool ping_lo(unsigned int size, unsigned int count, struct kping_stats *st)
{
	struct kping_opts o = { .count = count, .size = size, .interval_ms = 1,
				.linger_ms = 2000, .quiet = true };

	return kping(htonl(0x7f000001), &o, st) == 0 && st->received == count &&
	       st->corrupted == 0 && st->duplicates == 0;
}

SELFTEST(kping_loopback_sizes)
{
	static const unsigned int sizes[] = { 0, 56, 1472, 4000, 20000, 65507 };
	struct kping_stats st;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		if (!ping_lo(sizes[i], 2, &st))
			ST_FAIL("size %u: %u of 2 replies, %u corrupted", sizes[i],
				st.received, st.corrupted);
}

POST_SELFTEST(kping_loopback_returns_skbs)
{
	struct skb_stats before, after;
	struct kping_stats st;

	skb_get_stats(&before);
	ST_ASSERT(ping_lo(1000, 20, &st));
	skb_get_stats(&after);
	ST_EQ(after.live_heads, before.live_heads);
	ST_EQ(after.live_data, before.live_data);
	ST_ASSERT(st.min_ns <= st.max_ns);
}

SELFTEST(kping_rejects_bad_arguments)
{
	struct kping_opts o = { .count = 0, .size = 56 };

	ST_EQ(kping(htonl(0x7f000001), &o, NULL), -EINVAL);
	o.count = 1;
	o.size = PING_MAX_PAYLOAD + 1;
	ST_EQ(kping(htonl(0x7f000001), &o, NULL), -EINVAL);
}
