#include "work.h"

#include <time.h>

/* Processor time, not the wall clock: a document waiting for a core that
 * other threads or processes hold is not costing anything, and a deadline
 * must not fail it for their sake. */
static double thread_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The next count at which work_check must look: one step past the limit,
 * or the clock's next turn when that comes first. */
static void plan_check(work *w)
{
    uint64_t past = w->limit < UINT64_MAX ? w->limit + 1 : UINT64_MAX;
    uint64_t clock = w->deadline > 0 && w->steps < UINT64_MAX - WORK_CLOCK_STEPS ? w->steps + WORK_CLOCK_STEPS
                                                                                  : UINT64_MAX;
    w->next_check = clock < past ? clock : past;
}

void work_start(work *w, uint64_t limit, double seconds)
{
    w->steps = 0;
    w->limit = limit;
    w->state = WORK_GOING;
    w->deadline = seconds > 0 ? thread_seconds() + seconds : 0;
    plan_check(w);
}

int work_check(work *w)
{
    if (w->state != WORK_GOING)
        return 1;
    if (w->steps > w->limit) {
        w->state = WORK_OVER_STEPS;
        return 1;
    }
    if (w->deadline > 0 && thread_seconds() >= w->deadline) {
        w->state = WORK_OVER_TIME;
        return 1;
    }
    plan_check(w);
    return 0;
}
