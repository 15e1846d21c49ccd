#ifndef JARDAM_CLIBPQ_SHIM_H
#define JARDAM_CLIBPQ_SHIM_H
// Debian installs libpq's headers under /usr/include/postgresql; pkg-config libpq adds that path.
#include <libpq-fe.h>
#endif
