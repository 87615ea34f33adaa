// Compact Language Detector 2 behind a C ABI (CLD2 itself is C++).
#ifndef WIREDESK_CCLD2SHIM_H
#define WIREDESK_CCLD2SHIM_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
/// Detects the language of UTF-8 `text`. Writes an ISO 639-1 code (or "un") into `code` (capacity `code_cap`),
/// the percent of text in that language into `percent`, and returns 1 when CLD2 considers the result reliable.
int32_t wd_cld2_detect(const char *text, size_t len, int32_t is_plain_text, char *code, size_t code_cap,
                       int32_t *percent);
#ifdef __cplusplus
}
#endif
#endif
