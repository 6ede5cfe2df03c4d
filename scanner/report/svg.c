/* svg.c — HTML escaping and inline-SVG bar charts for the HTML report (svg.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report/svg.h"
#include "report/termsafe.h"

/* Longest label shown under a vertical bar, in characters (the full one is
 * in the bar's <title>). */
#define LABEL_MAX_CHARS 38
/* Average width of a character of the charts' 12px font, in SVG units
 * (rounded up, so that labels cut to fit never overrun). */
#define CHAR_W 7
#define ROW_H 22 /* one horizontal bar row */
#define BAR_H 14

void ls_html_esc(struct ls_strbuf *out, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        switch (s[i]) {
        case '&':
            ls_strbuf_puts(out, "&amp;");
            break;
        case '<':
            ls_strbuf_puts(out, "&lt;");
            break;
        case '>':
            ls_strbuf_puts(out, "&gt;");
            break;
        case '"':
            ls_strbuf_puts(out, "&quot;");
            break;
        case '\'':
            ls_strbuf_puts(out, "&#39;");
            break;
        default:
            ls_strbuf_putc(out, s[i]);
        }
    }
}

void ls_html_safe(struct ls_strbuf *out, const char *s, size_t n)
{
    struct ls_strbuf t;

    ls_strbuf_init(&t, (n + 1) * 8);
    ls_term_safe(&t, s, n);
    ls_html_esc(out, t.data ? t.data : "", t.len);
    ls_strbuf_free(&t);
}

const char *ls_fmt_count(uint64_t v, char buf[32])
{
    char d[24];
    int n = snprintf(d, sizeof d, "%llu", (unsigned long long)v), i, o = 0;

    for (i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = d[i];
    }
    buf[o] = '\0';
    return buf;
}

/* v in at most 6 characters: 950, 12.3k, 4.1M. */
static const char *fmt_short(uint64_t v, char buf[32])
{
    if (v < 1000)
        snprintf(buf, 32, "%llu", (unsigned long long)v);
    else if (v < 1000000)
        snprintf(buf, 32, "%.*fk", v < 100000 ? 1 : 0, (double)v / 1e3);
    else
        snprintf(buf, 32, "%.*fM", v < 100000000 ? 1 : 0, (double)v / 1e6);
    return buf;
}

/* The label, shown safe and escaped, cut to max characters. */
static void put_label(struct ls_strbuf *out, const char *s, size_t max)
{
    size_t n = strlen(s), i = 0, chars = 0;

    while (i < n && chars < max) {
        i++;
        while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    ls_html_safe(out, s, i);
    if (i < n)
        ls_strbuf_puts(out, "…");
}

static void svg_open(struct ls_strbuf *out, const struct ls_chart *c, unsigned h)
{
    ls_strbuf_printf(out,
                     "<svg role=\"img\" aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %u %u\" "
                     "width=\"%u\" height=\"%u\" class=\"chart\">\n<title id=\"%s-t\">",
                     c->id, c->id, c->width, h, c->width, h, c->id);
    ls_html_esc(out, c->title, strlen(c->title));
    ls_strbuf_printf(out, "</title>\n<desc id=\"%s-d\">", c->id);
    ls_html_esc(out, c->desc, strlen(c->desc));
    ls_strbuf_puts(out, "</desc>\n");
}

/* The legend rows above a chart (written when out is not NULL); returns
 * the height they take. */
static unsigned svg_legend(struct ls_strbuf *out, const struct ls_chart *c,
                           const struct ls_bar *legend, size_t n)
{
    unsigned x = 0, y = 4;
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned w = 24 + 7 * (unsigned)strlen(legend[i].label);
        if (x && x + w > c->width) {
            x = 0;
            y += 18;
        }
        if (out) {
            ls_strbuf_printf(out,
                             "<g class=\"legend\"><rect x=\"%u\" y=\"%u\" width=\"11\" "
                             "height=\"11\" fill=\"%s\"/><text x=\"%u\" y=\"%u\">",
                             x, y, legend[i].fill, x + 16, y + 10);
            put_label(out, legend[i].label, LABEL_MAX_CHARS);
            ls_strbuf_puts(out, "</text></g>\n");
        }
        x += w;
    }
    return n ? y + 24 : 0;
}

void ls_svg_hbars(struct ls_strbuf *out, const struct ls_chart *c, const struct ls_bar *bars,
                  size_t n, const struct ls_bar *legend, size_t nlegend)
{
    unsigned lw = c->width >= 800 ? 320 : 250, bw = c->width - lw - 70, top, y;
    uint64_t max = 1;
    char num[32];
    size_t i;

    for (i = 0; i < n; i++)
        if (bars[i].value > max)
            max = bars[i].value;
    top = svg_legend(NULL, c, legend, nlegend);
    svg_open(out, c, top + (unsigned)n * ROW_H + 4);
    svg_legend(out, c, legend, nlegend);
    for (i = 0, y = top; i < n; i++, y += ROW_H) {
        unsigned w = (unsigned)((double)bars[i].value / (double)max * bw + 0.5);
        if (bars[i].value && w < 1)
            w = 1;
        ls_strbuf_puts(out, "<g class=\"bar\"><title>");
        ls_html_safe(out, bars[i].label, strlen(bars[i].label));
        ls_strbuf_printf(out, ": %s</title><text x=\"%u\" y=\"%u\" text-anchor=\"end\">",
                         ls_fmt_count(bars[i].value, num), lw - 8, y + 12);
        put_label(out, bars[i].label, (lw - 12) / CHAR_W);
        ls_strbuf_printf(out,
                         "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\"/>"
                         "<text x=\"%u\" y=\"%u\" class=\"val\">%s</text></g>\n",
                         lw, y + 1, w, BAR_H, bars[i].fill, lw + w + 6, y + 12, num);
    }
    ls_strbuf_puts(out, "</svg>\n");
}

/* The i-th of n vertical bars: its label under it when every k-th label
 * fits, its value above it. */
struct vgeom {
    unsigned x0, slot, base, plot_h, k;
    uint64_t max;
};

static void svg_vbar(struct ls_strbuf *out, const struct vgeom *g, const struct ls_bar *b, size_t i)
{
    unsigned bw = g->slot * 4 / 5, x = g->x0 + (unsigned)i * g->slot + (g->slot - bw) / 2;
    unsigned h = (unsigned)((double)b->value / (double)g->max * g->plot_h + 0.5);
    unsigned cx = x + bw / 2;
    char num[32];

    if (b->value && h < 1)
        h = 1;
    ls_strbuf_puts(out, "<g class=\"bar\"><title>");
    ls_html_safe(out, b->label, strlen(b->label));
    ls_strbuf_printf(out, ": %s</title>", ls_fmt_count(b->value, num));
    ls_strbuf_printf(out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\"/>", x,
                     g->base - h, bw ? bw : 1, h, b->fill);
    if (g->slot < CHAR_W * strlen(num) + 4)
        fmt_short(b->value, num);
    if (g->slot >= CHAR_W * strlen(num) + 4)
        ls_strbuf_printf(out,
                         "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\" class=\"val\">%s</text>",
                         cx, g->base - h - 4, num);
    if (i % g->k == 0) {
        ls_strbuf_printf(out, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">", cx, g->base + 16);
        put_label(out, b->label, LABEL_MAX_CHARS);
        ls_strbuf_puts(out, "</text>");
    }
    ls_strbuf_puts(out, "</g>\n");
}

void ls_svg_vbars(struct ls_strbuf *out, const struct ls_chart *c, const struct ls_bar *bars,
                  size_t n)
{
    struct vgeom g;
    size_t i;

    g.x0 = 8;
    g.slot = n ? (c->width - 16) / (unsigned)n : 1;
    if (!g.slot)
        g.slot = 1;
    g.base = 200;
    g.plot_h = 176;
    g.k = (38 + g.slot - 1) / g.slot; /* a year label takes about 38 units */
    g.max = 1;
    for (i = 0; i < n; i++)
        if (bars[i].value > g.max)
            g.max = bars[i].value;
    svg_open(out, c, 226);
    ls_strbuf_printf(out, "<line x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%u\" class=\"axis\"/>\n", g.x0,
                     g.base, c->width - 8, g.base);
    for (i = 0; i < n; i++)
        svg_vbar(out, &g, &bars[i], i);
    ls_strbuf_puts(out, "</svg>\n");
}
