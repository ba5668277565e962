/* Writing outputs safely: a new output under -o, or a file replaced in
 * place under -i, always through a temporary file renamed into place. */
#ifndef DECRUFT_REPLACE_H
#define DECRUFT_REPLACE_H

#include <stddef.h>
#include <sys/stat.h>

/* What a file was when it was read: -i replaces it only if it is still
 * that (no other process, such as a second decruft -i on the same tree,
 * replaced or changed it meanwhile). */
typedef struct file_stamp {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
} file_stamp;

/* Our temporary names: a walk skips them, should a crash leave one. */
#define REPLACE_TEMP_PREFIX ".decruft-"

/* Stamps the file at path for -i, refusing what -i cannot replace as it
 * was: a symbolic link (it would become a regular file, or its target
 * outside the tree be rewritten), a FIFO, a device, a socket.  Returns 0,
 * or -1 with *why set (a static message). */
int replace_stamp(const char *path, file_stamp *st, const char **why);

/* Writes data to path (a new output of -o, mode 0644): a temporary file
 * in the same folder renamed into place.  Returns 0, or -1 with errno set
 * and no temporary file left. */
int replace_write_new(const char *path, const char *data, size_t len);

/* Replaces the file at path by data (-i): under an exclusive flock(2) on
 * the file, which other decruft runs also take, checks that it is still
 * as stamped, keeps it under path+backup when backup is not NULL (a hard
 * link, renamed over an older backup), then writes data to a temporary
 * file with the original's owner, group and mode, flushed to disk, and
 * renames it into place.  Returns 0, or -1 with why (size n) saying what
 * failed; the file is then left as it was. */
int replace_in_place(const char *path, const file_stamp *st, const char *backup, const char *data, size_t len,
                     char *why, size_t n);

#endif
