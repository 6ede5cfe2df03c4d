/* fuzz_extract_csv.c — libFuzzer target: bytes → the csv extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(&ls_extractor_csv, "text/csv", data, size);
    return 0;
}
