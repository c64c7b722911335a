/* embedded.h - private: the table of records/data files (src/base/embed.cmake). */
#ifndef GOVREC_EMBEDDED_H
#define GOVREC_EMBEDDED_H

#include "govrec/util.h"

extern const struct govrec_embedded govrec_embedded[];

#endif
