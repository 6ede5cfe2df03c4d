/* scanconf.c — defaults of struct ls_config (scanconf.h). */
#include <stdint.h>
#include <string.h>

#include "scanconf.h"

void ls_config_default(struct ls_config *c)
{
    memset(c, 0, sizeof *c);
    c->format = LS_FMT_TEXT;
    c->min_confidence = LS_CONF_MEDIUM;
    c->progress = -1;
    c->color = -1;
    c->test_resize = -1;
    c->profile_min_hits = 3;
    c->profile_min_sites = 2;
    c->exact_distinct = UINT64_MAX;
    c->sample_seed = 1; /* LS_SAMPLE_SEED_DEFAULT */
    c->checkpoint_interval = 5.0;
    ls_limits_default(&c->limits);
}
