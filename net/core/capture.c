/*
 * Packet capture on the device layer's tap (dev_add_tap: transmit before
 * the qdisc, receive after the driver), the debugging tool users of small
 * stacks keep asking for. Two consumers:
 *
 *  - /dev/capture: each open is a session with its own bounded ring; read()
 *    produces a standard pcap stream (libpcap's file format: a 24-byte
 *    global header, then a 16-byte record header per packet, link type 1 =
 *    Ethernet, microsecond timestamps) and ends after the requested count.
 *  - the shell's `capture start [IF] [COUNT]`: one summary line per packet.
 *
 * The tap runs in softirq context (or with bottom halves off): it copies
 * at most SNAPLEN bytes and never sleeps; a full ring drops the packet and
 * counts it.
 */
#include <kernel/procfs.h>
#include <kernel/file.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/time.h>
#include <kernel/wait.h>
#include <net/netdevice.h>
#include <net/skbuff.h>
#include <net/capture.h>
#include <net/inet_utils.h>
#include <net/proto/ethernet.h>
#include <net/proto/ip.h>
#include <kernel/printk.h>
#include <net/byteorder.h>
#include <skiff/capture.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SNAPLEN		2048
#define RING_BYTES	(256 * 1024)
#define COUNT_DEFAULT	100
#define COUNT_MAX	100000

struct pcap_hdr {
	u32 magic;		/* 0xa1b2c3d4: microsecond timestamps */
	u16 version_major, version_minor;
	s32 thiszone;
	u32 sigfigs, snaplen, network;
} __packed;

struct pcap_rec {
	u32 ts_sec, ts_usec, incl_len, orig_len;
} __packed;

struct capture_session {
	struct packet_tap tap;
	spinlock_t lock;
	wait_queue_head_t wait;
	u8 *ring;
	size_t head, tail;	/* byte offsets, free-running */
	u32 count, captured, delivered, dropped;
	int ifindex;
	bool header_sent, started;
	u8 pending[sizeof(struct pcap_rec) + SNAPLEN];	/* a record being read out */
	size_t pending_len, pending_off;
};

static u64 capture_drops_total;

static void ring_put(struct capture_session *cs, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cs->ring[(cs->head + i) % RING_BYTES] = ((const u8 *)p)[i];
	cs->head += n;
}

static void ring_get(struct capture_session *cs, void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((u8 *)p)[i] = cs->ring[(cs->tail + i) % RING_BYTES];
	cs->tail += n;
}

static void capture_timestamp(struct pcap_rec *r)
{
	u64 ns = ktime_get_ns();

	r->ts_sec = ktime_get_real_seconds();
	r->ts_usec = ns % NSEC_PER_SEC / NSEC_PER_USEC;
}

/* The whole frame: on receive the Ethernet header sits before skb->data. */
static const u8 *tap_frame(struct sk_buff *skb, int dir, size_t *len)
{
	const u8 *frame = skb->data;

	if (dir == TAP_RX && skb_mac_header_was_set(skb))
		frame = skb_mac_header(skb);
	*len = skb->len + (size_t)(skb->data - frame);
	return frame;
}

/* The tap: copy the frame into the session's ring. */
static void capture_tap(struct sk_buff *skb, struct net_device *dev, int dir,
			struct packet_tap *tap)
{
	struct capture_session *cs = container_of(tap, struct capture_session, tap);
	size_t len;
	const u8 *frame = tap_frame(skb, dir, &len);
	struct pcap_rec r;
	unsigned long flags;

	if (cs->ifindex && dev->ifindex != cs->ifindex)
		return;
	r.orig_len = len;
	r.incl_len = min(len, (size_t)SNAPLEN);
	capture_timestamp(&r);
	spin_lock_irqsave(&cs->lock, flags);
	if (cs->captured >= cs->count) {
		spin_unlock_irqrestore(&cs->lock, flags);
		return;
	}
	if (cs->head - cs->tail + sizeof(r) + r.incl_len > RING_BYTES) {
		cs->dropped++;
		capture_drops_total++;
	} else {
		ring_put(cs, &r, sizeof(r));
		ring_put(cs, frame, r.incl_len);
		cs->captured++;
	}
	spin_unlock_irqrestore(&cs->lock, flags);
	wake_up(&cs->wait);
}

static bool capture_readable(struct capture_session *cs)
{
	return cs->pending_len > cs->pending_off || cs->head != cs->tail ||
	       cs->delivered >= cs->count;
}

/* Move the next record from the ring into 'pending' (lock held). */
static void next_record(struct capture_session *cs)
{
	struct pcap_rec r;

	ring_get(cs, &r, sizeof(r));
	memcpy(cs->pending, &r, sizeof(r));
	ring_get(cs, cs->pending + sizeof(r), r.incl_len);
	cs->pending_len = sizeof(r) + r.incl_len;
	cs->pending_off = 0;
	cs->delivered++;
}

static ssize_t capture_read_iter(struct file *f, struct iov_iter *to)
{
	struct capture_session *cs = f->private_data;
	unsigned long flags;
	ssize_t done = 0;

	if (!iov_iter_count(to))
		return 0;		/* read(2) of nothing: not a fault, and no start */
	if (!cs->header_sent && iov_iter_count(to) < sizeof(struct pcap_hdr))
		return -EINVAL;		/* the file header goes whole, as a datagram */
	if (!cs->started) {
		cs->started = true;
		dev_add_tap(&cs->tap);
	}
	if (!cs->header_sent) {
		struct pcap_hdr h = { 0xa1b2c3d4, 2, 4, 0, 0, SNAPLEN, 1 };

		if (copy_to_iter(&h, sizeof(h), to) != sizeof(h))
			return -EFAULT;
		cs->header_sent = true;
		return sizeof(h);
	}
	if (!capture_readable(cs)) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		wait_event(cs->wait, capture_readable(cs));
	}
	spin_lock_irqsave(&cs->lock, flags);
	while (iov_iter_count(to)) {
		size_t n, c;

		if (cs->pending_off == cs->pending_len) {
			if (cs->head == cs->tail)
				break;
			next_record(cs);
		}
		n = min(iov_iter_count(to), cs->pending_len - cs->pending_off);
		spin_unlock_irqrestore(&cs->lock, flags);
		c = copy_to_iter(cs->pending + cs->pending_off, n, to);
		spin_lock_irqsave(&cs->lock, flags);
		cs->pending_off += c;
		done += c;
		if (c < n)
			break;
	}
	spin_unlock_irqrestore(&cs->lock, flags);
	return done ? done : (cs->delivered >= cs->count ? 0 : -EFAULT);
}

static __poll_t capture_poll(struct file *f, poll_table *pt)
{
	struct capture_session *cs = f->private_data;

	poll_wait(f, &cs->wait, pt);
	return !cs->header_sent || capture_readable(cs) ? EPOLLIN | EPOLLRDNORM : 0;
}

static long capture_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct capture_session *cs = f->private_data;

	if (cs->started)
		return -EBUSY;		/* settings are fixed once reading began */
	switch (cmd) {
	case CAPTURE_SET_COUNT:
		if (arg < 1 || arg > COUNT_MAX)
			return -EINVAL;
		cs->count = arg;
		return 0;
	case CAPTURE_SET_IFINDEX:
		if (arg && !dev_get_by_index(arg))
			return -ENODEV;
		cs->ifindex = arg;
		return 0;
	default:
		return -ENOTTY;
	}
}

static void capture_release(struct file *f)
{
	struct capture_session *cs = f->private_data;

	if (cs->started)
		dev_remove_tap(&cs->tap);
	kfree(cs->ring);
	kfree(cs);
}

static const struct file_operations capture_fops = {
	.read_iter = capture_read_iter,
	.poll = capture_poll,
	.ioctl = capture_ioctl,
	.release = capture_release,
};

static int capture_open(struct file **fp, unsigned int flags)
{
	struct capture_session *cs = kzalloc(sizeof(*cs));

	if ((flags & O_ACCMODE) != O_RDONLY) {
		kfree(cs);
		return -EACCES;
	}
	if (!cs || !(cs->ring = kmalloc(RING_BYTES))) {
		kfree(cs);
		return -ENOMEM;
	}
	spin_lock_init(&cs->lock);
	init_waitqueue_head(&cs->wait);
	cs->tap.func = capture_tap;
	cs->count = COUNT_DEFAULT;
	*fp = alloc_file(&capture_fops, cs, flags);
	if (!*fp) {
		kfree(cs->ring);
		kfree(cs);
		return -ENOMEM;
	}
	return 0;
}
DEV_ENTRY(capture, "/dev/capture", capture_open);

/* The shell's capture: one line per packet on the console, like tcpdump -n. */
static struct packet_tap console_tap;
static u32 console_left;
static int console_ifindex;
static DEFINE_SPINLOCK(console_lock);

static const char *proto_name(u8 p)
{
	switch (p) {
	case 1: return "ICMP";
	case 6: return "TCP";
	case 17: return "UDP";
	default: return "proto";
	}
}

/* Summarize from the bytes present, checking each length before reading. */
static void summarize(const u8 *f, size_t len, char *out, size_t outlen)
{
	char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
	u16 type;
	size_t ihl;
	__be32 sa, da;

	if (len < ETH_HLEN) {
		snprintf(out, outlen, "runt frame");
		return;
	}
	type = (f[12] << 8) | f[13];
	if (type == ETH_P_ARP) {
		snprintf(out, outlen, "ARP %s", len >= ETH_HLEN + 8 && f[ETH_HLEN + 7] == 2 ?
			 "reply" : "request");
		return;
	}
	if (type != ETH_P_IP || len < ETH_HLEN + 20) {
		snprintf(out, outlen, "ethertype %#06x", type);
		return;
	}
	f += ETH_HLEN;
	len -= ETH_HLEN;
	ihl = (f[0] & 0xf) * 4;
	memcpy(&sa, f + 12, 4);
	memcpy(&da, f + 16, 4);
	in4_ntop(sa, s);
	in4_ntop(da, d);
	if ((f[9] == 6 || f[9] == 17) && ihl >= 20 && len >= ihl + 4)
		snprintf(out, outlen, "IP %s.%u > %s.%u: %s", s, (f[ihl] << 8) | f[ihl + 1],
			 d, (f[ihl + 2] << 8) | f[ihl + 3], proto_name(f[9]));
	else
		snprintf(out, outlen, "IP %s > %s: %s %u", s, d, proto_name(f[9]), f[9]);
}

static void console_capture_tap(struct sk_buff *skb, struct net_device *dev, int dir,
				struct packet_tap *tap)
{
	unsigned long flags;
	char line[96];
	size_t len;
	const u8 *frame = tap_frame(skb, dir, &len);
	bool last;

	if (console_ifindex && dev->ifindex != console_ifindex)
		return;
	spin_lock_irqsave(&console_lock, flags);
	if (!console_left) {
		spin_unlock_irqrestore(&console_lock, flags);
		return;
	}
	last = --console_left == 0;
	spin_unlock_irqrestore(&console_lock, flags);
	summarize(frame, len, line, sizeof(line));
	printk("capture: %s %s %zu bytes: %s\n", dev->name, dir == TAP_RX ? "in " : "out",
	       len, line);
	if (last)
		printk("capture: done (count reached)\n");
}

int capture_console_start(int ifindex, u32 count)
{
	unsigned long flags;
	bool was;

	if (count < 1 || count > COUNT_MAX)
		return -EINVAL;
	spin_lock_irqsave(&console_lock, flags);
	was = console_tap.func != NULL;
	console_tap.func = console_capture_tap;
	console_ifindex = ifindex;
	console_left = count;
	spin_unlock_irqrestore(&console_lock, flags);
	if (!was)
		dev_add_tap(&console_tap);
	return 0;
}

void capture_console_stop(void)
{
	unsigned long flags;
	bool was;

	spin_lock_irqsave(&console_lock, flags);
	was = console_tap.func != NULL;
	console_left = 0;
	spin_unlock_irqrestore(&console_lock, flags);
	if (was) {
		dev_remove_tap(&console_tap);
		console_tap.func = NULL;
	}
}

u64 capture_drops(void)
{
	return capture_drops_total;
}
