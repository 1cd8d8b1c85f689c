/* pool.c - the address pool and its leases (pool.h). */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

int pool_init(struct pool *p, uint32_t first, uint32_t last)
{
	p->first = ntohl(first);
	p->size = ntohl(last) - p->first + 1;
	p->leases = calloc(p->size, sizeof(*p->leases));
	return p->leases ? 0 : -1;
}

void pool_destroy(struct pool *p)
{
	free(p->leases);
	p->leases = NULL;
	p->size = 0;
}

struct lease *pool_lease(struct pool *p, uint32_t addr)
{
	uint32_t i = ntohl(addr) - p->first;

	return i < p->size ? &p->leases[i] : NULL;
}

uint32_t pool_addr(const struct pool *p, const struct lease *l)
{
	return htonl(p->first + (uint32_t)(l - p->leases));
}

bool lease_owned_by(const struct lease *l, const struct client_key *c)
{
	const struct client_key *o = &l->client;

	if (l->state == DHCP_LEASE_FREE)
		return false;
	if (o->id_len && c->id_len)
		return o->id_len == c->id_len && !memcmp(o->id, c->id, c->id_len);
	return !memcmp(o->mac, c->mac, sizeof(c->mac));
}

struct lease *pool_find_client(struct pool *p, const struct client_key *c,
			       unsigned int mask)
{
	struct lease *best = NULL;

	for (unsigned int i = 0; i < p->size; i++) {
		struct lease *l = &p->leases[i];

		if ((mask & (1u << l->state)) && lease_owned_by(l, c) &&
		    (!best || l->ends > best->ends))
			best = l;
	}
	return best;
}

bool lease_state_free(uint8_t state)
{
	return state == DHCP_LEASE_FREE || state == DHCP_LEASE_RELEASED ||
	       state == DHCP_LEASE_EXPIRED;
}

/* The never used address lowest in the pool, else the one free longest. */
static struct lease *pool_unused(struct pool *p)
{
	struct lease *oldest = NULL;

	for (unsigned int i = 0; i < p->size; i++) {
		struct lease *l = &p->leases[i];

		if (l->state == DHCP_LEASE_FREE)
			return l;
		if (lease_state_free(l->state) && (!oldest || l->ends < oldest->ends))
			oldest = l;
	}
	return oldest;
}

struct lease *pool_choose(struct pool *p, const struct client_key *c,
			  uint32_t requested)
{
	const unsigned int current = 1u << DHCP_LEASE_BOUND | 1u << DHCP_LEASE_OFFERED;
	const unsigned int previous = 1u << DHCP_LEASE_RELEASED | 1u << DHCP_LEASE_EXPIRED;
	struct lease *l = pool_find_client(p, c, current);

	if (l)
		return l;
	l = pool_find_client(p, c, previous);
	if (l)
		return l;
	l = requested ? pool_lease(p, requested) : NULL;
	if (l && lease_state_free(l->state))
		return l;
	return pool_unused(p);
}

unsigned int pool_expire(struct pool *p, int64_t now,
			 void (*expired)(void *arg, const struct lease *l,
					 uint8_t old_state),
			 void *arg)
{
	unsigned int moved = 0;

	for (unsigned int i = 0; i < p->size; i++) {
		struct lease *l = &p->leases[i];
		uint8_t old = l->state;

		if (lease_state_free(old) || l->ends > now)
			continue;
		if (old == DHCP_LEASE_DECLINED)
			memset(l, 0, sizeof(*l));	/* FREE: nobody's */
		else
			l->state = DHCP_LEASE_EXPIRED;	/* ends: when it expired */
		moved++;
		if (expired)
			expired(arg, l, old);
	}
	return moved;
}

int64_t pool_next_event(const struct pool *p)
{
	int64_t next = POOL_NEVER;

	for (unsigned int i = 0; i < p->size; i++) {
		const struct lease *l = &p->leases[i];

		if (!lease_state_free(l->state) && l->ends < next)
			next = l->ends;
	}
	return next;
}
