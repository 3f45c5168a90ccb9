/*
 * dynsym.h: a function of a library opened with dlopen, looked up by
 * name into a typed function pointer. The libraries that only some runs
 * need (libcurl for `hamta` in src/net, libzip for Word, OpenDocument and
 * spreadsheet files in src/zip) are loaded this way instead of linked,
 * so every other run skips their start-up.
 */
#ifndef ARSRAPPORT_DYNSYM_H
#define ARSRAPPORT_DYNSYM_H

#include <dlfcn.h>
#include <stdbool.h>
#include <string.h>

/* Sets the function pointer at fn (size bytes) to the symbol name of
 * lib; false when the library lacks it. dlsym's void * becomes a
 * function pointer through memcpy: POSIX guarantees the conversion, ISO
 * C does not. */
static inline bool dynsym_look_up(void *lib, const char *name, void *fn,
                                  size_t size)
{
    void *p = dlsym(lib, name);
    if (!p)
        return false;
    memcpy(fn, &p, size);
    return true;
}

/* holder->field = symbol name of holder->lib, typed as the field. */
#define DYNSYM(holder, field, name)                                            \
    dynsym_look_up((holder)->lib, name, &(holder)->field, sizeof(holder)->field)

#endif
