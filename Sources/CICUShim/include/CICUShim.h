// ICU charset detection and conversion behind a C ABI that uses only stdint types.
// Foundation links the toolchain's private ICU; exposing system ICU headers to Swift breaks the build.
#ifndef WIREDESK_CICUSHIM_H
#define WIREDESK_CICUSHIM_H
#include <stddef.h>
#include <stdint.h>

/// Detects the charset of `data`. Writes a NUL-terminated charset name into `name` (capacity `name_cap`)
/// and returns the detector's confidence 0...100, or -1 when nothing was detected.
int32_t wd_icu_detect_charset(const uint8_t *data, size_t len, char *name, size_t name_cap);

/// Converts `data` from `charset` to UTF-8 into `out` (capacity `out_cap`). Returns the number of bytes
/// written, or -1 on error (unknown charset), or -2 when `out` is too small. `substitutions` receives
/// the number of invalid sequences replaced by U+FFFD.
int64_t wd_icu_convert_to_utf8(const char *charset, const uint8_t *data, size_t len,
                               uint8_t *out, size_t out_cap, int64_t *substitutions);

/// Normalizes UTF-8 `data` to Unicode NFC into `out` (capacity `out_cap`). Returns the number of bytes written,
/// 0 when the input is already NFC (nothing is written: use the input), -1 on error, -2 when `out` is too small.
int64_t wd_icu_nfc_utf8(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap);
#endif
