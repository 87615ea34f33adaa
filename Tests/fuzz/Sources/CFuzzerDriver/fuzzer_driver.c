// Header-only target: SwiftPM needs one source file per C target. The declaration is in include/fuzzer_driver.h.
#include "fuzzer_driver.h"
