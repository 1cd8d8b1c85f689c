/* auth.h - the capture token: constant-time comparison, Bearer credentials (auth.c). */
#ifndef SKIFF_HTTPD_AUTH_H
#define SKIFF_HTTPD_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"

/* True if given[0..len) is the secret; the time depends on the secret's length only. */
bool auth_token_equal(const char *secret, const char *given, size_t len);
/* The token of "Bearer TOKEN" (RFC 6750 2.1); false for another scheme or none. */
bool auth_bearer(struct http_span field, struct http_span *token);
/*
 * The request shows the secret: in one Authorization field as a Bearer
 * token, or as the query's token parameter. Never with an empty secret.
 */
bool auth_capture_allowed(const char *secret, const struct http_request *req);

#endif /* SKIFF_HTTPD_AUTH_H */
