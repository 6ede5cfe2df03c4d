/* fuzz_extract_mail.c — libFuzzer target: bytes → the mail extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct ls_extractor *const x[] = {&ls_extractor_mail};

    fuzz_docs(x, sizeof x / sizeof x[0], data, size);
    return 0;
}
