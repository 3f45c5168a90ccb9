/*
 * net.c: an HTTP GET with libcurl, bounded in time and size (net.h).
 *
 * The one place the program reaches the network, for `arsrapport hamta`.
 * The body is collected by a write callback that refuses to grow past the
 * limit, so a server that sends no Content-Length (or a false one) cannot
 * make the process take more memory than max_bytes. Redirects are not
 * followed and only http and https are allowed: an answer must come from
 * the address the user chose (ARSRAPPORT_KOLADA_URL or Kolada's own).
 *
 * libcurl is loaded (dlopen) when a client is opened, not linked: linked,
 * it brought some thirty libraries (TLS, Kerberos, LDAP, SSH, ...) into
 * every process and about 12 million instructions of dynamic linking into
 * every `build`, which never reaches the network. The functions used are
 * looked up by name in Debian's libcurl.so.4; the header gives their
 * types and constants.
 */
#include "net.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/dynsym.h"

typedef struct {
    char *buf;
    size_t len, cap, max;
    bool too_big;
} sink;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *user)
{
    sink *s = user;
    size_t n = size * nmemb;
    if (n > s->max - s->len) {
        s->too_big = true;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 16384;
        while (cap < s->len + n + 1)
            cap *= 2;
        s->buf = xrealloc(s->buf, cap);
        s->cap = cap;
    }
    memcpy(s->buf + s->len, ptr, n);
    s->len += n;
    return n;
}

/* The libcurl functions this file calls, looked up in the loaded library. */
struct net_client {
    void *lib;
    CURLcode (*global_init)(long);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    curl_version_info_data *(*version_info)(CURLversion);
};

net_client *net_open(char *why, size_t why_len)
{
    if (why_len)
        why[0] = '\0';
    void *lib = dlopen(NET_CURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        if (why_len)
            snprintf(why, why_len, "%s", dlerror());
        return NULL;
    }
    net_client *nc = xcalloc(1, sizeof *nc);
    nc->lib = lib;
    if (!DYNSYM(nc, global_init, "curl_global_init") ||
        !DYNSYM(nc, global_cleanup, "curl_global_cleanup") ||
        !DYNSYM(nc, easy_init, "curl_easy_init") ||
        !DYNSYM(nc, easy_setopt, "curl_easy_setopt") ||
        !DYNSYM(nc, easy_perform, "curl_easy_perform") ||
        !DYNSYM(nc, easy_getinfo, "curl_easy_getinfo") ||
        !DYNSYM(nc, easy_cleanup, "curl_easy_cleanup") ||
        !DYNSYM(nc, easy_strerror, "curl_easy_strerror") ||
        !DYNSYM(nc, slist_append, "curl_slist_append") ||
        !DYNSYM(nc, slist_free_all, "curl_slist_free_all") ||
        !DYNSYM(nc, version_info, "curl_version_info")) {
        if (why_len)
            snprintf(why, why_len, "%s", dlerror());
        dlclose(lib);
        free(nc);
        return NULL;
    }
    if (nc->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        if (why_len)
            snprintf(why, why_len, "curl_global_init");
        dlclose(lib);
        free(nc);
        return NULL;
    }
    return nc;
}

void net_close(net_client *nc)
{
    if (!nc)
        return;
    nc->global_cleanup();
    dlclose(nc->lib);
    free(nc);
}

const char *net_curl_version(const net_client *nc)
{
    const curl_version_info_data *d = nc->version_info(CURLVERSION_NOW);
    return d && d->version ? d->version : NULL;
}

static bool is_http(const char *url)
{
    return strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0;
}

net_result net_get(net_client *nc, const char *url, const net_options *opt,
                   char **body, size_t *len, long *status, char *detail,
                   size_t detail_len)
{
    *body = NULL;
    *len = 0;
    *status = 0;
    if (detail_len)
        detail[0] = '\0';
    if (!is_http(url))
        return NET_BAD_URL;
    CURL *c = nc->easy_init();
    if (!c) {
        if (detail_len)
            snprintf(detail, detail_len, "curl_easy_init");
        return NET_FAILED;
    }
    sink s = {.max = opt->max_bytes};
    char errbuf[CURL_ERROR_SIZE] = "";
    nc->easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
    nc->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    nc->easy_setopt(c, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
    nc->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    nc->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    nc->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, opt->connect_timeout_s);
    nc->easy_setopt(c, CURLOPT_TIMEOUT, opt->timeout_s);
    nc->easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)opt->max_bytes);
    nc->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    nc->easy_setopt(c, CURLOPT_WRITEDATA, &s);
    nc->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    nc->easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* gzip if offered */
    if (opt->user_agent)
        nc->easy_setopt(c, CURLOPT_USERAGENT, opt->user_agent);
    struct curl_slist *hdr = nc->slist_append(NULL, "Accept: application/json");
    nc->easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    CURLcode rc = nc->easy_perform(c);
    nc->easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    nc->slist_free_all(hdr);
    nc->easy_cleanup(c);
    if (detail_len)
        snprintf(detail, detail_len, "%s",
                 errbuf[0] ? errbuf : nc->easy_strerror(rc));
    net_result r;
    switch (rc) {
    case CURLE_OK:
        r = NET_OK;
        break;
    case CURLE_OPERATION_TIMEDOUT:
        r = NET_TIMEOUT;
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        r = NET_UNREACHABLE;
        break;
    case CURLE_FILESIZE_EXCEEDED:
        r = NET_TOO_BIG;
        break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        r = NET_BAD_URL;
        break;
    default:
        r = s.too_big ? NET_TOO_BIG : NET_FAILED;
    }
    if (r != NET_OK) {
        free(s.buf);
        return r;
    }
    if (!s.buf)
        s.buf = xmalloc(1);
    s.buf[s.len] = '\0';
    *body = s.buf;
    *len = s.len;
    return NET_OK;
}
