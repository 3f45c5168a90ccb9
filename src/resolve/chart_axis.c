/*
 * chart_axis.c: round ticks for a chart's value axis (see chart_axis.h).
 */
#include "chart_axis.h"

#include <math.h>

#include "../common/numfmt.h"

/* Values beyond this are clamped: chart_read gives none (every figure is
 * under 10^15, the limit of numfmt.h), and the tick indices stay well
 * inside int64. */
#define AXIS_LIMIT 1e15

static double clampv(double v)
{
    if (!isfinite(v))
        return 0;
    return v > AXIS_LIMIT ? AXIS_LIMIT : v < -AXIS_LIMIT ? -AXIS_LIMIT : v;
}

void chart_axis_make(double vmin, double vmax, int target, chart_axis *ax)
{
    vmin = clampv(vmin);
    vmax = clampv(vmax);
    if (vmin > vmax) {
        double t = vmin;
        vmin = vmax;
        vmax = t;
    }
    /* zero is always on the axis */
    if (vmin > 0)
        vmin = 0;
    if (vmax < 0)
        vmax = 0;
    if (vmax - vmin <= 0)
        vmax = 1; /* all zero, or nothing */
    if (target < 2)
        target = 2;
    if (target > CHART_MAX_TICKS)
        target = CHART_MAX_TICKS;
    double range = vmax - vmin;
    /* the smallest 1-2-5 step that covers the range with at most
     * CHART_MAX_TICKS intervals, starting from the step that gives about
     * target intervals */
    int e = (int)floor(log10(range / target));
    if (e < -9)
        e = -9; /* below the finest scale num_format prints */
    static const int mants[3] = {1, 2, 5};
    for (int k = 0;; k++) {
        int m = mants[k % 3];
        int ex = e + k / 3;
        double step = m * pow(10, ex);
        double lo = floor(vmin / step - 1e-9);
        double hi = ceil(vmax / step - 1e-9);
        /* a value exactly on a tick needs no extra interval */
        if (vmin / step - lo >= 1 - 1e-9)
            lo += 1;
        if (hi < 1 && vmax > 0)
            hi = 1;
        if (lo > -1 && vmin < 0)
            lo = -1;
        if (hi - lo <= CHART_MAX_TICKS || k > 60) {
            ax->step_mant = m;
            ax->step_exp = ex;
            ax->lo_idx = (int64_t)lo;
            ax->hi_idx = (int64_t)hi;
            ax->step = step;
            ax->lo = lo * step;
            ax->hi = hi * step;
            return;
        }
    }
}

int chart_axis_nticks(const chart_axis *ax)
{
    return (int)(ax->hi_idx - ax->lo_idx) + 1;
}

double chart_axis_tick(const chart_axis *ax, int i)
{
    return (double)(ax->lo_idx + i) * ax->step;
}

char *chart_axis_label(const chart_axis *ax, int i, bool percent, char *out,
                       size_t size)
{
    /* exact: (lo_idx + i) * step_mant at scale -step_exp */
    int64_t m = (ax->lo_idx + i) * ax->step_mant;
    int scale = 0;
    if (ax->step_exp < 0) {
        scale = -ax->step_exp;
    } else {
        for (int k = 0; k < ax->step_exp; k++)
            m *= 10;
    }
    return num_format(m, scale, scale, percent, out, size);
}
