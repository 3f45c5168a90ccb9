/*
 * chart.h: the data of a diagram, read from its table.
 *
 * A diagram draws what its table holds, so figure and table never
 * disagree. Which parts of the table it takes (attributes of diagram; a
 * column is named by its id or its 1-based number, rows by their 1-based
 * number among the table's body rows, ranges as "2-4"):
 *
 *   kolumner (or serier)  the value columns (numeric); default: every
 *                         numeric column except the mal column
 *   rader                 the rows; default: every data row (rad without
 *                         typ, or typ="data"); varav, rubrik and summa rows
 *                         only when named
 *   kategorier            the text column that names the rows; default:
 *                         the first text column
 *   serier-i              "kolumner" (default): each value column is a
 *                         series and each row a category (utfall and
 *                         budget per verksamhet); "rader": each row is a
 *                         series and each value column a category (a key
 *                         figure over the years)
 *   mal                   the column of the målnivå (stapel-mal): the
 *                         target of the bars of its row
 *
 * Values are the table's effective values (calc.h): a typed number, or
 * the computed one in an empty total or formula cell. Missing marks (-,
 * .., .) and empty cells are gaps, never zeros.
 *
 * Everything allocated lives in the document's arena.
 */
#ifndef ARSRAPPORT_CHART_H
#define ARSRAPPORT_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

typedef enum {
    CHART_BAR,       /* stapel: grouped vertical bars */
    CHART_HBAR,      /* liggande-stapel: grouped horizontal bars */
    CHART_LINE,      /* linje: lines with markers */
    CHART_BAR_TARGET /* stapel-mal: vertical bars with a target line */
} chart_type;

/* What is wrong with a diagram's reference to its table (validate reports
 * these, layout leaves such a chart out). */
typedef enum {
    CHART_OK,
    CHART_PROB_TABLE,       /* tabell names no table */
    CHART_PROB_COLUMN,      /* a column named does not exist (name) */
    CHART_PROB_NOT_NUMERIC, /* a value or mal column is not numeric */
    CHART_PROB_CATEGORY,    /* kategorier names no text column */
    CHART_PROB_ROW,         /* a row number outside the table (name) */
    CHART_PROB_NO_TARGET,   /* stapel-mal without mal */
    CHART_PROB_NO_DATA,     /* not one value to draw */
    CHART_PROB_TOO_MANY,    /* more series than can be told apart */
} chart_problem;

/* The most series a chart draws: beyond it patterns and marker shapes
 * repeat and a reader can no longer tell them apart. */
#define CHART_MAX_SERIES 6
/* The most categories: beyond it the labels no longer fit. */
#define CHART_MAX_CATEGORIES 24

typedef struct {
    chart_type type;
    const doc_node *node, *table;
    int nser, ncat;
    const char **ser_label; /* nser */
    const char **cat_label; /* ncat */
    /* value of series s in category c: val[s * ncat + c], present when
     * has[...]; the target (stapel-mal) likewise */
    double *val;
    bool *has;
    double *target;
    bool *has_target;
    const char *target_label; /* the mal column's label, or NULL */
    bool percent;             /* every value column is a procent column */
    int decimals;             /* the most decimals of the value columns */
    /* the problem found, with the name it is about (a column or row
     * token), or CHART_OK */
    chart_problem problem;
    const char *problem_name;
} chart_data;

/* Reads the data of diagram node n of document d into *cd (always fully
 * set; on a problem cd->problem says which and nser/ncat may be 0). */
void chart_read(doc *d, const doc_node *n, chart_data *cd);

#endif
