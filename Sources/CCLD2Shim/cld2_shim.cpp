// See CCLD2Shim.h.
#include "CCLD2Shim.h"
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <cstring>

extern "C" int32_t wd_cld2_detect(const char *text, size_t len, int32_t is_plain_text, char *code, size_t code_cap,
                                  int32_t *percent) {
    CLD2::Language language3[3];
    int percent3[3];
    int text_bytes = 0;
    bool reliable = false;
    CLD2::Language lang = CLD2::DetectLanguageSummary(text, (int)len, is_plain_text != 0, language3, percent3,
                                                      &text_bytes, &reliable);
    const char *c = CLD2::LanguageCode(lang);
    if (code_cap > 0) {
        std::strncpy(code, c ? c : "un", code_cap - 1);
        code[code_cap - 1] = 0;
    }
    *percent = percent3[0];
    return reliable ? 1 : 0;
}

extern "C" int32_t wd_cld2_detect3(const char *text, size_t len, int32_t is_plain_text, char *codes, size_t code_cap,
                                   int32_t *percents, int32_t *text_bytes) {
    CLD2::Language language3[3];
    int percent3[3];
    int bytes = 0;
    bool reliable = false;
    CLD2::DetectLanguageSummary(text, (int)len, is_plain_text != 0, language3, percent3, &bytes, &reliable);
    for (int i = 0; i < 3; i++) {
        const char *c = CLD2::LanguageCode(language3[i]);
        char *out = codes + (size_t)i * code_cap;
        if (code_cap > 0) {
            std::strncpy(out, c ? c : "un", code_cap - 1);
            out[code_cap - 1] = 0;
        }
        percents[i] = percent3[i];
    }
    *text_bytes = bytes;
    return reliable ? 1 : 0;
}
