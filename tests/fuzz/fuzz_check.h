#pragma once
// What the fuzz targets assert beyond "no crash": a broken invariant aborts, which
// libFuzzer reports as a crash (and saves the input) and the corpus replay as a failure.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                        \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, what, \
                   #condition);                                                            \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)
