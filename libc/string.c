/* string.c - memory and string functions (C11 7.24, BSD and POSIX extras). */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * memcpy and memset are in arch/x86/lib/memcpy_64.S (8-byte moves or the
 * string instructions, chosen per CPU). memcpy copies lowest address
 * first, so it is also memmove's forward copy.
 */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/*
	 * A forward copy is safe unless dst starts inside [src, src + n);
	 * the unsigned difference covers both d < s and d >= s + n at once.
	 */
	if ((uintptr_t)d - (uintptr_t)s >= n)
		return memcpy(dst, src, n);
	/* Backwards in C: `std; rep movsb` would leave DF set under an IRQ. */
	while (n--)
		d[n] = s[n];
	return dst;
}

/* C11 7.24.4p1: the first differing bytes decide, as unsigned char. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

/* Reads no byte past s[maxlen - 1], so s need not be NUL-terminated. */
size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++)
		if (*p != *q || !*p)
			return *p - *q;
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, SIZE_MAX);
}

/* POSIX: compares as if both strings were converted to lower case. */
int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		int d = tolower(*p) - tolower(*q);

		if (d || !*p)
			return d;
	}
	return 0;
}

/* C11 7.24.5.2: the terminating NUL counts as part of the string. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/*
 * The plain O(len(haystack) * len(needle)) search: needles in a kernel are
 * short, and this is easy to check.
 */
char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (;; haystack++) {
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
		if (!*haystack)
			return NULL;
	}
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strcpy(char *restrict dst, const char *restrict src)
{
	memcpy(dst, src, strlen(src) + 1);
	return dst;
}

/*
 * C11 7.24.2.4: copies at most n bytes and pads the rest of dst with NULs;
 * dst is not terminated when src has n or more bytes.
 */
char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst;
}

/*
 * OpenBSD strlcpy(3): dst always terminated when size > 0; returns
 * strlen(src), so a result >= size means the copy was truncated.
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/*
 * OpenBSD strlcat(3): returns the length of the string it tried to create.
 * If dst holds no NUL within size it is left alone and size + strlen(src)
 * is returned.
 */
size_t strlcat(char *restrict dst, const char *restrict src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}

char *strcat(char *restrict dst, const char *restrict src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/* C11 7.24.3.2: appends at most n bytes of src, then always a NUL. */
char *strncat(char *restrict dst, const char *restrict src, size_t n)
{
	char *end = dst + strlen(dst);
	size_t len = strnlen(src, n);

	memcpy(end, src, len);
	end[len] = '\0';
	return dst;
}

/*
 * POSIX strtok_r: skips leading delimiters, ends the token at the next one;
 * *saveptr remembers where to resume, so callers may interleave strings.
 */
char *strtok_r(char *restrict s, const char *restrict delim,
	       char **restrict saveptr)
{
	char *tok;

	if (!s)
		s = *saveptr;
	s += strspn(s, delim);
	if (!*s) {
		*saveptr = s;
		return NULL;
	}
	tok = s;
	s += strcspn(s, delim);
	if (*s)
		*s++ = '\0';
	*saveptr = s;
	return tok;
}

/*
 * BSD strsep: unlike strtok_r, adjacent delimiters yield empty tokens, and
 * *sp becomes NULL after the last token.
 */
char *strsep(char **restrict sp, const char *restrict delim)
{
	char *tok = *sp;
	char *end;

	if (!tok)
		return NULL;
	end = tok + strcspn(tok, delim);
	if (*end) {
		*end = '\0';
		*sp = end + 1;
	} else {
		*sp = NULL;
	}
	return tok;
}

/* glibc's wording, so messages read the same as on a Linux host. */
static const char *const error_messages[] = {
	[0]		= "Success",
	[EPERM]		= "Operation not permitted",
	[ENOENT]	= "No such file or directory",
	[ESRCH]		= "No such process",
	[EINTR]		= "Interrupted system call",
	[EIO]		= "Input/output error",
	[ENXIO]		= "No such device or address",
	[E2BIG]		= "Argument list too long",
	[ENOEXEC]	= "Exec format error",
	[EBADF]		= "Bad file descriptor",
	[ECHILD]	= "No child processes",
	[EAGAIN]	= "Resource temporarily unavailable",
	[ENOMEM]	= "Cannot allocate memory",
	[EACCES]	= "Permission denied",
	[EFAULT]	= "Bad address",
	[ENOTBLK]	= "Block device required",
	[EBUSY]		= "Device or resource busy",
	[EEXIST]	= "File exists",
	[EXDEV]		= "Invalid cross-device link",
	[ENODEV]	= "No such device",
	[ENOTDIR]	= "Not a directory",
	[EISDIR]	= "Is a directory",
	[EINVAL]	= "Invalid argument",
	[ENFILE]	= "Too many open files in system",
	[EMFILE]	= "Too many open files",
	[ENOTTY]	= "Inappropriate ioctl for device",
	[ETXTBSY]	= "Text file busy",
	[EFBIG]		= "File too large",
	[ENOSPC]	= "No space left on device",
	[ESPIPE]	= "Illegal seek",
	[EROFS]		= "Read-only file system",
	[EMLINK]	= "Too many links",
	[EPIPE]		= "Broken pipe",
	[EDOM]		= "Numerical argument out of domain",
	[ERANGE]	= "Numerical result out of range",
	[EDEADLK]	= "Resource deadlock avoided",
	[ENAMETOOLONG]	= "File name too long",
	[ENOLCK]	= "No locks available",
	[ENOSYS]	= "Function not implemented",
	[ENOTEMPTY]	= "Directory not empty",
	[ELOOP]		= "Too many levels of symbolic links",
	[ENOMSG]	= "No message of desired type",
	[EIDRM]		= "Identifier removed",
	[ECHRNG]	= "Channel number out of range",
	[EL2NSYNC]	= "Level 2 not synchronized",
	[EL3HLT]	= "Level 3 halted",
	[EL3RST]	= "Level 3 reset",
	[ELNRNG]	= "Link number out of range",
	[EUNATCH]	= "Protocol driver not attached",
	[ENOCSI]	= "No CSI structure available",
	[EL2HLT]	= "Level 2 halted",
	[EBADE]		= "Invalid exchange",
	[EBADR]		= "Invalid request descriptor",
	[EXFULL]	= "Exchange full",
	[ENOANO]	= "No anode",
	[EBADRQC]	= "Invalid request code",
	[EBADSLT]	= "Invalid slot",
	[EBFONT]	= "Bad font file format",
	[ENOSTR]	= "Device not a stream",
	[ENODATA]	= "No data available",
	[ETIME]		= "Timer expired",
	[ENOSR]		= "Out of streams resources",
	[ENONET]	= "Machine is not on the network",
	[ENOPKG]	= "Package not installed",
	[EREMOTE]	= "Object is remote",
	[ENOLINK]	= "Link has been severed",
	[EADV]		= "Advertise error",
	[ESRMNT]	= "Srmount error",
	[ECOMM]		= "Communication error on send",
	[EPROTO]	= "Protocol error",
	[EMULTIHOP]	= "Multihop attempted",
	[EDOTDOT]	= "RFS specific error",
	[EBADMSG]	= "Bad message",
	[EOVERFLOW]	= "Value too large for defined data type",
	[ENOTUNIQ]	= "Name not unique on network",
	[EBADFD]	= "File descriptor in bad state",
	[EREMCHG]	= "Remote address changed",
	[ELIBACC]	= "Can not access a needed shared library",
	[ELIBBAD]	= "Accessing a corrupted shared library",
	[ELIBSCN]	= ".lib section in a.out corrupted",
	[ELIBMAX]	= "Attempting to link in too many shared libraries",
	[ELIBEXEC]	= "Cannot exec a shared library directly",
	[EILSEQ]	= "Invalid or incomplete multibyte or wide character",
	[ERESTART]	= "Interrupted system call should be restarted",
	[ESTRPIPE]	= "Streams pipe error",
	[EUSERS]	= "Too many users",
	[ENOTSOCK]	= "Socket operation on non-socket",
	[EDESTADDRREQ]	= "Destination address required",
	[EMSGSIZE]	= "Message too long",
	[EPROTOTYPE]	= "Protocol wrong type for socket",
	[ENOPROTOOPT]	= "Protocol not available",
	[EPROTONOSUPPORT] = "Protocol not supported",
	[ESOCKTNOSUPPORT] = "Socket type not supported",
	[EOPNOTSUPP]	= "Operation not supported",
	[EPFNOSUPPORT]	= "Protocol family not supported",
	[EAFNOSUPPORT]	= "Address family not supported by protocol",
	[EADDRINUSE]	= "Address already in use",
	[EADDRNOTAVAIL]	= "Cannot assign requested address",
	[ENETDOWN]	= "Network is down",
	[ENETUNREACH]	= "Network is unreachable",
	[ENETRESET]	= "Network dropped connection on reset",
	[ECONNABORTED]	= "Software caused connection abort",
	[ECONNRESET]	= "Connection reset by peer",
	[ENOBUFS]	= "No buffer space available",
	[EISCONN]	= "Transport endpoint is already connected",
	[ENOTCONN]	= "Transport endpoint is not connected",
	[ESHUTDOWN]	= "Cannot send after transport endpoint shutdown",
	[ETOOMANYREFS]	= "Too many references: cannot splice",
	[ETIMEDOUT]	= "Connection timed out",
	[ECONNREFUSED]	= "Connection refused",
	[EHOSTDOWN]	= "Host is down",
	[EHOSTUNREACH]	= "No route to host",
	[EALREADY]	= "Operation already in progress",
	[EINPROGRESS]	= "Operation now in progress",
	[ESTALE]	= "Stale file handle",
	[EUCLEAN]	= "Structure needs cleaning",
	[ENOTNAM]	= "Not a XENIX named type file",
	[ENAVAIL]	= "No XENIX semaphores available",
	[EISNAM]	= "Is a named type file",
	[EREMOTEIO]	= "Remote I/O error",
	[EDQUOT]	= "Disk quota exceeded",
	[ENOMEDIUM]	= "No medium found",
	[EMEDIUMTYPE]	= "Wrong medium type",
	[ECANCELED]	= "Operation canceled",
	[ENOKEY]	= "Required key not available",
	[EKEYEXPIRED]	= "Key has expired",
	[EKEYREVOKED]	= "Key has been revoked",
	[EKEYREJECTED]	= "Key was rejected by service",
	[EOWNERDEAD]	= "Owner died",
	[ENOTRECOVERABLE] = "State not recoverable",
	[ERFKILL]	= "Operation not possible due to RF-kill",
	[EHWPOISON]	= "Memory page has hardware error",
};

/*
 * C11 7.24.6.2 lets strerror overwrite its result on the next call, which
 * is what the shared buffer for unknown numbers does.
 */
const char *strerror(int errnum)
{
	static char unknown[sizeof("Unknown error -2147483648")];
	size_t n = sizeof(error_messages) / sizeof(error_messages[0]);

	if (errnum >= 0 && (size_t)errnum < n && error_messages[errnum])
		return error_messages[errnum];
	snprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);
	return unknown;
}
