/*
 * SipHash-2-4 (Aumasson & Bernstein, 2012): a keyed hash fast on short
 * inputs. Pure C with no kernel dependencies, so the host test builds of
 * net/ link this same file.
 */
#include <kernel/random.h>
#include <string.h>

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND(v0, v1, v2, v3)					\
	do {								\
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;			\
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;			\
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
	} while (0)

/* SipHash-2-4 (Aumasson & Bernstein, 2012). */
u64 siphash(const void *data, size_t len, const u64 k[2])
{
	const u8 *p = data;
	u64 v0 = 0x736f6d6570736575ULL ^ k[0];
	u64 v1 = 0x646f72616e646f6dULL ^ k[1];
	u64 v2 = 0x6c7967656e657261ULL ^ k[0];
	u64 v3 = 0x7465646279746573ULL ^ k[1];
	u64 b = (u64)len << 56, m;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&m, p + i, 8);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	for (size_t j = 0; i + j < len; j++)
		b |= (u64)p[i + j] << (8 * j);
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	for (int r = 0; r < 4; r++)
		SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}
