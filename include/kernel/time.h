/* The monotonic clock (TSC-based, nanoseconds since boot) and jiffies. */
#ifndef _KERNEL_TIME_H
#define _KERNEL_TIME_H

#include <kernel/types.h>

#define HZ		1000
#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL
#define USEC_PER_SEC	1000000ULL
#define MSEC_PER_SEC	1000ULL

/* Ticks of 1/HZ s since boot, read from the monotonic clock (never stale). */
u64 get_jiffies_64(void);
#define jiffies get_jiffies_64()

u64 ktime_get_ns(void);

static inline u64 ktime_get_us(void) { return ktime_get_ns() / NSEC_PER_USEC; }
static inline u64 ktime_get_ms(void) { return ktime_get_ns() / NSEC_PER_MSEC; }

static inline u64 msecs_to_jiffies(u64 ms) { return DIV_ROUND_UP(ms * HZ, 1000); }
static inline u64 usecs_to_jiffies(u64 us) { return DIV_ROUND_UP(us * HZ, 1000000); }
static inline u64 jiffies_to_msecs(u64 j) { return j * 1000 / HZ; }

/* Wrap-safe comparisons, as Linux's time_after(). */
#define time_after(a, b)	((s64)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((s64)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

/* Wall clock seconds since the epoch, from the RTC at boot plus the monotonic clock. */
u64 ktime_get_real_seconds(void);
/* A monotonic time (ktime_get_ns) as wall-clock nanoseconds since the epoch. */
u64 ktime_mono_to_real(u64 ns);

/* Busy-wait; for device bring-up delays only, never on a packet path. */
void udelay(u64 us);
void mdelay(u64 ms);

#endif
