/* The work one document may cost: a count of steps that every stage adds
 * to as it goes (a node of the HTML tree, a parser event, an element of
 * libxml2's stack that an end tag scans, a block a stage passes over, a
 * byte a rule reads, a tree of the learned model), against a budget
 * proportional to the document's size.  Steps, not seconds, so that a
 * document passes or fails the same way on every machine and under any
 * load; an optional deadline of processor time is the backstop for work no
 * step counts.  Past either, the document fails with DECRUFT_ERR_WORK.
 * One per document, used by one thread. */
#ifndef DECRUFT_WORK_H
#define DECRUFT_WORK_H

#include <stddef.h>
#include <stdint.h>

/* The budget itself is decruft.h's: DECRUFT_DEFAULT_MAX_WORK steps a byte
 * and DECRUFT_WORK_BASE more, the base for what a small page costs
 * whatever its size (the model's trees on a few blocks). */

/* The deadline is read every WORK_CLOCK_STEPS steps: a read of the thread's
 * clock costs about a microsecond (a system call), these steps 0.1 to 1 ms
 * (2 to 17 ns a step, bench/work.c). */
#define WORK_CLOCK_STEPS ((uint64_t)1 << 16)

typedef enum work_state { WORK_GOING = 0, WORK_OVER_STEPS, WORK_OVER_TIME } work_state;

typedef struct work {
    uint64_t steps;
    uint64_t limit;      /* UINT64_MAX: none */
    uint64_t next_check; /* steps at which work_check runs next */
    double deadline;     /* processor time of the thread, seconds; 0: none */
    work_state state;
} work;

/* A budget of at most limit steps (UINT64_MAX: none) and seconds of this
 * thread's processor time from now (0: none). */
void work_start(work *w, uint64_t limit, double seconds);

/* Past the limit, or the clock's turn: sets w->state.  Returns 1 when the
 * work is over budget. */
int work_check(work *w);

/* Adds n steps; 1 when the document is over budget (and stays so). */
static inline int work_add(work *w, uint64_t n)
{
    w->steps += n;
    return w->steps >= w->next_check ? work_check(w) : w->state != WORK_GOING;
}

static inline int work_over(const work *w) { return w->state != WORK_GOING; }

#endif
