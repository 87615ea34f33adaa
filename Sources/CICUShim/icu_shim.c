// See CICUShim.h. ICU's function names are version-renamed macros: they are only called from here.
#include "CICUShim.h"
#include <string.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

int32_t wd_icu_detect_charset(const uint8_t *data, size_t len, char *name, size_t name_cap) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&status);
    if (U_FAILURE(status)) return -1;
    ucsdet_setText(det, (const char *)data, (int32_t)(len > 0x7fffffff ? 0x7fffffff : len), &status);
    const UCharsetMatch *match = ucsdet_detect(det, &status);
    int32_t confidence = -1;
    if (U_SUCCESS(status) && match != NULL) {
        const char *n = ucsdet_getName(match, &status);
        confidence = ucsdet_getConfidence(match, &status);
        if (U_SUCCESS(status) && n != NULL && name_cap > 0) {
            strncpy(name, n, name_cap - 1);
            name[name_cap - 1] = 0;
        } else {
            confidence = -1;
        }
    }
    ucsdet_close(det);
    return confidence;
}

static void count_substitutions(const void *context, UConverterToUnicodeArgs *args, const char *codeUnits,
                                int32_t length, UConverterCallbackReason reason, UErrorCode *err) {
    if (reason == UCNV_ILLEGAL || reason == UCNV_IRREGULAR || reason == UCNV_UNASSIGNED) {
        (*(int64_t *)context)++;
    }
    UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, codeUnits, length, reason, err);
}

int64_t wd_icu_convert_to_utf8(const char *charset, const uint8_t *data, size_t len,
                               uint8_t *out, size_t out_cap, int64_t *substitutions) {
    UErrorCode status = U_ZERO_ERROR;
    *substitutions = 0;
    UConverter *src = ucnv_open(charset, &status);
    if (U_FAILURE(status)) return -1;
    UConverter *dst = ucnv_open("UTF-8", &status);
    if (U_FAILURE(status)) { ucnv_close(src); return -1; }
    ucnv_setToUCallBack(src, count_substitutions, substitutions, NULL, NULL, &status);
    char *target = (char *)out;
    const char *source = (const char *)data;
    ucnv_convertEx(dst, src, &target, (char *)out + out_cap, &source, source + len,
                   NULL, NULL, NULL, NULL, 1, 1, &status);
    ucnv_close(src);
    ucnv_close(dst);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) return -1;
    return (int64_t)(target - (char *)out);
}
