/*
 * krav.h: the rules of one document kind, as read from
 * templates/<typ>/krav.xml (schema templates/schema/krav.rng).
 *
 * Plain data: the parse stage fills it, the validate stage compiles the
 * patterns (PCRE2) and checks documents against it, the front lists it
 * (`arsrapport rules`). Every string lives in the set's arena. Positions
 * point into the rule file so that a bad pattern can be reported where it
 * is written.
 */
#ifndef ARSRAPPORT_KRAV_H
#define ARSRAPPORT_KRAV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"

typedef struct {
    const char *text; /* the PCRE2 pattern as written */
    uint32_t line, col;
} krav_pattern;

typedef enum {
    KRAV_REQUIRED,    /* obligatorisk: missing is an error */
    KRAV_RECOMMENDED, /* rekommenderad: missing is a warning */
    KRAV_CONDITIONAL  /* villkorad: required when villkor holds */
} krav_level;

typedef struct {
    const char *id; /* "KB-05" */
    krav_level level;
    const char *villkor;   /* condition name, for KRAV_CONDITIONAL */
    const char *kalla;     /* legal source; NULL when none */
    const char *text;      /* canonical Swedish heading */
    const char *en;        /* English name; NULL when none */
    bool ejtom;            /* must not be empty when present */
    krav_pattern *monster; /* heading patterns */
    size_t n_monster;
    krav_pattern *brodtext; /* body-text fallbacks */
    size_t n_brodtext;
    krav_pattern *kolumn; /* a table with columns matching all of these */
    size_t n_kolumn;
    const char *tips_sv, *tips_en;
    const char *beskrivning_sv, *beskrivning_en;
    uint32_t line, col;
} krav_rule;

typedef struct {
    arena *a;
    const char *path; /* the krav.xml read */
    const char *typ, *namn, *en, *kalla;
    const char *beskrivning_sv, *beskrivning_en;
    krav_pattern *titel; /* title patterns naming this kind */
    size_t n_titel;
    krav_rule *rules;
    size_t n_rules;
} krav_set;

/* A new, empty set for the file at path. */
krav_set *krav_new(const char *path);
void krav_free(krav_set *ks);

/* Swedish name of a level ("obligatorisk", ...). */
const char *krav_level_name(krav_level level);

#endif
