#include "errors.h"

#include <stdarg.h>
#include <stdio.h>

decruft_status error_set(decruft_error *err, decruft_status code, const char *message)
{
    if (err) {
        err->code = code;
        err->message = message ? message : decruft_strerror(code);
        err->line = 0;
        err->offset = 0;
        err->detail[0] = '\0';
    }
    return code;
}

decruft_status error_setf(decruft_error *err, decruft_status code, size_t line, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->detail, sizeof err->detail, fmt, ap);
        va_end(ap);
        err->code = code;
        err->message = err->detail;
        err->line = line;
        err->offset = 0;
    }
    return code;
}

const char *decruft_strerror(decruft_status code)
{
    switch (code) {
    case DECRUFT_OK:
        return "success";
    case DECRUFT_ERR_NOMEM:
        return "out of memory";
    case DECRUFT_ERR_ARG:
        return "invalid argument";
    case DECRUFT_ERR_RULES:
        return "invalid rule";
    case DECRUFT_ERR_BINARY:
        return "input is binary, not text";
    case DECRUFT_ERR_TOO_LARGE:
        return "input too large";
    case DECRUFT_ERR_MATCH:
        return "a rule ran out of its matching budget";
    case DECRUFT_ERR_UNSUPPORTED:
        return "unsupported input";
    case DECRUFT_ERR_WORK:
        return "work limit exceeded";
    }
    return "unknown error";
}
