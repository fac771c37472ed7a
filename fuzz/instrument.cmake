# SEED_FUZZ=ON: every target of this build (product libraries included, so that the fuzzers see their
# coverage and their memory errors) is compiled with ASan, UBSan and libFuzzer's coverage hooks. UB aborts
# instead of printing and going on, so that libFuzzer records it as a crash.
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "SEED_FUZZ needs clang++ (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
endif()
add_compile_options(-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
