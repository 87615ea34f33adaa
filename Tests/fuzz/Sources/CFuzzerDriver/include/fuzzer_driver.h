// libFuzzer's driver entry point (compiler-rt, LLVM >= 11), declared for Swift. SwiftPM links every executable
// with `main` aliased to `<module>_main`, so libFuzzer's own `main` never runs; normalize-fuzz defines
// `normalize_fuzz_main` and hands control to this driver instead. Defined by the runtime that
// `swiftc -sanitize=fuzzer` links; only referenced in the FUZZING build.
#pragma once
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*user_callback)(const uint8_t *data, size_t size));
