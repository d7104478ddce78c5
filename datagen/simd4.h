// Four-lane SSE2 helpers of the rasteriser (SSE2 is part of x86-64: no runtime dispatch). Only IEEE
// single-precision operations without fused multiply-add, so vector code computes the same bits as the
// scalar code it mirrors.
#pragma once

#include <emmintrin.h>

#include <cstddef>

namespace fb::data::r3d {

// The lanes of a 4-bit mask as a vector mask, and mask ? a : b (SSE2 has no blendv).
inline __m128 lane_mask(unsigned bits) {
  const __m128i bit = _mm_setr_epi32(1, 2, 4, 8);
  const __m128i m = _mm_and_si128(_mm_set1_epi32(static_cast<int>(bits)), bit);
  return _mm_castsi128_ps(_mm_cmpeq_epi32(m, bit));
}
inline __m128 blend(__m128 mask, __m128 a, __m128 b) {
  return _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b));
}
inline __m128i blend_si(__m128i mask, __m128i a, __m128i b) {
  return _mm_or_si128(_mm_and_si128(mask, a), _mm_andnot_si128(mask, b));
}
// A group of four samples: lanes 0, 1 at p and lanes 2, 3 at p + hi (kSplit: two rows of two samples,
// hi = 0 when the second row is masked off), else four consecutive samples.
template <bool kSplit>
inline __m128 load4(const float* p, std::ptrdiff_t hi) {
  if constexpr (kSplit)
    return _mm_loadh_pi(_mm_loadl_pi(_mm_setzero_ps(), reinterpret_cast<const __m64*>(p)),
                        reinterpret_cast<const __m64*>(p + hi));
  else
    return _mm_loadu_ps(p);
}
template <bool kSplit>
inline void store4(float* p, std::ptrdiff_t hi, __m128 v) {
  if constexpr (kSplit) {
    _mm_storeh_pi(reinterpret_cast<__m64*>(p + hi), v);  // first: with hi = 0 the low lanes win
    _mm_storel_pi(reinterpret_cast<__m64*>(p), v);
  } else {
    _mm_storeu_ps(p, v);
  }
}

}  // namespace fb::data::r3d
