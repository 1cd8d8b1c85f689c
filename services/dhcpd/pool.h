/*
 * pool.h - one interface's address pool and what dhcpd knows of each
 * address: the state of its lease, until when, and for which client.
 * Time is passed in (seconds since boot), so the host tests drive it.
 *
 * Every address of the pool has a slot. A slot is FREE until a client is
 * offered it; a lease then goes OFFERED -> BOUND -> RELEASED or EXPIRED,
 * where the address is free for anyone but still remembered for its last
 * client, which gets it back first (RFC 2131 4.3.1: "the client's
 * previous address"). DECLINED (RFC 2131 4.3.3) keeps an address out of
 * use for a while, then it is FREE again.
 */
#ifndef DHCPD_POOL_H
#define DHCPD_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include <skiff/dhcp_lease.h>
#include <skiff/dhcp_msg.h>

#define POOL_NEVER	INT64_MAX

/* Who a client is (RFC 2131 4.2): its client identifier, else its chaddr. */
struct client_key {
	uint8_t mac[6];
	uint8_t id[DHCP_CLIENT_ID_MAX];
	uint8_t id_len;			/* 0: none sent */
};

struct lease {
	uint8_t state;			/* enum dhcp_lease_state */
	int64_t ends;			/* when the state ends, or began (pool.h top) */
	struct client_key client;	/* unused while FREE */
	char hostname[DHCP_HOSTNAME_MAX + 1];
};

struct pool {
	uint32_t first;			/* host byte order */
	unsigned int size;		/* addresses first .. first + size - 1 */
	struct lease *leases;		/* one slot per address */
};

/* A pool of FREE slots for first..last (network byte order); -1 if out of memory. */
int pool_init(struct pool *p, uint32_t first, uint32_t last);
void pool_destroy(struct pool *p);

/* The slot of addr (network byte order), or NULL outside the pool. */
struct lease *pool_lease(struct pool *p, uint32_t addr);
/* The address (network byte order) of slot l. */
uint32_t pool_addr(const struct pool *p, const struct lease *l);

/*
 * Whether l is c's: by client identifier when both have one, else by
 * chaddr (a client that stops sending one stays itself). Never a FREE
 * slot's.
 */
bool lease_owned_by(const struct lease *l, const struct client_key *c);

/* c's lease in a state of mask (1u << DHCP_LEASE_*): the latest to end, or NULL. */
struct lease *pool_find_client(struct pool *p, const struct client_key *c,
			       unsigned int mask);

/*
 * The address for c's DHCPDISCOVER, in RFC 2131 4.3.1's order: its
 * current binding, its previous one, the address it asks for (requested,
 * network order, or 0) if nobody holds it, a never used address (lowest
 * first), the free address longest unused. NULL when none is left.
 */
struct lease *pool_choose(struct pool *p, const struct client_key *c,
			  uint32_t requested);

/* Whether an address in this state may be given to a new client. */
bool lease_state_free(uint8_t state);

/*
 * Moves every lease whose time has come at now: BOUND and OFFERED to
 * EXPIRED, DECLINED to FREE. expired(arg, l, old_state) hears of each
 * (it may be NULL). Returns how many moved.
 */
unsigned int pool_expire(struct pool *p, int64_t now,
			 void (*expired)(void *arg, const struct lease *l,
					 uint8_t old_state),
			 void *arg);

/* The next time pool_expire has something to do, or POOL_NEVER. */
int64_t pool_next_event(const struct pool *p);

#endif
