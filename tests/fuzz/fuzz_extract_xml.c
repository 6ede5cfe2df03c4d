/* fuzz_extract_xml.c — libFuzzer target: bytes → the xml extractor. */
#include "fuzz_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(&ls_extractor_xml, "text/xml", data, size);
    return 0;
}
