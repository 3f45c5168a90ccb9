/*
 * status.h: the assessments of a status column (kolumn typ="status"), the
 * måluppfyllelse of a goal: uppfyllt, delvis uppfyllt, ej uppfyllt, ej
 * mätt. Shared by validate (an unknown value is TAB-04) and layout (each
 * value is printed as a symbol and its word, never by colour alone:
 * rules.md §6, WCAG 2.1 1.4.1).
 */
#ifndef ARSRAPPORT_STATUS_H
#define ARSRAPPORT_STATUS_H

#include <stdint.h>

typedef enum {
    STATUS_EMPTY,        /* no text: nothing to show */
    STATUS_MET,          /* uppfyllt */
    STATUS_PARTLY,       /* delvis uppfyllt */
    STATUS_NOT_MET,      /* ej uppfyllt */
    STATUS_NOT_MEASURED, /* ej mätt */
    STATUS_UNKNOWN       /* any other text */
} status_value;

/* Reads a status cell's text (UTF-8, NFC): the four values in any mix of
 * upper and lower case, surrounding and repeated white space ignored. */
status_value status_parse(const char *s);

/* The symbol printed before the word (a code point Liberation Sans has in
 * all four styles) and its colour (0xRRGGBB, at least 4.5:1 against
 * white); 0 for STATUS_EMPTY and STATUS_UNKNOWN. */
uint32_t status_symbol(status_value v);
uint32_t status_color(status_value v);

#endif
