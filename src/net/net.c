/*
 * net.c: an HTTP GET with libcurl, bounded in time and size (net.h).
 *
 * The one place the program reaches the network, for `arsrapport hamta`.
 * The body is collected by a write callback that refuses to grow past the
 * limit, so a server that sends no Content-Length (or a false one) cannot
 * make the process take more memory than max_bytes. Redirects are not
 * followed and only http and https are allowed: an answer must come from
 * the address the user chose (ARSRAPPORT_KOLADA_URL or Kolada's own).
 */
#include "net.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"

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

void net_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void net_global_cleanup(void)
{
    curl_global_cleanup();
}

static bool is_http(const char *url)
{
    return strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0;
}

net_result net_get(const char *url, const net_options *opt, char **body,
                   size_t *len, long *status, char *detail, size_t detail_len)
{
    *body = NULL;
    *len = 0;
    *status = 0;
    if (detail_len)
        detail[0] = '\0';
    if (!is_http(url))
        return NET_BAD_URL;
    CURL *c = curl_easy_init();
    if (!c) {
        if (detail_len)
            snprintf(detail, detail_len, "curl_easy_init");
        return NET_FAILED;
    }
    sink s = {.max = opt->max_bytes};
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, opt->connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, opt->timeout_s);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)opt->max_bytes);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* gzip if offered */
    if (opt->user_agent)
        curl_easy_setopt(c, CURLOPT_USERAGENT, opt->user_agent);
    struct curl_slist *hdr =
        curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    if (detail_len)
        snprintf(detail, detail_len, "%s",
                 errbuf[0] ? errbuf : curl_easy_strerror(rc));
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
