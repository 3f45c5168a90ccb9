/*
 * arena.c: the bump allocator behind every per-document object.
 *
 * Blocks of 64 KiB, doubling up to 2 MiB, are chained for requests up to
 * 64 KiB; larger requests go to blocks of their own (big_alloc). Nothing
 * is freed individually.
 */
#include "arena.h"

#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diag.h"

enum {
    ARENA_BLOCK = 64 * 1024,
    ARENA_BIG = 2 * 1024 * 1024, /* blocks grow to this, a huge page */
    ARENA_ALIGN = 16
};

struct block {
    struct block *next;
    size_t size, used;
    max_align_t data[];
};

struct arena {
    struct block *head;
    size_t total;
    size_t next_cap;    /* size of the next block: doubles up to ARENA_BIG */
    struct block *bigs; /* the blocks of requests over ARENA_BLOCK, the
                           first one the block being filled */
    struct cleanup *cleanups; /* arena_on_free, the last first */
    bool small;               /* arena_new_small */
};

struct cleanup {
    void (*fn)(void *);
    void *arg;
    struct cleanup *next;
};

/* A block of cap bytes of data. Big blocks are aligned to and advised as
 * huge pages: a large document then costs a few page faults instead of
 * thousands (a tenth of the time of `check`). */
static struct block *block_new(size_t cap)
{
    size_t bytes = sizeof(struct block) + cap;
    void *p = NULL;
#ifdef MADV_HUGEPAGE
    if (bytes >= ARENA_BIG) {
        size_t rounded = (bytes + ARENA_BIG - 1) / ARENA_BIG * ARENA_BIG;
        p = aligned_alloc(ARENA_BIG, rounded);
        if (p)
            madvise(p, rounded, MADV_HUGEPAGE);
    }
#endif
    if (!p)
        p = xmalloc(bytes);
    return p;
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die_oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die_oom();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        die_oom();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s);
    char *p = xmalloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

arena *arena_new(void)
{
    return xcalloc(1, sizeof(arena));
}

arena *arena_new_small(void)
{
    arena *a = arena_new();
    a->small = true;
    return a;
}

void heap_give_back(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void arena_free(arena *a)
{
    if (!a)
        return;
    for (struct cleanup *c = a->cleanups; c; c = c->next)
        c->fn(c->arg);
    for (int list = 0; list < 2; list++) {
        struct block *b = list ? a->bigs : a->head;
        while (b) {
            struct block *next = b->next;
            free(b);
            b = next;
        }
    }
    free(a);
}

/* size bytes (aligned, room checked) taken from block b, zeroed. */
static void *take(arena *a, struct block *b, size_t size)
{
    void *p = (char *)b->data + b->used;
    b->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

/* A request over ARENA_BLOCK (size already aligned). Such requests used
 * to get a chained block each, 2 MiB once the chain had grown, so that
 * 49 MB of paragraphs over 64 KiB took 1.2 GB. Now those under 1 MiB are
 * packed into 2 MiB huge-page blocks of their own (at most half of one is
 * left unused), larger ones get a block of their size. */
static void *big_alloc(arena *a, size_t size)
{
    struct block *b = a->bigs;
    bool own = size >= ARENA_BIG / 2 || a->small;
    if (own || !b || b->size - b->used < size) {
        size_t cap = own ? size : ARENA_BIG - sizeof(struct block);
        struct block *nb =
            a->small ? xmalloc(sizeof *nb + cap) : block_new(cap);
        nb->size = cap;
        nb->used = 0;
        if (own && b) {
            /* the block being filled stays first */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->bigs = nb;
        }
        b = nb;
    }
    return take(a, b, size);
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    if (size > SIZE_MAX / 2 - ARENA_BIG)
        die_oom();
    if (size > ARENA_BLOCK)
        return big_alloc(a, size);
    struct block *b = a->head;
    if (!b || b->size - b->used < size) {
        if (a->next_cap < ARENA_BLOCK || a->small)
            a->next_cap = ARENA_BLOCK;
        size_t cap;
        if (a->next_cap < ARENA_BIG) {
            cap = a->next_cap;
            a->next_cap *= 2;
        } else {
            cap = ARENA_BIG - sizeof(struct block); /* exactly a huge page */
        }
        struct block *nb = block_new(cap);
        nb->size = cap;
        nb->used = 0;
        nb->next = b;
        a->head = nb;
        b = nb;
    }
    return take(a, b, size);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const arena *a)
{
    return a->total;
}

void arena_on_free(arena *a, void (*fn)(void *), void *arg)
{
    struct cleanup *c = arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->arg = arg;
    c->next = a->cleanups;
    a->cleanups = c;
}
