/*===- tnp-runtime/dlpack.h - DLPack import and export ------------*- C -*-===*\
|*                                                                            *|
|* Exchange of arrays with other frameworks through DLPack 0.6 (the header   *|
|* of Debian's libdlpack-dev, <dlpack/dlpack.h>; this header only declares   *|
|* the struct, so including it does not need dlpack.h).                      *|
|*                                                                            *|
|* dtypes: kDLInt/kDLUInt 8..64, kDLFloat 16/32/64, kDLBfloat 16, kDLComplex *|
|* 64/128, lanes 1. bool: DLPack 0.6 has no bool code. tnp exports bool as   *|
|* code 6 with 8 bits (kDLBool, the code DLPack 0.8 gave bool; one byte per  *|
|* element, 0 or 1) and imports code 6 / 8 bits as bool. A consumer limited  *|
|* to 0.6 that rejects code 6 can view the bytes as uint8; importing uint8   *|
|* data gives uint8, never bool.                                             *|
|*                                                                            *|
|* Devices: kDLCPU and kDLCUDAHost (host memory); others are unsupported.    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_DLPACK_H
#define TNP_RUNTIME_DLPACK_H

#include "tnp-runtime/array.h"

TNP_RT_EXTERN_C_BEGIN

struct DLManagedTensor;

/// Imports a DLPack tensor and takes over `managed`: its deleter (when not
/// NULL) is called exactly once -- when the array's buffer goes if the data
/// is viewed without a copy (C-contiguous, data + byte_offset 64-byte
/// aligned), otherwise before this returns (the elements were copied, and
/// the boundary copy counters of array.h count it), and also before this
/// returns on an error. Strides NULL mean C-contiguous; strides are in
/// elements and may be zero or negative. Errors: unsupported (dtype, lanes,
/// device), invalid_argument (NULL, negative shape, rank above
/// TNP_RT_MAX_RANK).
TNP_RT_API tnp_rt_status_t
tnp_rt_array_from_dlpack(struct DLManagedTensor *managed,
                         tnp_rt_array_t **out_array);

/// Exports `array` (a host array) as a new DLManagedTensor without a copy:
/// it holds a reference to the array, and its deleter (which the consumer
/// calls once) releases that reference and frees the struct. The tensor is
/// C-contiguous (strides are given explicitly), device kDLCPU, and valid
/// while the consumer has not called the deleter; it must not be written
/// (tnp arrays are immutable).
TNP_RT_API tnp_rt_status_t
tnp_rt_array_to_dlpack(tnp_rt_array_t *array,
                       struct DLManagedTensor **out_managed);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_DLPACK_H */
