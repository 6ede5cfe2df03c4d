/* isolate.h — libarchive and the document extractors in supervised child
 * processes.
 *
 * A crafted archive or document can crash its parser or make it loop for
 * ever.  So that it can never cost the scan, unpack (unpack.c) does not call
 * libarchive itself, nor does the worker run a document extractor (PDF,
 * office, mail, …: see extract.c's table) itself: a child process does
 * (unpack_child.c and doc_child.c, the leakscan binary started again with a
 * hidden subcommand), and the two talk over a socket pair with the messages
 * below.  The parent drives: it sends one request and waits
 * for its reply, serving the child's requests for source bytes meanwhile,
 * so exactly one side waits at any time and neither can block the other.
 *
 * Children are kept in a pool per worker thread (struct ls_isolate), one per
 * nesting level of containers and documents open on that thread, started when first
 * needed and reused for every later container at that level.  A child that
 * crashes, times out or is stopped is reaped, and a new one is started for
 * the next container or document. */
#ifndef LS_ISOLATE_H
#define LS_ISOLATE_H

#include <stddef.h>
#include <stdint.h>

#include "budget.h"
#include "scanlimits.h"
#include "status.h"

/* The libarchive error number for "a limit stopped this read": libarchive
 * itself only uses system errno values, -1 and the ARCHIVE_ERRNO_* aliases. */
#define LS_ISO_ERRNO_LIMIT (-19741)
/* Largest payload of one message: a bigger data block is sent in parts. */
#define LS_ISO_MAX_PAYLOAD (4u << 20)
/* Nesting levels with a child each: unpack refuses to open more containers
 * than this on one input (twice the depth ceiling, compressed layers count). */
#define LS_ISO_LEVELS (2 * LS_CEIL_DEPTH)
/* The exit status of a child that ran out of memory in its own code. */
#define LS_ISO_EXIT_NOMEM 125
/* The hidden subcommand that runs a child: leakscan __unpack-child MEM PPID
 * FLAGS (FLAGS: "-", then p for --paranoid's wiping, d for its debug line). */
#define LS_ISO_SUBCOMMAND "__unpack-child"

enum ls_iso_type {
    /* parent → child */
    LS_ISO_PASSWORD = 1, /* one --passwords line (payload), right after the start */
    LS_ISO_OPEN,         /* open a container: flags LS_ISO_F_*, payload struct ls_filters,
                          * the file descriptor of a seekable source attached */
    LS_ISO_NEXT,         /* read the next entry header */
    LS_ISO_READ,         /* read the next data block of the current entry */
    LS_ISO_CLOSE,        /* the container is done: free it */
    LS_ISO_SRC,          /* bytes of a streamed source: r = count or -1 (payload: the
                          * bytes, or the message; flags LS_ISO_F_LIMIT: a limit) */
    /* child → parent */
    LS_ISO_OPENED, /* r = archive_read_open1's result, a = filter count; payload: error */
    LS_ISO_HEADER, /* r = archive_read_next_header's result, flags LS_ISO_H_*,
                    * a = file type, b = size; payload: the name, or the error */
    LS_ISO_DATA,   /* r = archive_read_data_block's result, a = offset of the block
                    * in the entry, b = compressed bytes behind the entry so far;
                    * payload: the bytes, or the error */
    LS_ISO_SRCREQ, /* a = how many bytes of the streamed source it wants */
    LS_ISO_CLOSED, /* the container is freed */
    /* Documents (docrun.h, doc_child.c): a document extractor run in the child. */
    LS_ISO_DOC,  /* parent → child: run an extractor; payload: struct ls_limits, then the
                  * extractor's name, the MIME type, the charset and the path, each
                  * NUL-terminated; flags LS_ISO_F_FD: the file on disk is attached
                  * (a = its size), else the bytes come as a stream (SRCREQ/SRC,
                  * with err = the stream's fault status, a = its limit) */
    LS_ISO_ACK,  /* parent → child: the item of LS_ISO_ITEM is done, r = its status */
    LS_ISO_REC,  /* child → parent: records, each an 8-byte length and the record
                  * (recwire.h); a long batch in parts (LS_ISO_F_MORE) */
    LS_ISO_ITEM, /* child → parent: a child item (a mail attachment), in parts
                  * (LS_ISO_F_MORE): a 4-byte name length, the name, the bytes */
    LS_ISO_DONE, /* child → parent: the extractor returned r (a status), a = invalid
                  * sequences, flags LS_ISO_D_NO_TEXT; payload: its reason */
    LS_ISO_DOCS, /* parent → child: a batch, a = how many LS_ISO_DOC requests follow
                  * at once (at most LS_ISO_MAX_BATCH, each with its descriptor); the
                  * child reads them all, then runs them in order, each to its
                  * LS_ISO_DONE (docrun.h) */
};

/* The most documents of one LS_ISO_DOCS batch. */
#define LS_ISO_MAX_BATCH 32

/* LS_ISO_OPEN flags */
#define LS_ISO_F_COMPRESSED 1u /* a single compressed stream: the raw format */
#define LS_ISO_F_FD 2u         /* a seekable source: the attached descriptor, a = its size */
#define LS_ISO_F_LIMIT 4u      /* LS_ISO_SRC: the stream stopped on a limit */
#define LS_ISO_F_MORE 8u       /* LS_ISO_REC, LS_ISO_ITEM: more parts of it follow */
#define LS_ISO_D_NO_TEXT 1u    /* LS_ISO_DONE: a document without a text layer */

/* LS_ISO_HEADER flags */
#define LS_ISO_H_ENCRYPTED_ENTRIES 1u /* archive_read_has_encrypted_entries() > 0 */
#define LS_ISO_H_HARDLINK 2u          /* the entry is a hard link */
#define LS_ISO_H_SIZE_SET 4u          /* its size is known */
#define LS_ISO_H_DATA_ENCRYPTED 8u    /* its data is encrypted */
#define LS_ISO_H_RAW 16u              /* the raw format (the entry of a compressed stream) */
#define LS_ISO_H_NAMED 32u            /* the entry has a name (payload) */

/* Every message: this header, then len payload bytes. */
struct ls_iso_msg {
    uint32_t type;  /* enum ls_iso_type */
    int32_t r;      /* a libarchive result or a count */
    int32_t err;    /* archive_errno() with a failed r */
    uint32_t flags; /* LS_ISO_F_* / LS_ISO_H_* */
    int64_t a, b;   /* numbers, by type (above) */
    uint32_t len;   /* payload bytes that follow */
    uint32_t pad;
};

/* Sends one message with its payload, and fd (>= 0) attached.  For both
 * sides; a non-blocking socket waits for room.  0, or -1 (errno set). */
int ls_iso_send(int sock, const struct ls_iso_msg *m, const void *payload, int fd);

/* --- the parent's side: the pool ------------------------------------------ */

struct ls_isolate_conf {
    double max_item_seconds; /* a child silent this long is killed (0: never) */
    uint64_t max_memory;     /* address-space limit of a child (0: none) */
    char *const *passwords;  /* --passwords, sent to every child (not copied) */
    size_t npasswords;
    /* NULL: children are processes.  Otherwise children are threads of the
     * scanner running this loop (ls_unpack_child_serve, --parser-in-thread:
     * for debuggers and the fuzzer, which must see a fault in the process it
     * watches); a crash is then the scanner's, and a child that must be
     * killed is only abandoned. */
    int (*serve_in_thread)(int sock, int in_thread);
    int debug; /* --debug-hardening: a child prints its core limit, dumpability and wiping */
};

struct ls_isolate;
struct ls_child;

/* A pool for one worker thread.  conf is copied (not the passwords).
 * LS_OK or LS_ENOMEM; no child is started yet. */
ls_status ls_isolate_new(const struct ls_isolate_conf *conf, struct ls_isolate **out);
/* Ends every child (closing its socket makes it exit; then reaped). */
void ls_isolate_free(struct ls_isolate *iso);
/* Children started so far by this pool. */
uint64_t ls_isolate_spawned(const struct ls_isolate *iso);

/* The child for nesting level (< LS_ISO_LEVELS), started when there is none.
 * LS_OK, or LS_EFAILED with the reason in err (no process could start). */
ls_status ls_isolate_child(struct ls_isolate *iso, unsigned level, struct ls_child **out, char *err,
                           size_t errlen);

/* Sends a request; 0, or -1 when the child is gone (then ls_child_recv
 * reports how it ended). */
int ls_child_send(struct ls_child *ch, const struct ls_iso_msg *m, const void *payload, int fd);

/* How waiting for a child ended. */
enum ls_child_wait {
    LS_CHILD_MSG = 0, /* a message came */
    LS_CHILD_DIED,    /* it exited or died (ls_child_why: "parser crashed (signal 11)") */
    LS_CHILD_TIMEOUT, /* silent for max_item_seconds: killed ("parser timed out") */
    LS_CHILD_STOPPED, /* the budget stopped the input meanwhile (interrupt, --max-seconds):
                       * killed; b->last_hit names it */
    LS_CHILD_BROKEN   /* it sent what the protocol does not allow: killed */
};

/* Waits for the next message of the child, checking the budget's time limit
 * and interrupt flag every 100 ms.  With LS_CHILD_MSG, *m and *payload
 * (valid until the next call on this child); otherwise the child is gone
 * and the next ls_isolate_child() starts a new one. */
enum ls_child_wait ls_child_recv(struct ls_child *ch, struct ls_budget *b, struct ls_iso_msg *m,
                                 const unsigned char **payload);

/* Ends an idle child (it exits when its socket closes) so that the next
 * container at its level starts a fresh one: after a container libarchive
 * found damaged, whose heap it may have left broken. */
void ls_child_retire(struct ls_child *ch);

/* Kills the child (SIGKILL) and reaps it, e.g. after a protocol error. */
void ls_child_kill(struct ls_child *ch);

/* Ends a child that may be busy with requests queued ahead of it (a batch,
 * docrun.h), so that the next container or document at its level starts a
 * fresh one: a process is killed at once (it would only see its socket
 * closed at its next message), a thread is joined once it has. */
void ls_child_drop(struct ls_child *ch);

/* Which start of its slot this child is (the pool's count of children
 * started when it started): a request sent ahead of time is still queued in
 * the child when the slot's child has the same serial. */
uint64_t ls_child_serial(const struct ls_child *ch);

/* Why the last child at this slot ended, in words (static or the child's). */
const char *ls_child_why(const struct ls_child *ch);

#endif
