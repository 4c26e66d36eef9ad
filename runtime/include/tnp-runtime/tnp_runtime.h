/*===- tnp-runtime/tnp_runtime.h - The tnp runtime's C API ----------------===*\
|*                                                                            *|
|* Part of tnp. Plain C, no LLVM/MLIR/CUDA dependency (DESIGN.md section 5).  *|
|*                                                                            *|
|* Conventions (IREE's runtime headers are the model): functions are named    *|
|* tnp_rt_<noun>_<verb>; fallible ones return a tnp_rt_status_t (NULL = ok)   *|
|* and write results through out_ parameters, which are left alone on error;  *|
|* objects are opaque handles with retain/release; each type documents its    *|
|* threading contract. Enumerations travel as fixed-width integer typedefs.   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_TNP_RUNTIME_H
#define TNP_RUNTIME_TNP_RUNTIME_H

#include "tnp-runtime/allocator.h"
#include "tnp-runtime/array.h"
#include "tnp-runtime/buffer.h"
#include "tnp-runtime/call.h"
#include "tnp-runtime/config.h"
#include "tnp-runtime/cuda.h"
#include "tnp-runtime/dlpack.h"
#include "tnp-runtime/dtype.h"
#include "tnp-runtime/mlir_abi.h"
#include "tnp-runtime/npy.h"
#include "tnp-runtime/print.h"
#include "tnp-runtime/status.h"

#endif /* TNP_RUNTIME_TNP_RUNTIME_H */
