/*
 * commands.h: the commands that list and copy what a document kind defines.
 */
#ifndef ARSRAPPORT_COMMANDS_H
#define ARSRAPPORT_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "../engine/kindcache.h"

/* `rules [TYP]`: the kinds, or the rules of one kind, on stdout (as JSON
 * lines with json). Returns the exit status; problems go to dl. */
int cmd_rules(kind_cache *kc, const char *typ, msg_lang lang, bool json,
              diag_list *dl);

/* `new TYP`: the kind's skeleton (its mall.xml, or one made from its rules
 * when the kind has none), malloc'd, *len bytes; NULL with the reason in
 * dl. */
char *cmd_new(kind_cache *kc, const char *typ, const char *schema_path,
              diag_list *dl, size_t *len);

/* `new --fran FJOLARETS.xml [--period A:B]`: this year's skeleton from
 * last year's report (rollforward.h) with an <?xml-model?> line, malloc'd,
 * *len bytes; NULL with the reason in dl and the exit status in *status
 * (1: last year's report has errors, 2: it cannot be read or the period
 * is not ÅÅÅÅ-MM-DD:ÅÅÅÅ-MM-DD). */
char *cmd_new_from(const char *fran, const char *period,
                   const char *schema_path, msg_lang lang, diag_list *dl,
                   size_t *len, int *status);

#endif
