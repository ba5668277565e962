/* Files and trees: the inputs named on the command line (directories with
 * -r, in name order), cleaned to standard output in order, or each to its
 * own file (-o DIR, -i) written atomically: a temporary file in the target
 * folder, renamed into place once complete, so a crash at any moment leaves
 * every original intact and every output whole or absent. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct file_ctx {
    char *out_path; /* NULL: standard output */
    mode_t mode;    /* of the original, for -i */
} file_ctx;

typedef struct path_list {
    char **path, **rel;
    size_t n, cap;
} path_list;

static int list_add(path_list *l, const char *path, const char *rel)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->path, cap * sizeof *p), **r = p ? realloc(l->rel, cap * sizeof *r) : NULL;
        if (p)
            l->path = p;
        if (!p || !r)
            return -1;
        l->rel = r;
        l->cap = cap;
    }
    l->path[l->n] = strdup(path);
    l->rel[l->n] = strdup(rel);
    if (!l->path[l->n] || !l->rel[l->n])
        return -1;
    l->n++;
    return 0;
}

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 2);
    if (s) {
        memcpy(s, a, na);
        s[na] = '/';
        memcpy(s + na + 1, b, nb + 1);
        if (na && a[na - 1] == '/')
            memmove(s + na, s + na + 1, nb + 1);
    }
    return s;
}

/* Our own temporary files, should a crash leave one behind. */
static int is_temp_name(const char *name) { return !strncmp(name, ".decruft-", 9); }

/* Adds the regular files under dir, in name order, without following
 * symbolic links to directories (no loops). */
static void walk(cli *c, path_list *l, const char *dir, const char *rel)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        cli_fail(c, dir, strerror(errno));
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (strcmp(name, ".") && strcmp(name, "..") && !is_temp_name(name)) {
            char *path = join(dir, name), *sub = *rel ? join(rel, name) : strdup(name);
            struct stat st;
            if (!path || !sub)
                cli_fail(c, dir, "out of memory");
            else if (lstat(path, &st) != 0)
                cli_fail(c, path, strerror(errno));
            else if (S_ISDIR(st.st_mode))
                walk(c, l, path, sub);
            else if (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode)))
                list_add(l, path, sub);
            free(path);
            free(sub);
        }
        free(names[i]);
    }
    free(names);
}

/* Creates the folders of path (mkdir -p of its dirname). */
static int make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int bad = mkdir(path, 0777) != 0 && errno != EEXIST;
        *p = '/';
        if (bad)
            return -1;
    }
    return 0;
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

/* Writes data to path through a temporary file in the same folder and a
 * rename.  With durable, the data reaches the disk before the rename, so
 * that even a power cut cannot leave an empty file where an original was
 * (-i); a new output (-o) only needs to survive the process.  Returns 0,
 * or -1 with errno set (no temporary file left). */
static int write_atomic(const char *path, const char *data, size_t len, mode_t mode, int durable)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    char *slash = strrchr(copy, '/');
    const char *dir = ".";
    if (slash) {
        *slash = '\0';
        dir = copy[0] ? copy : "/";
    }
    char *tmp = join(dir, ".decruft-XXXXXX");
    free(copy);
    if (!tmp)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    int rc = write_all(fd, data, len);
    if (rc == 0)
        rc = fchmod(fd, mode);
    if (rc == 0 && durable)
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

/* Keeps the original under path+suffix: a hard link made under a
 * temporary name and renamed, so an old backup is replaced whole. */
static int keep_backup(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    char *bak = malloc(n + k + 1), *tmp = malloc(n + 16);
    if (!bak || !tmp) {
        free(bak);
        free(tmp);
        errno = ENOMEM;
        return -1;
    }
    memcpy(bak, path, n);
    memcpy(bak + n, suffix, k + 1);
    snprintf(tmp, n + 16, "%s.decruft-bak", path);
    unlink(tmp);
    int rc = link(path, tmp);
    if (rc == 0 && rename(tmp, bak) != 0) {
        rc = -1;
        unlink(tmp);
    }
    free(bak);
    free(tmp);
    return rc;
}

static void free_file_ctx(void *p)
{
    file_ctx *f = p;
    if (f)
        free(f->out_path);
    free(f);
}

static void emit_file(cli *c, job *j)
{
    file_ctx *f = j->ctx;
    if (!j->out)
        return; /* failed: reported; an original stays as it was */
    if (!f->out_path) {
        fwrite(j->out, 1, j->out_len, stdout);
        return;
    }
    if (c->in_place && c->backup && keep_backup(f->out_path, c->backup) != 0) {
        char why[256];
        snprintf(why, sizeof why, "cannot keep a backup: %s; left unchanged", strerror(errno));
        cli_fail(c, j->name, why);
        c->done--;
        return;
    }
    if (write_atomic(f->out_path, j->out, j->out_len, f->mode, c->in_place) != 0) {
        char why[512];
        snprintf(why, sizeof why, "cannot write %s: %s%s", f->out_path, strerror(errno),
                 c->in_place ? "; left unchanged" : "");
        cli_fail(c, j->name, why);
        c->done--;
    }
}

/* The output path of an input: -o DIR plus its path relative to the
 * folder named on the command line (its name alone for a file named
 * there), without a .gz suffix since the output is not compressed. */
static char *output_path(cli *c, const char *path, const char *rel)
{
    if (c->in_place)
        return strdup(path);
    char *out = join(c->out_dir, rel);
    size_t n = out ? strlen(out) : 0;
    if (n > 3 && !strcmp(out + n - 3, ".gz"))
        out[n - 3] = '\0';
    return out;
}

static int is_gzip_name(const char *path)
{
    size_t n = strlen(path);
    return n > 3 && !strcmp(path + n - 3, ".gz");
}

static void submit_file(cli *c, pool *p, const char *path, const char *rel)
{
    const char *name = strcmp(path, "-") ? path : "(stdin)";
    file_ctx *f = calloc(1, sizeof *f);
    if (!f) {
        cli_fail(c, name, "out of memory");
        return;
    }
    f->mode = 0644;
    if (c->in_place) {
        struct stat st;
        if (!strcmp(path, "-")) {
            cli_fail(c, name, "-i needs files, not standard input");
            free(f);
            return;
        }
        if (is_gzip_name(path)) {
            cli_fail(c, name, "is gzip-compressed: -i would write plain text under a .gz name (use -o)");
            free(f);
            return;
        }
        if (stat(path, &st) == 0)
            f->mode = st.st_mode & 07777;
    }
    if (c->out_dir && !strcmp(path, "-")) {
        cli_fail(c, name, "standard input has no name to write under -o");
        free(f);
        return;
    }
    if (c->in_place || c->out_dir) {
        f->out_path = output_path(c, path, rel);
        if (!f->out_path || (!c->in_place && make_parents(f->out_path) != 0)) {
            cli_fail(c, name, f->out_path ? strerror(errno) : "out of memory");
            free_file_ctx(f);
            return;
        }
    }
    const char *why = NULL;
    size_t len = 0;
    char *data = read_file(path, c->opts.max_bytes, "over the --max-bytes limit", &len, &why);
    if (!data) {
        cli_fail(c, name, why);
        free_file_ctx(f);
        return;
    }
    c->bytes_in += len;
    job *j = job_new(data, len, name);
    if (!j) {
        free(data);
        free_file_ctx(f);
        cli_fail(c, name, "out of memory");
        return;
    }
    j->ctx = f;
    j->free_ctx = free_file_ctx;
    j->emit = emit_file;
    /* A tree of sites (crawl/example.org/...): the first folder names it. */
    const char *slash = strchr(rel, '/');
    if (!c->site && slash)
        j->site = strndup(rel, (size_t)(slash - rel));
    pool_submit(p, j);
}

static int cmp_rel(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* Two inputs with the same output path under -o (a/x.html and b/x.html
 * named on the command line): the later ones are refused rather than
 * overwrite the first one's output.  Marks them by emptying their path. */
static void refuse_collisions(cli *c, path_list *l)
{
    char ***by_rel = malloc(l->n * sizeof *by_rel);
    if (!by_rel)
        return;
    for (size_t i = 0; i < l->n; i++)
        by_rel[i] = &l->rel[i];
    qsort(by_rel, l->n, sizeof *by_rel, cmp_rel);
    for (size_t i = 1; i < l->n; i++) {
        if (strcmp(*by_rel[i], *by_rel[i - 1]))
            continue;
        /* Keep the first in input order, refuse the other. */
        size_t a = (size_t)(by_rel[i - 1] - l->rel), b = (size_t)(by_rel[i] - l->rel);
        size_t later = a > b ? a : b, first = a > b ? b : a;
        char why[1200];
        snprintf(why, sizeof why, "same output name as %.500s under -o; skipped", l->path[first]);
        cli_fail(c, l->path[later], why);
        l->path[later][0] = '\0';
    }
    free(by_rel);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int files_run(cli *c, char **paths, int n)
{
    size_t failed_before = c->failed;
    path_list l = {0};
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (c->recursive && strcmp(paths[i], "-") && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            walk(c, &l, paths[i], "");
        else if (list_add(&l, paths[i], base_name(paths[i])) != 0)
            cli_fail(c, paths[i], "out of memory");
    }
    for (size_t i = 0; i < l.n; i++) {
        struct stat st;
        if (strcmp(l.path[i], "-") && stat(l.path[i], &st) == 0)
            c->bytes_total += (unsigned long long)st.st_size;
    }
    if (c->out_dir)
        refuse_collisions(c, &l);
    pool *p = pool_new(c);
    if (!p) {
        cli_fail(c, "decruft", "out of memory");
    } else {
        for (size_t i = 0; i < l.n; i++)
            if (l.path[i][0])
                submit_file(c, p, l.path[i], l.rel[i]);
        pool_finish(p);
    }
    for (size_t i = 0; i < l.n; i++) {
        free(l.path[i]);
        free(l.rel[i]);
    }
    free(l.path);
    free(l.rel);
    return c->failed != failed_before;
}
