/*
 * Console input: one byte stream fed by every input device (the UART's
 * receive interrupt, the PS/2 keyboard's) and read by one consumer, the
 * console terminal (kernel/fs/console_file.c), so the shell takes keyboard
 * and serial input the same way, as Linux's tty layer takes them from any
 * tty driver.
 *
 * A ring of bytes under a spinlock taken with interrupts off: producers run
 * in hard-IRQ context, the reader in a thread. A full ring drops new bytes
 * (counted): a user typing ahead of a busy reader loses keys, never memory.
 */
#include <kernel/console.h>
#include <kernel/spinlock.h>
#include <kernel/wait.h>

#define INPUT_RING_SIZE	256		/* a power of two */

static char ring[INPUT_RING_SIZE];
static unsigned int ring_head, ring_tail;	/* free-running; head - tail queued */
static u64 stat_bytes, stat_dropped;
static DEFINE_SPINLOCK(input_lock);
DECLARE_WAIT_QUEUE_HEAD(console_input_wait);

void console_input_push(char c)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&input_lock, flags);
	if (ring_head - ring_tail < INPUT_RING_SIZE) {
		ring[ring_head++ % INPUT_RING_SIZE] = c;
		stat_bytes++;
		queued = true;
	} else {
		stat_dropped++;
	}
	spin_unlock_irqrestore(&input_lock, flags);
	if (queued)
		wake_up(&console_input_wait);
}

int console_trygetc(void)
{
	unsigned long flags;
	int c = -1;

	spin_lock_irqsave(&input_lock, flags);
	if (ring_head != ring_tail)
		c = (unsigned char)ring[ring_tail++ % INPUT_RING_SIZE];
	spin_unlock_irqrestore(&input_lock, flags);
	return c;
}

bool console_input_ready(void)
{
	return READ_ONCE(ring_head) != READ_ONCE(ring_tail);
}

void console_input_get_stats(struct console_input_stats *out)
{
	unsigned long flags;

	spin_lock_irqsave(&input_lock, flags);
	out->bytes = stat_bytes;
	out->dropped = stat_dropped;
	spin_unlock_irqrestore(&input_lock, flags);
}
