/*
 * Host <-> network byte order. x86-64 is little-endian, so every conversion
 * is a byte swap; the __be16/__be32 types document which order a value is in.
 */
#ifndef _NET_BYTEORDER_H
#define _NET_BYTEORDER_H

#include <kernel/types.h>

static inline __be16 htons(u16 x) { return __builtin_bswap16(x); }
static inline u16 ntohs(__be16 x) { return __builtin_bswap16(x); }
static inline __be32 htonl(u32 x) { return __builtin_bswap32(x); }
static inline u32 ntohl(__be32 x) { return __builtin_bswap32(x); }

/* For constants in switch labels and static initialisers. */
#define __constant_htons(x)	((__be16)__builtin_bswap16(x))
#define __constant_htonl(x)	((__be32)__builtin_bswap32(x))

/* Unaligned big-endian loads and stores for option parsing. */
static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

#endif
