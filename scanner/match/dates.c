/* dates.c — date parsing, the date span and its per-year counts (dates.h). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "match/dates.h"

static int num(const char *s, size_t n, size_t *i, size_t maxd, unsigned *out)
{
    size_t k = 0;
    unsigned v = 0;

    while (*i < n && k < maxd && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (unsigned)(s[*i] - '0');
        (*i)++;
        k++;
    }
    *out = v;
    return (int)k;
}

static uint32_t ymd_ok(unsigned y, unsigned m, unsigned d)
{
    static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (y < LS_YEAR_MIN || y > LS_YEAR_MAX || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return y * 10000 + m * 100 + d;
}

uint32_t ls_date_parse(const char *s, size_t n)
{
    size_t i = 0;
    unsigned a, b, c;
    int la, lb, lc;
    char sep;

    while (i < n && (s[i] < '0' || s[i] > '9'))
        i++;
    la = num(s, n, &i, 8, &a);
    if (la == 8)
        return ymd_ok(a / 10000, a / 100 % 100, a % 100);
    if (la == 0 || i >= n)
        return 0;
    sep = s[i++];
    if (sep != '/' && sep != '-' && sep != '.')
        return 0;
    lb = num(s, n, &i, 2, &b);
    if (lb == 0 || i >= n || s[i] != sep)
        return 0;
    i++;
    lc = num(s, n, &i, 4, &c);
    if (la == 4)
        return lc >= 1 && lc <= 2 ? ymd_ok(a, b, c) : 0;
    if (la > 2)
        return 0;
    if (lc == 2)
        c += c < 70 ? 2000 : 1900; /* two-digit years: 70–99 → 19xx */
    else if (lc != 4)
        return 0;
    return ymd_ok(c, b, a);
}

void ls_date_extend(struct ls_datetally *d, uint32_t ymd)
{
    if (!ymd)
        return;
    if (!d->first || ymd < d->first)
        d->first = ymd;
    if (ymd > d->last)
        d->last = ymd;
}

void ls_date_add(struct ls_datetally *d, uint32_t ymd)
{
    if (!ymd)
        return;
    ls_date_extend(d, ymd);
    d->by_year[ymd / 10000 - LS_YEAR_MIN]++;
    d->n++;
}

void ls_date_merge(struct ls_datetally *into, const struct ls_datetally *from)
{
    size_t i;

    if (from->first && (!into->first || from->first < into->first))
        into->first = from->first;
    if (from->last > into->last)
        into->last = from->last;
    for (i = 0; i < sizeof from->by_year / sizeof from->by_year[0]; i++)
        into->by_year[i] += from->by_year[i];
    into->n += from->n;
}
