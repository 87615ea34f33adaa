// The shim is header-only (`static inline`, so Swift inlines it); SwiftPM wants one source file per C target.
#include "CPrefetchShim.h"
