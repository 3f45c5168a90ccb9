/*
 * typednum.c: numbering an author typed into a heading.
 */
#include "model.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1..2 digits at t[i]; their count, 0 when none or more than two. */
static size_t digits(const char *t, size_t i)
{
    size_t n = 0;
    while (digit(t[i + n]))
        n++;
    return n >= 1 && n <= 2 ? n : 0;
}

/* An upper-case letter starts at s: ASCII or Latin-1 (Å Ä Ö É Ü ...). */
static bool upper_at(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c == 0xC3) { /* U+00C0..U+00DE except U+00D7 */
        unsigned char d = (unsigned char)s[1];
        return d >= 0x80 && d <= 0x9E && d != 0x97;
    }
    return false;
}

bool doc_typed_number(const char *t, size_t *ns, size_t *ne, size_t *skip)
{
    size_t i = 0;
    while (t[i] == ' ' || t[i] == '\t')
        i++;
    size_t start = i, n = digits(t, i), end;
    if (n == 0)
        return false;
    i += n;
    if (t[i] == '.' && digits(t, i + 1)) {
        /* 2.1, 2.1.3, optionally ending in a point */
        while (t[i] == '.' && digits(t, i + 1))
            i += 1 + digits(t, i + 1);
        if (t[i] == '.')
            i++;
        end = i;
    } else if (t[i] == '.' || t[i] == ')') {
        end = ++i; /* 3. or 4) */
    } else {
        /* a bare number only before a capital: "10 Personal", not
         * "3 frågor" or "2023 i korthet" */
        end = i;
        size_t j = i;
        while (t[j] == ' ')
            j++;
        if (j == i || !upper_at(t + j))
            return false;
    }
    if (t[i] != ' ' && t[i] != '\t')
        return false;
    while (t[i] == ' ' || t[i] == '\t')
        i++;
    if (!t[i])
        return false;
    *ns = start;
    *ne = end;
    *skip = i;
    return true;
}
