/* fuzz_extract_sql.c — libFuzzer target: bytes → the sql extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(&ls_extractor_sql, "text/plain", data, size);
    return 0;
}
