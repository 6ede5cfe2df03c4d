/* fuzz_extract_text.c — libFuzzer target: bytes → the text extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(&ls_extractor_text, "text/plain", data, size);
    return 0;
}
