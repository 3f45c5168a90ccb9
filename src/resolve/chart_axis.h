/*
 * chart_axis.h: the value axis of a chart, with round ticks.
 *
 * Pure arithmetic, no layout state, so the unit tests exercise it directly.
 * The ticks are multiples of a step of 1, 2 or 5 times a power of ten (the
 * steps a reader can add up in her head), the axis always includes zero
 * (a bar's length is its value only when it starts at zero, and a line
 * chart of key figures reads the same way as the bars next to it), and
 * it covers every value with at most CHART_MAX_TICKS intervals.
 */
#ifndef ARSRAPPORT_CHART_AXIS_H
#define ARSRAPPORT_CHART_AXIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHART_MAX_TICKS 8

typedef struct {
    /* the step is step_mant * 10^step_exp (step_mant 1, 2 or 5) */
    int64_t step_mant;
    int step_exp;
    /* the axis runs from lo_idx * step to hi_idx * step (lo_idx <= 0 <=
     * hi_idx, hi_idx > lo_idx) */
    int64_t lo_idx, hi_idx;
    double lo, hi, step; /* the same as doubles */
} chart_axis;

/* The axis for values in [vmin, vmax] (either order; non-finite values
 * are ignored by the caller), aiming at about target intervals (at most
 * CHART_MAX_TICKS). All-zero or no data gives 0..1. */
void chart_axis_make(double vmin, double vmax, int target, chart_axis *ax);

/* The number of ticks (intervals + 1). */
int chart_axis_nticks(const chart_axis *ax);
/* Tick i (0 = lo) as a value. */
double chart_axis_tick(const chart_axis *ax, int i);
/* Tick i printed the Swedish way (no-break space grouping, decimal comma,
 * U+2212 minus, "\u00a0%" when percent) into out. */
char *chart_axis_label(const chart_axis *ax, int i, bool percent, char *out,
                       size_t size);

#endif
