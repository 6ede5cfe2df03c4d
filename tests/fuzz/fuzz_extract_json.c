/* fuzz_extract_json.c — libFuzzer target: bytes → the json extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(&ls_extractor_json, "application/json", data, size);
    return 0;
}
