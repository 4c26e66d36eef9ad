/*===- tnp-runtime/print.h - Printing arrays as NumPy does ----------------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* The text is NumPy 1.24's with its default print options (precision 8,     *|
|* floatmode 'maxprec', line width 75, summarization above 1000 elements with *|
|* 3 edge items): TNP_RT_PRINT_STR gives str(a) (= np.array2string(a), except *|
|* that a 0-d array prints as its scalar: "1.0", "(1+2j)", "True"),           *|
|* TNP_RT_PRINT_REPR gives repr(a) ("array([1., 2.], dtype=float32)").        *|
|* Floats print with the shortest digits that round-trip in their own dtype,  *|
|* as NumPy's Dragon4 does. bfloat16 (no NumPy dtype) prints like float16,    *|
|* with the shortest digits that round-trip as bfloat16.                      *|
|*                                                                            *|
|* Threading: reentrant.                                                      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_PRINT_H
#define TNP_RUNTIME_PRINT_H

#include <stdio.h>

#include "tnp-runtime/array.h"
#include "tnp-runtime/config.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// What to print (a fixed-width integer; other values are invalid_argument).
enum tnp_rt_print_style_e {
  TNP_RT_PRINT_STR = 0,  ///< str(a) / print(a)
  TNP_RT_PRINT_REPR = 1, ///< repr(a)
};
typedef int32_t tnp_rt_print_style_t;

/// Writes the text of `array` (a host array) to `stream`, without a trailing
/// newline. A write error is an io status.
TNP_RT_API tnp_rt_status_t tnp_rt_array_print(const tnp_rt_array_t *array,
                                              tnp_rt_print_style_t style,
                                              FILE *stream);

/// Writes the text of `array` into `buffer` with snprintf's rules: at most
/// `capacity` - 1 characters and a NUL (nothing when capacity is 0; `buffer`
/// may then be NULL). `*out_length` (may be NULL) receives the full length of
/// the text, so a caller can size a buffer with a first call.
TNP_RT_API tnp_rt_status_t tnp_rt_array_format(const tnp_rt_array_t *array,
                                               tnp_rt_print_style_t style,
                                               char *buffer, size_t capacity,
                                               size_t *out_length);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_PRINT_H */
