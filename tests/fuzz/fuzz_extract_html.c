/* fuzz_extract_html.c — libFuzzer target: bytes → the html extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(&ls_extractor_html, "text/html", data, size);
    return 0;
}
