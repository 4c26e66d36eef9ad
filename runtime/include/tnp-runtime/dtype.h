/*===- tnp-runtime/dtype.h - The 15 tnp dtypes as runtime codes -----------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_DTYPE_H
#define TNP_RUNTIME_DTYPE_H

#include "tnp-runtime/config.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// The dtype codes. The numbering is that of tnp::sem::DType (the compiler
/// uses it in generated code and in the AOT header); it is ABI: never reorder.
/// Bools are stored one byte per element (0 or 1); bfloat16 and float16 are
/// the IEEE-style 16-bit formats; complex values are (real, imag) pairs. The
/// type is a fixed-width integer; functions check that a value is a code.
enum tnp_rt_dtype_e {
  TNP_RT_DTYPE_BOOL = 0,
  TNP_RT_DTYPE_UINT8 = 1,
  TNP_RT_DTYPE_UINT16 = 2,
  TNP_RT_DTYPE_UINT32 = 3,
  TNP_RT_DTYPE_UINT64 = 4,
  TNP_RT_DTYPE_INT8 = 5,
  TNP_RT_DTYPE_INT16 = 6,
  TNP_RT_DTYPE_INT32 = 7,
  TNP_RT_DTYPE_INT64 = 8,
  TNP_RT_DTYPE_BFLOAT16 = 9,
  TNP_RT_DTYPE_FLOAT16 = 10,
  TNP_RT_DTYPE_FLOAT32 = 11,
  TNP_RT_DTYPE_FLOAT64 = 12,
  TNP_RT_DTYPE_COMPLEX64 = 13,
  TNP_RT_DTYPE_COMPLEX128 = 14,
};
typedef int32_t tnp_rt_dtype_t;

/// Number of dtypes (one past the largest code).
#define TNP_RT_DTYPE_COUNT 15

/// True when `dtype` is one of the codes above.
TNP_RT_API bool tnp_rt_dtype_is_valid(int32_t dtype);

/// Size in bytes of one element (bool: 1); 0 for an invalid code.
TNP_RT_API size_t tnp_rt_dtype_itemsize(tnp_rt_dtype_t dtype);

/// NumPy's name ("bool", "uint8", ..., "complex128", "bfloat16"), as
/// tnp::sem::dtypeName; "invalid" for an invalid code. The string is static.
TNP_RT_API const char *tnp_rt_dtype_name(tnp_rt_dtype_t dtype);

/// Parses a name as returned by tnp_rt_dtype_name. Returns an
/// invalid_argument status for anything else.
TNP_RT_API tnp_rt_status_t tnp_rt_dtype_from_name(const char *name,
                                                  tnp_rt_dtype_t *out_dtype);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_DTYPE_H */
