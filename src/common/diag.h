/*
 * diag.h: diagnostics are data.
 *
 * Stages never print or exit: they add {severity, file, line, column, rule
 * id, message, hint} records to a diag_list, in the user's language, and the
 * command-line front decides how to show them and which exit status follows.
 * Messages come from the catalog in msg.h so that every text exists in
 * Swedish and English.
 */
#ifndef ARSRAPPORT_DIAG_H
#define ARSRAPPORT_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"

typedef enum { DIAG_WARNING = 1, DIAG_ERROR = 2 } diag_severity;

typedef struct {
    diag_severity severity;
    const char *file; /* path as the user gave it; owned by the list */
    uint32_t line;    /* 1-based; 0 when unknown */
    uint32_t col;     /* 1-based; 0 when unknown */
    char rule[24];    /* rule id such as "KB-05" or "XML-01" */
    char *message;    /* owned by the list */
    char *hint;       /* NULL or owned by the list */
    size_t seq;       /* insertion order, to keep sorting stable */
} diag;

typedef struct diag_list diag_list;

/* A new, empty list producing messages in lang. Free with diag_list_free. */
diag_list *diag_list_new(msg_lang lang);
void diag_list_free(diag_list *dl);
/* Moves every diagnostic of src to the end of dst, in order (stages that
 * run in a thread of their own collect into a list of their own); src is
 * left empty. */
void diag_list_take(diag_list *dst, diag_list *src);
msg_lang diag_list_lang(const diag_list *dl);

/* Adds a diagnostic whose message is catalog entry key formatted with the
 * following printf arguments. file is copied. Returns the new record. */
diag *diag_add(diag_list *dl, diag_severity sev, const char *file,
               uint32_t line, uint32_t col, const char *rule, msg_key key, ...);
/* Sets the hint of d from catalog entry key. */
void diag_hint(diag_list *dl, diag *d, msg_key key, ...);
/* Sets the hint of d to a literal text (already in the user's language). */
void diag_hint_text(diag *d, const char *text);

/* Rule ids that the document has switched off (warnings only). */
void diag_suppress(diag_list *dl, const char *rule);
bool diag_is_suppressed(const diag_list *dl, const char *rule);
/* Whether d is shown to the author: every error, and the warnings the
 * document has not switched off. */
bool diag_is_shown(const diag_list *dl, const diag *d);
/* How many errors and shown warnings dl holds. */
void diag_count_shown(const diag_list *dl, size_t *nerr, size_t *nwarn);

size_t diag_count(const diag_list *dl);
size_t diag_count_severity(const diag_list *dl, diag_severity sev);
/* The i-th diagnostic after diag_sort (document order). */
const diag *diag_get(const diag_list *dl, size_t i);
/* Sorts into document order: by file (first appearance), line, column,
 * then insertion order. */
void diag_sort(diag_list *dl);
/* Removes every diagnostic (the suppression list stays). */
void diag_clear(diag_list *dl);

/* Writes s to f with what could deceive a terminal or a reader of the
 * log made visible: control characters (escape sequences, carriage
 * returns, new lines), bidirectional formatting characters and bytes that
 * are not UTF-8 become \xHH or \uHHHH. For every file name and untrusted
 * string printed in a message (a kind folder's name, a path, a heading).
 * Allocates nothing (die_oom uses it). */
void diag_write_safe(FILE *f, const char *s);

#endif
