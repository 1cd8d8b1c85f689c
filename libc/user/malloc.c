/*
 * malloc.c - the service heap: first fit over an address-ordered free list,
 * grown with brk(2).
 *
 * Every block, used or free, starts with a 16-byte header holding its
 * total size and a tag; payloads are 16-byte aligned. Free blocks are kept
 * in address order and merged with free neighbours on free(), so the heap
 * does not fragment into slivers. A header whose tag is wrong (a double
 * free, a wild pointer, an overrun of the block before) aborts the service
 * at once instead of corrupting the heap further.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "brk.h"

#define ALIGN		16
#define HDR_SIZE	sizeof(struct block)
#define MIN_BLOCK	(2 * HDR_SIZE)		/* a header and a free-list link */
#define GROW_MIN	(64 * 1024)		/* brk(2) in steps of at least this */
#define TAG_USED	0x5553454455534544UL
#define TAG_FREE	0x4652454546524545UL

struct block {
	size_t size;		/* whole block, header included, ALIGN multiple */
	uint64_t tag;		/* TAG_USED or TAG_FREE */
	/* A free block's payload starts with the next free block. */
};

/* The heap is [heap_start, heap_end); free_list is sorted by address. */
static uintptr_t heap_start, heap_end;
static struct block *free_list;

static struct block **next_of(struct block *b)
{
	return (struct block **)(b + 1);
}

static struct block *block_of(void *p)
{
	struct block *b = (struct block *)p - 1;

	if ((uintptr_t)p % ALIGN || (uintptr_t)b < heap_start ||
	    (uintptr_t)b >= heap_end || b->tag != TAG_USED)
		abort();
	return b;
}

/* The block size for a request of n bytes, or 0 if it would overflow. */
static size_t block_size(size_t n)
{
	if (n > SIZE_MAX - HDR_SIZE - ALIGN)
		return 0;
	n = (n + HDR_SIZE + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return n < MIN_BLOCK ? MIN_BLOCK : n;
}

/*
 * Puts b on the free list at its address and merges it with the free
 * blocks just before and after it.
 */
static void insert_free(struct block *b)
{
	struct block **link = &free_list, *prev = NULL;

	while (*link && *link < b) {
		prev = *link;
		link = next_of(*link);
	}
	b->tag = TAG_FREE;
	*next_of(b) = *link;
	*link = b;
	if (*next_of(b) && (char *)b + b->size == (char *)*next_of(b)) {
		b->size += (*next_of(b))->size;
		*next_of(b) = *next_of(*next_of(b));
	}
	if (prev && (char *)prev + prev->size == (char *)b) {
		prev->size += b->size;
		*next_of(prev) = *next_of(b);
	}
}

/* Extends the heap by at least size bytes, as one free block. */
static int grow(size_t size)
{
	uintptr_t want;
	struct block *b;

	if (heap_end == 0) {
		heap_start = heap_end = (__sys_brk(0) + ALIGN - 1) &
					~(uintptr_t)(ALIGN - 1);
	}
	if (size < GROW_MIN)
		size = GROW_MIN;
	if (size > UINTPTR_MAX - heap_end)
		return -1;
	want = heap_end + size;
	if (__sys_brk(want) != want)
		return -1;
	b = (struct block *)heap_end;
	b->size = size;
	heap_end = want;
	insert_free(b);
	return 0;
}

/* Leaves the first size bytes of b in use and frees the rest, if worth it. */
static void split(struct block *b, size_t size)
{
	struct block *rest;

	if (b->size - size < MIN_BLOCK)
		return;
	rest = (struct block *)((char *)b + size);
	rest->size = b->size - size;
	b->size = size;
	insert_free(rest);
}

/* Takes the first free block of at least size bytes off the list. */
static struct block *take_fit(size_t size)
{
	for (struct block **link = &free_list; *link; link = next_of(*link)) {
		struct block *b = *link;

		if (b->size >= size) {
			*link = *next_of(b);
			b->tag = TAG_USED;
			return b;
		}
	}
	return NULL;
}

/* C11 7.22.3.4; malloc(0) returns a unique pointer, as glibc's does. */
void *malloc(size_t n)
{
	size_t size = block_size(n);
	struct block *b;

	if (size == 0)
		goto nomem;
	b = take_fit(size);
	if (!b) {
		if (grow(size) < 0)
			goto nomem;
		b = take_fit(size);
	}
	split(b, size);
	return b + 1;
nomem:
	errno = ENOMEM;
	return NULL;
}

void free(void *p)
{
	if (p)
		insert_free(block_of(p));
}

void *calloc(size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

/*
 * Shrinks in place, grows in place into a free block right after, else
 * moves. realloc(p, 0) frees p and returns NULL, as glibc's does.
 */
void *realloc(void *p, size_t n)
{
	struct block *b, *next;
	size_t size;
	void *q;

	if (!p)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	b = block_of(p);
	size = block_size(n);
	if (size == 0) {
		errno = ENOMEM;
		return NULL;
	}
	next = (struct block *)((char *)b + b->size);
	if (b->size < size && (uintptr_t)next < heap_end &&
	    next->tag == TAG_FREE && b->size + next->size >= size) {
		struct block **link = &free_list;

		while (*link != next)
			link = next_of(*link);
		*link = *next_of(next);
		b->size += next->size;
	}
	if (b->size >= size) {
		split(b, size);
		return p;
	}
	q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, b->size - HDR_SIZE);
	free(p);
	return q;
}
