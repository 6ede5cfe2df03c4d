/* fuzz_extract_image.c — libFuzzer target: bytes → the image extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct ls_extractor *const x[] = {&ls_extractor_image};

    fuzz_docs(x, sizeof x / sizeof x[0], data, size);
    return 0;
}
