/* fuzz_extract_pdf.c — libFuzzer target: bytes → the pdf extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct ls_extractor *const x[] = {&ls_extractor_pdf};

    fuzz_docs(x, sizeof x / sizeof x[0], data, size);
    return 0;
}
