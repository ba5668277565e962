/* Filling a caller's decruft_error; every call accepts err == NULL. */
#ifndef DECRUFT_ERRORS_H
#define DECRUFT_ERRORS_H

#include "decruft.h"

/* Sets code and message (NULL: decruft_strerror(code)); returns code. */
decruft_status error_set(decruft_error *err, decruft_status code, const char *message);
/* Formats the message into err->detail; returns code. */
decruft_status error_setf(decruft_error *err, decruft_status code, size_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
