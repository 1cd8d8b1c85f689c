/* inttypes.h - printf length prefixes for the <stdint.h> types (C11 7.8.1). */
#ifndef SKIFF_INTTYPES_H
#define SKIFF_INTTYPES_H

#include <stdint.h>

/*
 * The prefix must name the very type <stdint.h> picked, or -Wformat
 * complains: on LP64 (x86-64) 64-bit and pointer-sized integers are long,
 * on ILP32 int64_t is long long and intptr_t is int.
 */
#ifdef __LP64__
#define __PRI64		"l"
#define __PRIPTR	"l"
#else
#define __PRI64		"ll"
#define __PRIPTR	""
#endif

#define PRId8		"d"
#define PRId16		"d"
#define PRId32		"d"
#define PRId64		__PRI64 "d"
#define PRIi8		"i"
#define PRIi16		"i"
#define PRIi32		"i"
#define PRIi64		__PRI64 "i"
#define PRIu8		"u"
#define PRIu16		"u"
#define PRIu32		"u"
#define PRIu64		__PRI64 "u"
#define PRIo8		"o"
#define PRIo16		"o"
#define PRIo32		"o"
#define PRIo64		__PRI64 "o"
#define PRIx8		"x"
#define PRIx16		"x"
#define PRIx32		"x"
#define PRIx64		__PRI64 "x"
#define PRIX8		"X"
#define PRIX16		"X"
#define PRIX32		"X"
#define PRIX64		__PRI64 "X"

#define PRIdMAX		__PRI64 "d"
#define PRIiMAX		__PRI64 "i"
#define PRIuMAX		__PRI64 "u"
#define PRIoMAX		__PRI64 "o"
#define PRIxMAX		__PRI64 "x"
#define PRIXMAX		__PRI64 "X"

#define PRIdPTR		__PRIPTR "d"
#define PRIiPTR		__PRIPTR "i"
#define PRIuPTR		__PRIPTR "u"
#define PRIoPTR		__PRIPTR "o"
#define PRIxPTR		__PRIPTR "x"
#define PRIXPTR		__PRIPTR "X"

#endif /* SKIFF_INTTYPES_H */
