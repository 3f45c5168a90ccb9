/*
 * net.h: one HTTP GET with limits (the only user of libcurl).
 *
 * Only the `hamta` command reaches the network; `build`, `check` and the
 * other stages never call this. A GET is bounded in every way a hostile
 * or broken server could stretch it: a connect timeout, a total timeout,
 * a largest answer (counted as it arrives, whatever Content-Length says),
 * http and https only, no redirects. The answer is kept in memory.
 */
#ifndef ARSRAPPORT_NET_H
#define ARSRAPPORT_NET_H

#include <stddef.h>

/* Why a GET gave no answer body to use. */
typedef enum {
    NET_OK,          /* an answer arrived (any HTTP status: see status) */
    NET_TIMEOUT,     /* no answer within the time allowed */
    NET_UNREACHABLE, /* the host name is unknown or nothing listens there
                        (an offline machine ends here) */
    NET_TOO_BIG,     /* the answer grew past max_bytes */
    NET_BAD_URL,     /* not an http or https address */
    NET_FAILED       /* any other transfer failure (detail says which) */
} net_result;

typedef struct {
    long connect_timeout_s; /* seconds to connect */
    long timeout_s;         /* seconds for the whole transfer */
    size_t max_bytes;       /* largest answer body accepted */
    const char *user_agent;
} net_options;

/* Process-wide set-up and clean-up of libcurl; call once each, around
 * every use (not thread-safe themselves). */
void net_global_init(void);
void net_global_cleanup(void);

/* GETs url. On NET_OK, *body is a malloc'd buffer of *len bytes (with a
 * NUL after them; the caller frees it) and *status the HTTP status code.
 * Otherwise *body is NULL and detail (size detail_len, may be 0) receives
 * libcurl's short description of the failure, in English. */
net_result net_get(const char *url, const net_options *opt, char **body,
                   size_t *len, long *status, char *detail, size_t detail_len);

#endif
