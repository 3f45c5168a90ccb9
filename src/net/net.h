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

/* The soname of the libcurl that net_open loads (Debian's libcurl4). */
#define NET_CURL_LIBRARY "libcurl.so.4"

/* libcurl, loaded for the requests of one command. */
typedef struct net_client net_client;

/* Loads libcurl and sets it up; NULL, with the loader's reason in why
 * (size why_len, may be 0), when it cannot be loaded (not installed).
 * Not thread-safe (curl_global_init); close with net_close. */
net_client *net_open(char *why, size_t why_len);
void net_close(net_client *nc);
/* The loaded libcurl's version ("7.88.1"), NULL when it cannot tell. */
const char *net_curl_version(const net_client *nc);

/* GETs url. On NET_OK, *body is a malloc'd buffer of *len bytes (with a
 * NUL after them; the caller frees it) and *status the HTTP status code.
 * Otherwise *body is NULL and detail (size detail_len, may be 0) receives
 * libcurl's short description of the failure, in English. */
net_result net_get(net_client *nc, const char *url, const net_options *opt,
                   char **body, size_t *len, long *status, char *detail,
                   size_t detail_len);

#endif
