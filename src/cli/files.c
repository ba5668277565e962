/* Files and trees: the inputs named on the command line (directories with
 * -r, in name order), cleaned to standard output in order, or each to its
 * own file: under -o DIR, named by its path and the format's extension;
 * under -i, the file itself (replace.c writes both safely).  Every output
 * name is settled before anything is written: two inputs never share an
 * output, and no output overwrites an input. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "replace.h"

typedef struct file_ctx {
    char *out_path;   /* NULL: standard output */
    file_stamp stamp; /* of the original, for -i */
} file_ctx;

/* One input: its path, its path under the folder named (its name alone
 * for a file named), and its output (NULL: standard output).  A refused
 * input has no path left. */
typedef struct entry {
    char *path, *rel, *out;
} entry;

typedef struct path_list {
    entry *e;
    size_t n, cap;
} path_list;

static int list_add(path_list *l, const char *path, const char *rel)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        entry *e = realloc(l->e, cap * sizeof *e);
        if (!e)
            return -1;
        l->e = e;
        l->cap = cap;
    }
    entry *e = &l->e[l->n];
    e->path = strdup(path);
    e->rel = strdup(rel);
    e->out = NULL;
    if (!e->path || !e->rel) {
        free(e->path);
        free(e->rel);
        return -1;
    }
    l->n++;
    return 0;
}

/* Takes an input out of the run (reported by the caller). */
static void refuse(entry *e)
{
    free(e->path);
    e->path = NULL;
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

static int ends_with_ci(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n > k && !strncasecmp(s + n - k, suffix, k);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

/* Length of name without a .gz suffix: the output is not compressed. */
static size_t without_gz(const char *name) { return strlen(name) - (ends_with_ci(name, strlen(name), ".gz") ? 3 : 0); }

/* The extensions that say what a page is; an output drops them for its
 * format's (any other, such as .php, stays and gets the format's too). */
static const char *const page_exts[] = {".html", ".htm", ".xhtml", ".shtml", ".txt", ".text"};
static const char *const html_exts[] = {".html", ".htm", ".xhtml", ".shtml"};

static size_t ext_len(const char *name, size_t n, const char *const *exts, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (ends_with_ci(name, n, exts[i]))
            return strlen(exts[i]);
    return 0;
}

/* Under -t auto, a .html name makes HTML of a page that opens with a tag
 * the sniffer does not know (<center>, <font>, a comment): a name alone
 * does not, since a file cleaned in place by -i keeps its .html name and
 * holds text, which HTML parsing would run together.  Nor does a tag
 * further on: such a text may quote markup ("the <script> element"), and
 * cleaning it again as HTML would drop what it quotes. */
static int is_html_name(const char *path)
{
    return ext_len(path, strlen(path), html_exts, sizeof html_exts / sizeof html_exts[0]) != 0;
}

static int opens_with_tag(const char *s, size_t n)
{
    size_t i = n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\f'))
        i++;
    if (i + 1 >= n || s[i] != '<')
        return 0;
    char c = (char)(s[i + 1] | 0x20);
    return (c >= 'a' && c <= 'z') || s[i + 1] == '!' || s[i + 1] == '?' || s[i + 1] == '/';
}

/* The extension of each format's output.  No default on purpose: a new
 * format must be named here, or the build fails. */
static const char *format_ext(decruft_format f)
{
    switch (f) {
    case DECRUFT_FORMAT_TEXT:
    case DECRUFT_FORMAT_EXPLAIN:
        return ".txt";
    case DECRUFT_FORMAT_JSON:
        return ".json";
    case DECRUFT_FORMAT_MARKDOWN:
        return ".md";
    case DECRUFT_FORMAT_HTML:
        return ".html";
    }
    return ".txt";
}

/* The output of an input under -o: DIR, its relative path without .gz and
 * its page extension, then the format's extension (a.html.gz: a.txt). */
static char *output_path(cli *c, const char *rel)
{
    size_t n = without_gz(rel);
    n -= ext_len(rel, n, page_exts, sizeof page_exts / sizeof page_exts[0]);
    const char *ext = format_ext(c->format);
    size_t k = strlen(ext);
    char *name = malloc(n + k + 1);
    if (!name)
        return NULL;
    memcpy(name, rel, n);
    memcpy(name + n, ext, k + 1);
    char *out = join(c->out_dir, name);
    free(name);
    return out;
}

/* Our own temporary files, should a crash leave one behind (and those
 * named FILE.decruft-bak by versions before 0.1.1). */
static int is_temp_name(const char *name)
{
    return !strncmp(name, REPLACE_TEMP_PREFIX, strlen(REPLACE_TEMP_PREFIX)) || ends_with(name, ".decruft-bak");
}

/* Adds the regular files under dir, in name order, without following
 * symbolic links to directories (no loops).  What cannot be cleaned as
 * asked (a FIFO would block the walk; under -i, a symbolic link, and the
 * backups of an earlier -iSUFFIX) is skipped with a warning. */
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
            struct stat st, to;
            if (!path || !sub)
                cli_fail(c, dir, "out of memory");
            else if (lstat(path, &st) != 0)
                cli_fail(c, path, strerror(errno));
            else if (S_ISDIR(st.st_mode))
                walk(c, l, path, sub);
            else if (c->in_place && S_ISLNK(st.st_mode))
                cli_warn(c, path, "is a symbolic link: -i leaves it alone; skipped");
            else if (c->in_place && c->backup && ends_with(name, c->backup))
                cli_warn(c, path, "ends with the backup suffix: taken for a backup; skipped");
            else if (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &to) == 0 && S_ISREG(to.st_mode))) {
                if (list_add(l, path, sub) != 0)
                    cli_fail(c, path, "out of memory");
            } else if (S_ISLNK(st.st_mode))
                cli_warn(c, path, "is a symbolic link to a folder or to nothing: not followed");
            else
                cli_warn(c, path, "is not a regular file (a FIFO, device or socket); skipped");
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
    char why[512];
    if (c->in_place) {
        if (replace_in_place(f->out_path, &f->stamp, c->backup, j->out, j->out_len, why, sizeof why) == 0)
            return;
    } else {
        if (replace_write_new(f->out_path, j->out, j->out_len) == 0)
            return;
        snprintf(why, sizeof why, "cannot write %.400s: %s", f->out_path, strerror(errno));
    }
    cli_fail(c, j->name, why);
    c->done--;
}

static int is_gzip_name(const char *path) { return ends_with_ci(path, strlen(path), ".gz"); }

static void submit_file(cli *c, pool *p, entry *e)
{
    const char *path = e->path, *name = strcmp(path, "-") ? path : "(stdin)";
    file_ctx *f = calloc(1, sizeof *f);
    if (!f) {
        cli_fail(c, name, "out of memory");
        return;
    }
    const char *why = NULL;
    if (c->in_place && is_gzip_name(path))
        why = "is gzip-compressed: -i would write plain text under a .gz name (use -o)";
    else if (c->in_place)
        replace_stamp(path, &f->stamp, &why);
    else if (e->out && make_parents(e->out) != 0)
        why = strerror(errno);
    if (why) {
        cli_fail(c, name, why);
        free(f);
        return;
    }
    size_t len = 0;
    char *data = read_file(path, c->opts.max_bytes, "over the --max-bytes limit", &len, &why);
    if (!data) {
        cli_fail(c, name, why);
        free(f);
        return;
    }
    c->bytes_in += len;
    job *j = job_new(data, len, name);
    if (!j) {
        free(data);
        free(f);
        cli_fail(c, name, "out of memory");
        return;
    }
    f->out_path = e->out;
    e->out = NULL;
    j->ctx = f;
    j->free_ctx = free_file_ctx;
    j->emit = emit_file;
    if (c->opts.type == DECRUFT_TYPE_AUTO && is_html_name(path) && opens_with_tag(data, len))
        j->type = DECRUFT_TYPE_HTML;
    /* A tree of sites (crawl/example.org/...): the first folder names it. */
    const char *slash = strchr(e->rel, '/');
    if (!c->site && slash)
        j->site = strndup(e->rel, (size_t)(slash - e->rel));
    pool_submit(p, j);
}

typedef struct keyed {
    const char *key;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int d = strcmp(x->key, y->key);
    return d ? d : (x->i > y->i) - (x->i < y->i);
}

/* For each input whose key (its output, its real path) an earlier input
 * has too, calls dup with both, in input order. */
static void find_duplicates(cli *c, path_list *l, char **keys, void (*dup)(cli *, entry *later, const entry *first))
{
    keyed *k = malloc((l->n ? l->n : 1) * sizeof *k);
    size_t m = 0;
    if (!k) {
        cli_fail(c, "decruft", "out of memory");
        return;
    }
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].path && keys[i])
            k[m++] = (keyed){keys[i], i};
    qsort(k, m, sizeof *k, cmp_keyed);
    for (size_t i = 1, first = 0; i < m; i++) {
        if (strcmp(k[i].key, k[first].key))
            first = i;
        else
            dup(c, &l->e[k[i].i], &l->e[k[first].i]);
    }
    free(k);
}

static void same_output(cli *c, entry *later, const entry *first)
{
    char why[1400];
    snprintf(why, sizeof why, "same output name as %.500s under -o (%.500s); skipped", first->path, later->out);
    cli_fail(c, later->path, why);
    refuse(later);
}

static void named_twice(cli *c, entry *later, const entry *first)
{
    char why[700];
    snprintf(why, sizeof why, "is %.500s again: cleaned once", first->path);
    cli_warn(c, later->path, why);
    refuse(later);
}

typedef struct file_id {
    dev_t dev;
    ino_t ino;
    size_t i;
} file_id;

static int cmp_id(const void *a, const void *b)
{
    const file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return (x->ino > y->ino) - (x->ino < y->ino);
}

/* An output that is an input already (-o . on a.txt, a hard link, a
 * symbolic link to an input): the input is refused rather than written
 * over without the care -i takes. */
static void refuse_overwrites(cli *c, path_list *l)
{
    file_id *ids = malloc((l->n ? l->n : 1) * sizeof *ids);
    size_t m = 0;
    if (!ids) {
        cli_fail(c, "decruft", "out of memory");
        return;
    }
    struct stat st;
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].path && stat(l->e[i].path, &st) == 0)
            ids[m++] = (file_id){st.st_dev, st.st_ino, i};
    qsort(ids, m, sizeof *ids, cmp_id);
    for (size_t i = 0; i < l->n; i++) {
        entry *e = &l->e[i];
        if (!e->path || !e->out || stat(e->out, &st) != 0)
            continue;
        file_id want = {st.st_dev, st.st_ino, 0}, *hit = bsearch(&want, ids, m, sizeof *ids, cmp_id);
        if (!hit)
            continue;
        char why[1400];
        snprintf(why, sizeof why, "its output %.500s would overwrite the input %.500s; skipped (-i replaces files in place)",
                 e->out, l->e[hit->i].path);
        cli_fail(c, e->path, why);
        refuse(e);
    }
    free(ids);
}

/* Settles every output name before anything is written. */
static void plan_outputs(cli *c, path_list *l)
{
    char **keys = calloc(l->n ? l->n : 1, sizeof *keys);
    if (!keys) {
        cli_fail(c, "decruft", "out of memory");
        return;
    }
    for (size_t i = 0; i < l->n; i++) {
        entry *e = &l->e[i];
        if (!strcmp(e->path, "-")) {
            cli_fail(c, "(stdin)", c->in_place ? "-i needs files, not standard input"
                                               : "standard input has no name to write under -o");
            refuse(e);
            continue;
        }
        e->out = c->in_place ? strdup(e->path) : output_path(c, e->rel);
        /* A file named twice (a and ./a) is cleaned once: a second
         * replacement would make the first one's output its backup. */
        keys[i] = c->in_place ? realpath(e->path, NULL) : e->out;
        if (!e->out || (c->in_place && !keys[i] && errno == ENOMEM)) {
            cli_fail(c, e->path, "out of memory");
            refuse(e);
        }
    }
    if (c->in_place) {
        find_duplicates(c, l, keys, named_twice);
        for (size_t i = 0; i < l->n; i++)
            free(keys[i]);
    } else {
        refuse_overwrites(c, l);
        find_duplicates(c, l, keys, same_output);
    }
    free(keys);
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
        if (strcmp(l.e[i].path, "-") && stat(l.e[i].path, &st) == 0)
            c->bytes_total += (unsigned long long)st.st_size;
    }
    if (c->out_dir || c->in_place)
        plan_outputs(c, &l);
    pool *p = pool_new(c);
    if (!p) {
        cli_fail(c, "decruft", "out of memory");
    } else {
        for (size_t i = 0; i < l.n; i++)
            if (l.e[i].path)
                submit_file(c, p, &l.e[i]);
        pool_finish(p);
    }
    for (size_t i = 0; i < l.n; i++) {
        free(l.e[i].path);
        free(l.e[i].rel);
        free(l.e[i].out);
    }
    free(l.e);
    return c->failed != failed_before;
}
