#pragma once

// Whether this test (and the seedd it starts, built by the same preset) runs under AddressSanitizer. Its
// quarantine keeps freed memory (256 MB by default), its shadow and allocator regions are never given back, so a
// bound on a process's resident memory measures ASan, not seedd: such bounds are checked in uninstrumented builds
// (CI) only; everything else a test asserts is checked under the `asan` preset too.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif
