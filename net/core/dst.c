/* Destination cache entries: reference counting and the effective MTU. */
#include <kernel/time.h>
#include <kernel/printk.h>
#include <net/dst.h>
#include <net/netdevice.h>

void dst_init(struct dst_entry *dst, const struct dst_ops *ops,
	      struct net_device *dev)
{
	refcount_set(&dst->refcnt, 1);
	dst->ops = ops;
	dst->dev = dev;
	dst->mtu = 0;
	dst->expires = 0;
	dev_hold(dev);
}

struct dst_entry *dst_clone(struct dst_entry *dst)
{
	refcount_inc(&dst->refcnt);
	return dst;
}

void dst_release(struct dst_entry *dst)
{
	if (!refcount_dec_and_test(&dst->refcnt))
		return;
	dev_put(dst->dev);
	dst->ops->destroy(dst);
}

u32 dst_mtu(const struct dst_entry *dst)
{
	if (dst->mtu && (!dst->expires || time_before(jiffies, dst->expires)))
		return min(dst->mtu, dst->dev->mtu);
	return dst->dev->mtu;
}
