#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli.h"

/* Jobs in flight per thread: enough to keep every thread busy while the
 * main thread reads and writes, few enough that memory stays bounded by
 * the documents, not the batch. */
#define IN_FLIGHT_PER_THREAD 2

/* A worker's stack.  The default is the stack limit (8 MiB): 200 threads
 * took 1.6 GB of address space for stacks alone and, under a 2 GB limit,
 * libxml2 then failed to allocate its per-thread state and recursed until
 * it crashed.  Nothing a worker runs recurses deeply (the tree walk is
 * iterative, PCRE2 keeps its frames on the heap), so 2 MiB is ample. */
#define WORKER_STACK_BYTES ((size_t)2 << 20)
/* Address space a worker needs besides its stack (its documents, malloc's
 * per-thread arenas), for the cap under an address-space limit. */
#define WORKER_OTHER_BYTES ((size_t)2 << 20)

/* Under an address-space limit (ulimit -v), the threads whose stacks and
 * working memory fit in three quarters of it: past that a thread's first
 * allocation in libxml2 fails, and libxml2 2.9 crashes on it. */
static int threads_that_fit(int wanted)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return wanted;
    unsigned long long fit = (unsigned long long)rl.rlim_cur / 4 * 3 / (WORKER_STACK_BYTES + WORKER_OTHER_BYTES);
    return fit < (unsigned long long)wanted ? (int)fit : wanted;
}

struct pool {
    cli *c;
    job **ring;
    size_t cap;
    size_t submitted, taken, emitted;
    int *ready;
    pthread_t *threads;
    int n_threads;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
};

job *job_new(char *data, size_t len, const char *name)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->data = data;
    j->len = len;
    j->name = strdup(name);
    j->type = DECRUFT_TYPE_AUTO;
    if (!j->name) {
        free(j);
        return NULL;
    }
    return j;
}

static void job_free(job *j)
{
    if (j->free_ctx)
        j->free_ctx(j->ctx);
    free(j->site);
    free(j->url);
    decruft_result_free(j->res);
    free(j->data);
    free(j->name);
    decruft_free(j->out);
    free(j->line);
    json_decref(j->meta);
    free(j);
}

/* Puts ins into the rendered JSON object at byte at, the byte after it
 * now: the fields the command line adds to the library's object. */
static decruft_status splice(job *j, size_t at, const char *ins)
{
    size_t n = strlen(ins);
    char *out = malloc(j->out_len + n + 1);
    if (!out)
        return DECRUFT_ERR_NOMEM;
    memcpy(out, j->out, at);
    memcpy(out + at, ins, n);
    memcpy(out + at + n, j->out + at, j->out_len - at + 1);
    decruft_free(j->out);
    j->out = out;
    j->out_len += n;
    return DECRUFT_OK;
}

/* A file's JSON object gets its path first: {"path":"a/b.html",...}, so
 * that the objects of a tree or of several files say whose they are. */
static decruft_status add_path(job *j)
{
    json_t *path = json_string_lossy(j->name);
    char *quoted = path ? json_dumps(path, JSON_ENCODE_ANY) : NULL;
    json_decref(path);
    char *field = quoted ? malloc(strlen(quoted) + 9) : NULL;
    if (field)
        sprintf(field, "\"path\":%s,", quoted);
    decruft_status st = field && j->out_len > 0 ? splice(j, 1, field) : DECRUFT_ERR_NOMEM;
    free(quoted);
    free(field);
    return st;
}

/* The result's warnings last in its JSON object, when it has any: the
 * lines stderr gives, kept with the document they are about once a batch
 * is one stream.  Left out when there are none, so that the object of
 * every page that cleaned without a word stays what it was. */
static decruft_status add_warnings(job *j, const decruft_result *res)
{
    if (!decruft_result_warning_count(res))
        return DECRUFT_OK;
    json_t *list = warnings_array(res);
    char *dumped = list ? json_dumps(list, JSON_COMPACT) : NULL;
    json_decref(list);
    char *field = dumped ? malloc(strlen(dumped) + 13) : NULL;
    if (field)
        sprintf(field, ",\"warnings\":%s", dumped);
    /* The object ends "}\n" (decruft_render's JSON). */
    decruft_status st = field && j->out_len >= 2 ? splice(j, j->out_len - 2, field) : DECRUFT_ERR_NOMEM;
    free(dumped);
    free(field);
    return st;
}

/* The result's warnings, for the main thread to print in input order;
 * those that do not fit are left out. */
static void keep_warnings(job *j, const decruft_result *res)
{
    size_t used = 0;
    /* The encoding's, when there is one, comes first (decruft.h). */
    const char *first = decruft_result_warning(res, 0);
    j->encoding_warned = first && !strncmp(first, "encoding: ", 10);
    for (size_t i = 0; i < decruft_result_warning_count(res); i++) {
        int n = snprintf(j->warning + used, sizeof j->warning - used, "%s%s", used ? "\n" : "",
                         decruft_result_warning(res, i));
        if (n < 0 || (size_t)n >= sizeof j->warning - used) {
            j->warning[used] = '\0';
            break;
        }
        used += (size_t)n;
    }
}

/* The worker's part: clean and render one document. */
static void clean(cli *c, job *j)
{
    if (j->prepare) {
        j->prepare(c, j);
        if (j->error[0])
            return;
    }
    decruft_options opts = c->opts;
    if (j->type != DECRUFT_TYPE_AUTO)
        opts.type = j->type;
    opts.profile = c->profile;
    opts.site = j->site ? j->site : c->site;
    opts.charset = j->charset[0] ? j->charset : NULL;
    decruft_error err;
    decruft_result *res = decruft_clean(c->rules, j->data, j->len, &opts, &err);
    free(j->data);
    j->data = NULL;
    if (!res) {
        snprintf(j->error, sizeof j->error, "%s", err.message ? err.message : decruft_strerror(err.code));
        return;
    }
    snprintf(j->lang, sizeof j->lang, "%s", decruft_result_lang(res));
    keep_warnings(j, res);
    if (c->learn) {
        j->res = res; /* learnt from, in order, by the main thread */
        return;
    }
    decruft_format format = c->format;
    unsigned flags = c->render_flags;
    if (c->mode != MODE_FILES && format != DECRUFT_FORMAT_MARKDOWN && format != DECRUFT_FORMAT_HTML)
        format = DECRUFT_FORMAT_TEXT; /* the records get text */
    if (c->mode != MODE_FILES)
        flags = (flags | DECRUFT_RENDER_UTF8) & ~DECRUFT_RENDER_METADATA; /* a JSON string, the metadata apart */
    /* A record's own URL first; a URL that is not absolute is no base. */
    if (!j->url || decruft_result_set_base_url(res, j->url) != DECRUFT_OK)
        decruft_result_set_base_url(res, c->base_url);
    decruft_status st = decruft_render(res, format, flags, &j->out, &j->out_len);
    /* After the base URL: the record's image resolves against its url. */
    if (st == DECRUFT_OK && c->metadata && c->mode != MODE_FILES && !(j->meta = metadata_object(res)))
        st = DECRUFT_ERR_NOMEM;
    if (st == DECRUFT_OK && c->mode == MODE_FILES && format == DECRUFT_FORMAT_JSON)
        st = add_warnings(j, res);
    decruft_result_free(res);
    if (st == DECRUFT_OK && c->mode == MODE_FILES && format == DECRUFT_FORMAT_JSON && strcmp(j->name, "(stdin)"))
        st = add_path(j);
    if (st != DECRUFT_OK) {
        snprintf(j->error, sizeof j->error, "%s", decruft_strerror(st));
        /* A failed record is reported, not written half-done (without its
         * path or its metadata). */
        decruft_free(j->out);
        j->out = NULL;
    } else if (j->finish) {
        j->finish(c, j); /* on this thread too: a record's JSON is no small part of it */
        decruft_free(j->out);
        j->out = NULL;
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->taken == p->submitted && !p->stop)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->taken == p->submitted)
            break;
        size_t slot = p->taken++ % p->cap;
        job *j = p->ring[slot];
        pthread_mutex_unlock(&p->mu);
        clean(p->c, j);
        pthread_mutex_lock(&p->mu);
        p->ready[slot] = 1;
        pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void emit(pool *p, job *j)
{
    cli *c = p->c;
    if (j->error[0]) {
        cli_fail(c, j->name, j->error);
    } else {
        c->done++;
        c->encoding_warned += j->encoding_warned != 0;
    }
    for (char *w = j->warning, *nl; *w; w = nl ? nl + 1 : w + strlen(w)) {
        if ((nl = strchr(w, '\n')))
            *nl = '\0';
        cli_warn(c, j->name, w);
    }
    if (c->learn) {
        const char *site = j->site ? j->site : c->site;
        if (j->res && decruft_profile_learn(c->learn, site ? site : "local", j->res) != DECRUFT_OK)
            cli_fail(c, j->name, "out of memory");
    } else {
        j->emit(c, j);
    }
    job_free(j);
    progress_tick(c);
}

pool *pool_new(cli *c)
{
    pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->c = c;
    p->n_threads = c->threads > 1 ? c->threads : 0;
    p->cap = p->n_threads ? (size_t)p->n_threads * IN_FLIGHT_PER_THREAD : 1;
    p->ring = calloc(p->cap, sizeof *p->ring);
    p->ready = calloc(p->cap, sizeof *p->ready);
    p->threads = calloc(p->n_threads ? (size_t)p->n_threads : 1, sizeof *p->threads);
    if (!p->ring || !p->ready || !p->threads) {
        free(p->ring);
        free(p->ready);
        free(p->threads);
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    int fit = threads_that_fit(p->n_threads);
    if (fit < p->n_threads) {
        if (!c->quiet)
            fprintf(stderr, "decruft: -j %d does not fit the address-space limit: going on with %d threads\n",
                    p->n_threads, fit > 1 ? fit : 0);
        p->n_threads = fit > 1 ? fit : 0;
    }
    pthread_attr_t attr;
    int have_attr = pthread_attr_init(&attr) == 0;
    if (have_attr)
        (void)pthread_attr_setstacksize(&attr, WORKER_STACK_BYTES);
    for (int i = 0; i < p->n_threads; i++) {
        int e = pthread_create(&p->threads[i], have_attr ? &attr : NULL, worker, p);
        if (e) {
            /* Run with the threads we got (none: in this thread). */
            if (!c->quiet)
                fprintf(stderr, "decruft: could not start thread %d of %d (%s): going on with %d\n", i + 1,
                        p->n_threads, strerror(e), i);
            p->n_threads = i;
            break;
        }
    }
    if (have_attr)
        pthread_attr_destroy(&attr);
    return p;
}

/* Emits the oldest job once it is cleaned.  Called with the lock held. */
static void emit_oldest(pool *p)
{
    size_t slot = p->emitted % p->cap;
    while (!p->ready[slot])
        pthread_cond_wait(&p->done, &p->mu);
    job *j = p->ring[slot];
    p->ready[slot] = 0;
    p->ring[slot] = NULL;
    p->emitted++;
    pthread_mutex_unlock(&p->mu);
    emit(p, j);
    pthread_mutex_lock(&p->mu);
}

void pool_submit(pool *p, job *j)
{
    if (!p->n_threads) {
        clean(p->c, j);
        emit(p, j);
        return;
    }
    pthread_mutex_lock(&p->mu);
    while (p->submitted - p->emitted == p->cap)
        emit_oldest(p);
    p->ring[p->submitted++ % p->cap] = j;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
}

void pool_finish(pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->emitted < p->submitted)
        emit_oldest(p);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    free(p->ring);
    free(p->ready);
    free(p->threads);
    free(p);
}
