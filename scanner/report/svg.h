/* svg.h — markup for the HTML report: HTML escaping, counts with thousands
 * separators, and bar charts as inline SVG (no script, no external font or
 * image), each with a <title> and <desc> and a text label on every bar. */
#ifndef LS_SVG_H
#define LS_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* Appends s[0..n) with & < > " ' as character references: safe as element
 * text and inside a quoted attribute. */
void ls_html_esc(struct ls_strbuf *out, const char *s, size_t n);
/* Appends s made safe to show (ls_term_safe: control bytes, invalid UTF-8,
 * bidi controls as \xNN / \uXXXX), then HTML-escaped. */
void ls_html_safe(struct ls_strbuf *out, const char *s, size_t n);
/* v with a comma every three digits ("1,046,412"); buf of 32 bytes. */
const char *ls_fmt_count(uint64_t v, char buf[32]);

/* One bar (or one legend entry). */
struct ls_bar {
    const char *label; /* UTF-8, escaped when written; long ones are cut with … */
    uint64_t value;
    const char *fill; /* a colour of ours (#rrggbb), never from the report */
};

/* One chart: id (unique in the page, [a-z0-9-]), title and desc (the
 * accessible name and description), and its width in SVG units. */
struct ls_chart {
    const char *id, *title, *desc;
    unsigned width;
};

/* Horizontal bars, one row per bar: the label on the left, the value at
 * the bar's end; a legend above when nlegend > 0 (values unused). */
void ls_svg_hbars(struct ls_strbuf *out, const struct ls_chart *c, const struct ls_bar *bars,
                  size_t n, const struct ls_bar *legend, size_t nlegend);
/* Vertical bars side by side (a time series): each label under its bar
 * (thinned out when they would not fit), the value above it (in short form,
 * 12.3k, when narrow; left out when the bar is too narrow for any). */
void ls_svg_vbars(struct ls_strbuf *out, const struct ls_chart *c, const struct ls_bar *bars,
                  size_t n);

#endif
