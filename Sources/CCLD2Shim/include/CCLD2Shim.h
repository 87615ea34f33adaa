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
/// CLD2's top three languages: writes three codes of capacity `code_cap` each into `codes` (one after another),
/// their percents of the text into `percents[0..2]`, the number of letter bytes CLD2 scored into `text_bytes`, and
/// returns 1 when CLD2 considers the result reliable.
int32_t wd_cld2_detect3(const char *text, size_t len, int32_t is_plain_text, char *codes, size_t code_cap,
                        int32_t *percents, int32_t *text_bytes);
#ifdef __cplusplus
}
#endif
#endif
