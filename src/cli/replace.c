/* Writing outputs safely.  Every output goes to a temporary file in its
 * target folder and is renamed into place once complete, so a crash at
 * any moment leaves every original intact and every output whole or
 * absent.  In place (-i), the file is also locked, checked and flushed
 * first, as sed -i and rsync do their part of it:
 * - a lock (flock on the original) and a check that the file is still the
 *   one that was read: two runs on one tree each replace a file at most
 *   once, and a backup always holds what its output was made from;
 * - temporary names are unique (mkstemp; a link retried on EEXIST), so
 *   two runs never share one, and start with ".decruft-", which the
 *   walk skips: no leftover is ever cleaned as an input;
 * - the owner, group and mode of the original are the new file's;
 * - a hard link is broken, as with sed -i: the name replaced gets the
 *   output, the file's other names keep the original. */
#define _DEFAULT_SOURCE /* flock */
#include "replace.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int replace_stamp(const char *path, file_stamp *st, const char **why)
{
    struct stat s;
    if (lstat(path, &s) != 0) {
        *why = strerror(errno);
        return -1;
    }
    if (S_ISLNK(s.st_mode)) {
        *why = "is a symbolic link: -i leaves it and its target alone (name the target to clean it)";
        return -1;
    }
    if (S_ISDIR(s.st_mode)) {
        *why = "is a directory (use -r to clean the files in it)";
        return -1;
    }
    if (!S_ISREG(s.st_mode)) {
        *why = "is not a regular file (a FIFO, device or socket): -i cannot replace it; left alone";
        return -1;
    }
    st->dev = s.st_dev;
    st->ino = s.st_ino;
    st->size = s.st_size;
    st->mtime = s.st_mtim;
    st->ctime = s.st_ctim;
    return 0;
}

static int same_time(struct timespec a, struct timespec b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; }

static int unchanged(const file_stamp *st, const struct stat *s)
{
    return s->st_dev == st->dev && s->st_ino == st->ino && s->st_size == st->size && same_time(s->st_mtim, st->mtime) &&
           same_time(s->st_ctim, st->ctime);
}

/* dir/name of path's folder, malloc'd. */
static char *sibling(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0, k = strlen(name);
    char *s = malloc(dir + k + 1);
    if (s) {
        memcpy(s, path, dir);
        memcpy(s + dir, name, k + 1);
    }
    return s;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes data to a temporary file beside path and renames it there.  With
 * like (-i), the file takes its owner, group and mode and reaches the disk
 * before the rename, so that even a power cut cannot leave an empty file
 * where an original was; a new output only needs to survive the process.
 * Returns 0, or -1 with errno set (no temporary file left). */
static int write_atomic(const char *path, const char *data, size_t len, const struct stat *like)
{
    char *tmp = sibling(path, REPLACE_TEMP_PREFIX "XXXXXX");
    if (!tmp)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    int rc = write_all(fd, data, len);
    /* Owner first: a change of owner clears the set-user-ID bits, which
     * fchmod then restores.  A user who may not give files away keeps at
     * least the group when a member of it. */
    if (rc == 0 && like && fchown(fd, like->st_uid, like->st_gid) != 0)
        (void)!fchown(fd, (uid_t)-1, like->st_gid);
    if (rc == 0)
        rc = fchmod(fd, like ? like->st_mode & 07777 : 0644);
    if (rc == 0 && like)
        rc = fsync(fd);
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    errno = e;
    return rc;
}

int replace_write_new(const char *path, const char *data, size_t len) { return write_atomic(path, data, len, NULL); }

/* Keeps the file at path under path+suffix: a hard link made under a
 * temporary name of our own, then renamed over any older backup, so that
 * the backup is always whole.  link(2) refuses a name that exists, so a
 * name is tried until a free one is found, as mkstemp does. */
static int keep_backup(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    char *bak = malloc(n + k + 1), *tmp = sibling(path, REPLACE_TEMP_PREFIX "bak-XXXXXXXXXXXX");
    int rc = -1;
    if (!bak || !tmp) {
        errno = ENOMEM;
        goto out;
    }
    memcpy(bak, path, n);
    memcpy(bak + n, suffix, k + 1);
    char *x = tmp + strlen(tmp) - 12;
    for (int attempt = 0; attempt < 100 && rc != 0; attempt++) {
        snprintf(x, 13, "%06x%06x", (unsigned)getpid() & 0xFFFFFF, (unsigned)rand() & 0xFFFFFF);
        rc = link(path, tmp);
        if (rc != 0 && errno != EEXIST)
            goto out;
    }
    if (rc == 0 && rename(tmp, bak) != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        rc = -1;
    }
out:
    free(bak);
    free(tmp);
    return rc;
}

int replace_in_place(const char *path, const file_stamp *st, const char *backup, const char *data, size_t len,
                     char *why, size_t n)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, n, "cannot open it again to replace it: %s; left unchanged", strerror(errno));
        return -1;
    }
    /* Another run may have replaced the file while this one waited for the
     * lock: the lock then belongs to the old file, and the name is checked
     * too. */
    struct stat locked, now;
    int rc = -1;
    if (flock(fd, LOCK_EX) != 0 || fstat(fd, &locked) != 0 || lstat(path, &now) != 0)
        snprintf(why, n, "cannot lock it: %s; left unchanged", strerror(errno));
    else if (!unchanged(st, &locked) || !unchanged(st, &now))
        snprintf(why, n, "changed while it was cleaned (by another process: a second decruft -i?); left as it is now");
    else if (backup && keep_backup(path, backup) != 0)
        snprintf(why, n, "cannot keep a backup: %s; left unchanged", strerror(errno));
    else if (write_atomic(path, data, len, &locked) != 0)
        snprintf(why, n, "cannot write %.300s: %s; left unchanged", path, strerror(errno));
    else
        rc = 0;
    close(fd); /* and the lock with it */
    return rc;
}
