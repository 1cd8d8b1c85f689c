/*
 * /proc/skiff/stats.json (keys documented in docs/api.md), assembled from
 * parts that the code owning the figures registers, the way each protocol
 * registers its own /proc/net file:
 *
 *	static void routes_json(struct json_list *l)
 *	{
 *		... for each route: json_sep(l); seq_printf(l->s, "{...}");
 *	}
 *	STATS_JSON(routes, "routes", '[', routes_json);
 *
 * A part's value is a list: an array ('[') of elements or an object ('{')
 * of members, each written after json_sep(). Several parts may fill one
 * key (TCP and UDP both add to "sockets"); they must agree on the kind.
 */
#ifndef _KERNEL_STATS_H
#define _KERNEL_STATS_H

#include <kernel/seq_buf.h>

#define SKIFF_VERSION "0.1"

struct json_list {
	struct seq_buf *s;
	bool first;
};

/* Before each element or member: a comma unless it is the first. */
static inline void json_sep(struct json_list *l)
{
	if (!l->first)
		seq_putc(l->s, ',');
	l->first = false;
}

struct stats_json_part {
	const char *key;
	char open;			/* '[' or '{' */
	void (*show)(struct json_list *l);
};

#define STATS_JSON(id, keystr, opench, showfn)				\
	static const struct stats_json_part __stats_json_##id		\
	__section("stats_json") __used __aligned(8) = {			\
		.key = keystr, .open = opench, .show = showfn,		\
	}

#endif
