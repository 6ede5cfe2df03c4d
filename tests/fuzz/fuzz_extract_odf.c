/* fuzz_extract_odf.c — libFuzzer target: bytes → the odt and ods extractors. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct ls_extractor *const x[] = {&ls_extractor_odt, &ls_extractor_ods};

    fuzz_docs(x, sizeof x / sizeof x[0], data, size);
    return 0;
}
