/*===- tnp-runtime/npy.h - Reading and writing NumPy .npy files -----------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* The .npy format versions 1.0, 2.0 and 3.0 (NumPy's                         *|
|* numpy/lib/format.py). Every tnp dtype NumPy has is supported: bool,        *|
|* int8..int64, uint8..uint64, float16, float32, float64, complex64,          *|
|* complex128. Reading accepts little- and big-endian data (big-endian is     *|
|* byte-swapped) and C or Fortran order (Fortran order is transposed into C   *|
|* order); bool bytes other than 0 are read as 1. Writing produces the bytes  *|
|* NumPy 1.24's np.save produces (version 1.0, '<' or '|', C order).          *|
|*                                                                            *|
|* bfloat16 has no NumPy dtype; ml_dtypes' np.save stores it as 2-byte void  *|
|* ('<V2'). tnp does the same: bfloat16 arrays are written as '<V2' and every *|
|* 2-byte void array ('<V2', '|V2') is read as bfloat16 bits. NumPy loads     *|
|* such a file as raw void; `.view(ml_dtypes.bfloat16)` (or `.view('<u2')`    *|
|* and a shift into float32's high half) recovers the numbers.                *|
|*                                                                            *|
|* Errors: io (the file cannot be opened, read or written; truncated data),   *|
|* value (bad magic, malformed header, trailing bytes after the data, a shape *|
|* too big), unsupported (object, structured, string, datetime, void other   *|
|* than 2 bytes, long double dtypes). Every message names the file.           *|
|*                                                                            *|
|* Threading: the functions are reentrant.                                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_NPY_H
#define TNP_RUNTIME_NPY_H

#include "tnp-runtime/array.h"
#include "tnp-runtime/config.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// Reads the .npy file at `path` into a new host array owned by the caller.
TNP_RT_API tnp_rt_status_t tnp_rt_npy_read_file(const char *path,
                                                tnp_rt_array_t **out_array);

/// Reads .npy data held in memory. `name` (may be NULL) stands for the file
/// in messages.
TNP_RT_API tnp_rt_status_t tnp_rt_npy_read_memory(const void *data,
                                                  size_t byte_size,
                                                  const char *name,
                                                  tnp_rt_array_t **out_array);

/// Writes `array` (a host array) to `path`, replacing the file.
TNP_RT_API tnp_rt_status_t tnp_rt_npy_write_file(const char *path,
                                                 const tnp_rt_array_t *array);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_NPY_H */
