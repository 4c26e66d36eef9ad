//===- CompilerRt.cpp - Compiler-runtime functions Debian 12 lacks --------===//
//
// Part of tnp.
//
// Every function in this file has a name fixed by LLVM's code generator
// (a libcall), not by tnp (STYLE.md rule 11), and nothing else lives here.
//
// LLVM lowers bfloat16 values it has to convert from a wider float
// (fptrunc, or a `select` between bfloat values, which the x86 backend
// computes in f32 and rounds back) to calls of __truncsfbf2 and
// __truncdfbf2. They belong to the compiler runtime, but Debian 12's libgcc
// (GCC 12) does not define them (DESIGN.md section 8): compiled code that
// needs them would fail to link (JIT) or leave an undefined symbol (AOT).
// The runtime defines them, weak, so a newer libgcc or compiler-rt takes
// precedence where one is linked.
//
// ABI: the x86-64 and AArch64 calling conventions return a bfloat16 in the
// low 16 bits of the first floating-point return register, as they return a
// float in its low 32 bits; clang 14 (this build's compiler) has no
// bfloat16 return type, so the functions return a float whose low 16 bits
// are the bfloat16. They are not declared in a public header (C code must
// not call them with that type); the JIT declares them for its symbol map.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/config.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace {

/// The bfloat16 nearest to `x` (ties to even), as bits; a NaN stays a quiet
/// NaN with its sign.
uint16_t bf16Bits(float x) {
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  if ((u & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((u >> 16) | 0x0040u);
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

/// `bits` in the low 16 bits of a float's representation.
float inLowBits(uint16_t bits) {
  uint32_t u = bits;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

} // namespace

extern "C" {

TNP_RT_API __attribute__((weak)) float __truncsfbf2(float x) {
  return inLowBits(bf16Bits(x));
}

TNP_RT_API __attribute__((weak)) float __truncdfbf2(double x) {
  // Rounding to float first and then to bfloat16 could round twice. Round
  // to float toward zero and mark an inexact result in the last bit (round
  // to odd): float keeps 16 more bits than bfloat16, so the final rounding
  // to nearest even is then the correct rounding of `x`.
  float f = static_cast<float>(x);
  if (x == x && f - f == 0.0f && static_cast<double>(f) != x) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    // One step toward zero when the nearest float lies beyond x.
    if (std::fabs(static_cast<double>(f)) > std::fabs(x))
      --u;
    u |= 1u;
    std::memcpy(&f, &u, sizeof f);
  }
  return inLowBits(bf16Bits(f));
}

} // extern "C"
