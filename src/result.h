/* Inside a result, for the library's own tools (tools/blockdump.c): the
 * classified document. */
#ifndef DECRUFT_RESULT_H
#define DECRUFT_RESULT_H

#include "block.h"
#include "decruft.h"

doc *decruft_result_doc(decruft_result *res);

#endif
