/* unpack_child.h — the child process of unpack (see isolate.h): libarchive
 * driven by the parent's requests over descriptor 3. */
#ifndef LS_UNPACK_CHILD_H
#define LS_UNPACK_CHILD_H

/* The body of `leakscan __unpack-child MEM PPID` (MEM: address-space cap in
 * bytes, 0 none; PPID: the parent's process id).  Serves requests until
 * the parent closes its end; returns the exit status (0). */
int ls_unpack_child_main(int argc, char **argv);

/* The child's loop on socket sock: serves requests until the parent closes
 * its end.  in_thread: run on a thread of the scanner itself
 * (--parser-in-thread, for debuggers and the fuzzer: no isolation), which
 * then closes sock and returns instead of exiting. */
int ls_unpack_child_serve(int sock, int in_thread);

#endif
