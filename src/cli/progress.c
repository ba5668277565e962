#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Redraws at most this often: a terminal line, not a log. */
#define PROGRESS_INTERVAL 0.25

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double started, last;

static void draw(cli *c)
{
    double t = now(), secs = t - started;
    double mb = (double)c->bytes_in / 1e6, rate = secs > 0 ? mb / secs : 0;
    fprintf(stderr, "\rdecruft: %zu docs, %zu failed, %.1f MB, %.1f MB/s", c->done, c->failed, mb, rate);
    if (c->bytes_total && rate > 0 && c->bytes_total >= c->bytes_in) {
        double eta = ((double)(c->bytes_total - c->bytes_in) / 1e6) / rate;
        fprintf(stderr, ", ETA %02d:%02d", (int)eta / 60, (int)eta % 60);
    }
    fprintf(stderr, "\033[K");
    last = t;
}

void progress_tick(cli *c)
{
    if (!c->progress)
        return;
    double t = now();
    if (started == 0)
        started = last = t;
    if (t - last >= PROGRESS_INTERVAL)
        draw(c);
}

void progress_end(cli *c)
{
    if (!c->progress || started == 0)
        return;
    draw(c);
    fputc('\n', stderr);
}
