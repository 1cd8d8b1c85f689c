/*
 * auth.c - who may have a packet capture: the one who shows httpd's
 * capture token, as "?token=SECRET" or "Authorization: Bearer SECRET"
 * (RFC 6750 2.1 and 2.3). The comparison takes the same time whatever
 * the guess, so timing tells a guesser nothing about how close it came.
 * Pure: host unit-tested.
 */
#include <string.h>

#include "auth.h"

bool auth_token_equal(const char *secret, const char *given, size_t len)
{
	size_t n = strlen(secret);
	unsigned char diff = n != len;

	/* Every byte of the secret is looked at, against the guess or itself. */
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)secret[i] ^ (unsigned char)(i < len ? given[i] : ~secret[i]);
	return n > 0 && diff == 0;
}

/* RFC 6750 2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 11.1). */
bool auth_bearer(struct http_span field, struct http_span *token)
{
	static const char scheme[] = "bearer";
	size_t i, n = sizeof(scheme) - 1;

	if (field.len <= n)
		return false;
	for (i = 0; i < n; i++)
		if ((field.p[i] | 0x20) != scheme[i])
			return false;
	if (field.p[n] != ' ')
		return false;
	for (i = n; i < field.len && field.p[i] == ' '; i++)
		;
	token->p = field.p + i;
	token->len = field.len - i;
	return token->len > 0;
}

bool auth_capture_allowed(const char *secret, const struct http_request *req)
{
	struct http_span t;

	if (!secret || !secret[0])
		return false;
	if (req->authorization_count == 1 && auth_bearer(req->authorization, &t) &&
	    auth_token_equal(secret, t.p, t.len))
		return true;
	return http_query_param(req->query, "token", &t) &&
	       auth_token_equal(secret, t.p, t.len);
}
