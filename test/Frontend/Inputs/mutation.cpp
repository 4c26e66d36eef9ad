// Compiled by test/Frontend/immutability.test: assignments into an Array
// must not compile (TF-NumPy's `mutation` error, found by the C++ compiler).
#include "tnp/Array.h"

void f(const tnp::Array &x, tnp::Array y) {
  tnp::Array z = x.index({0});        // reading is fine
  z = y;                              // rebinding a variable is fine
  tnp::Array w = x.at({0}).set(1.0);  // a functional update is fine
  (void)w;
#ifdef ASSIGN_INDEX
  x.index({0}) = y;                   // x[0] = y
#endif
#ifdef ASSIGN_SUBSCRIPT
  y[1] = x;                           // y[1] = x
#endif
#ifdef ASSIGN_AT
  x.at({0}) = y;                      // x.at[0] = y
#endif
}
