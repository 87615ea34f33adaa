// See CICUShim.h. ICU's function names are version-renamed macros: they are only called from here.
#include "CICUShim.h"
#include <string.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <stdlib.h>

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

int64_t wd_icu_nfc_utf8(const uint8_t *data, size_t len, uint8_t *out, size_t out_cap) {
    UErrorCode status = U_ZERO_ERROR;
    if (len > 0x3fffffff) return -1;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) return -1;
    int32_t u16len = 0;
    UChar *u16 = (UChar *)malloc(sizeof(UChar) * (len + 1));
    if (u16 == NULL) return -1;
    u_strFromUTF8Lenient(u16, (int32_t)len + 1, &u16len, (const char *)data, (int32_t)len, &status);
    if (U_FAILURE(status)) { free(u16); return -1; }
    if (unorm2_isNormalized(nfc, u16, u16len, &status) && U_SUCCESS(status)) { free(u16); return 0; }
    status = U_ZERO_ERROR;
    // NFC never grows text by more than 3x in UTF-16 code units.
    int32_t cap = u16len * 3 + 16;
    UChar *norm = (UChar *)malloc(sizeof(UChar) * cap);
    if (norm == NULL) { free(u16); return -1; }
    int32_t normlen = unorm2_normalize(nfc, u16, u16len, norm, cap, &status);
    free(u16);
    if (U_FAILURE(status)) { free(norm); return -1; }
    int32_t written = 0;
    u_strToUTF8((char *)out, (int32_t)(out_cap > 0x7fffffff ? 0x7fffffff : out_cap), &written, norm, normlen, &status);
    free(norm);
    if (status == U_BUFFER_OVERFLOW_ERROR) return -2;
    if (U_FAILURE(status)) return -1;
    return (int64_t)written;
}
