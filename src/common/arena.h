/*
 * arena.h: per-document bump allocator.
 *
 * Every stage allocates the objects it hands on (model nodes, strings, laid
 * out boxes) from an arena owned by the caller; the arena is freed at once
 * when the document is done. Allocation never fails: out of memory aborts
 * the process with a message (there is nothing sensible to recover).
 */
#ifndef ARSRAPPORT_ARENA_H
#define ARSRAPPORT_ARENA_H

#include <stddef.h>

#include "msg.h"

typedef struct arena arena;

/* A new, empty arena. Free with arena_free. */
arena *arena_new(void);
/* Frees every block the arena handed out, and the arena itself. NULL is ok. */
void arena_free(arena *a);
/* size bytes, zeroed, aligned for any object type. */
void *arena_alloc(arena *a, size_t size);
/* A copy of the n first bytes of s, NUL-terminated. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* A copy of s (NULL gives NULL). */
char *arena_strdup(arena *a, const char *s);
/* printf into a new arena string. */
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Calls fn(arg) when a is freed, before its memory goes (the last
 * registered first): for what an arena's objects own outside it. The
 * record lives in a. */
void arena_on_free(arena *a, void (*fn)(void *), void *arg);
/* Bytes handed out so far (for statistics and tests). */
size_t arena_used(const arena *a);
/* An arena for a part of something that is freed early (a part of the
 * model, model.h): its blocks stay at 64 KiB and a request over that gets
 * a block of its own size, so that a small arena holds no 2 MiB block. */
arena *arena_new_small(void);

/* Gives the heap's free pages back to the system (glibc's malloc_trim;
 * nothing elsewhere): after much was freed, so that what is allocated
 * next is not counted on top of it. */
void heap_give_back(void);

/* Heap helpers with the same out-of-memory policy. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* Ends the process with a message: out of memory (exit status 2). It is
 * the process's (src/engine/process.c): it removes a temporary output
 * file and names the document being processed. */
_Noreturn void die_oom(void);

#endif
