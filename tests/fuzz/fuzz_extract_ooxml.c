/* fuzz_extract_ooxml.c — libFuzzer target: bytes → the docx, xlsx and pptx extractors. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct ls_extractor *const x[] = {&ls_extractor_docx, &ls_extractor_xlsx,
                                                   &ls_extractor_pptx};

    fuzz_docs(x, sizeof x / sizeof x[0], data, size);
    return 0;
}
