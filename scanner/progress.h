/* progress.h — the progress line of a scan on a terminal (stderr).
 *
 * One line, redrawn in place ("\r", the line, erase to its end) at most
 * LS_PROGRESS_HZ times a second by a thread of its own: top-level files and
 * their bytes done out of those the walk found so far, inventory items, the
 * input rate, an ETA once the walk is over (the total is then known), and
 * the item a worker is reading, terminal-safe and cut to the terminal's
 * width.  The figures come from a sampler the engine gives (relaxed atomic
 * counters of the walk and the workers); workers name the item they start
 * with ls_progress_item (per item, never per record).
 *
 * Everything else that goes to stderr while the line may be drawn goes
 * through ls_progress_say, which erases the line first under the same lock
 * (the next tick redraws it).  ls_progress_halt erases it for good (an
 * interrupt, the end of the scan).  A NULL handle is valid everywhere and
 * does nothing but write the message. */
#ifndef LS_PROGRESS_H
#define LS_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "strbuf.h"

/* Redraws per second, at most. */
#define LS_PROGRESS_HZ 10
/* Bytes of an item's path kept for the line (the tail, when longer). */
#define LS_PROGRESS_ITEM_BYTES 512

/* One sample of the scan's counters. */
struct ls_progress_sample {
    uint64_t files_done;  /* top-level files done */
    uint64_t files_found; /* top-level files the walk found so far */
    uint64_t items_done;  /* inventory lines (files, entries, attachments) */
    uint64_t bytes_done;  /* input bytes of top-level files read (as stored) */
    uint64_t bytes_found; /* input bytes of the files the walk found so far */
    int walk_done;        /* the walk is over: *_found are the totals */
};

/* Fills a sample; called by the progress thread. */
typedef void (*ls_progress_sampler)(void *ud, struct ls_progress_sample *s);

struct ls_progress;

/* Makes a progress line on fd for nslots workers; inactive (nothing is
 * drawn) until ls_progress_start.  *out is NULL on LS_ENOMEM. */
ls_status ls_progress_new(int fd, unsigned nslots, struct ls_progress **out);
/* Starts the drawing thread.  width: the terminal's columns (0: ask the
 * terminal with TIOCGWINSZ, 80 when it does not say).  0, or -1 when the
 * thread cannot start (the scan goes on without a line). */
int ls_progress_start(struct ls_progress *p, ls_progress_sampler sample, void *ud, unsigned width);
/* Worker slot's current item (its logical path); cheap, per item. */
void ls_progress_item(struct ls_progress *p, unsigned slot, const char *path, size_t len);
/* Writes msg (a whole line or more) to fd, erasing the progress line first. */
void ls_progress_say(struct ls_progress *p, const char *msg);
/* Erases the line and draws no more (the thread keeps running until
 * ls_progress_free).  Safe to call more than once, from any thread. */
void ls_progress_halt(struct ls_progress *p);
/* Halts, joins the thread, frees.  NULL is a no-op. */
void ls_progress_free(struct ls_progress *p);

/* The line for a sample (pure; for the thread and the unit test): elapsed
 * seconds since the start, the item (may be NULL), the line at most width-1
 * display columns wide.  Appends to out. */
void ls_progress_format(const struct ls_progress_sample *s, double elapsed, const char *item,
                        size_t item_len, unsigned width, struct ls_strbuf *out);

#endif
