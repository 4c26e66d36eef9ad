/*===- tnp-runtime/config.h - Export macros and limits of the runtime -----===*\
|*                                                                            *|
|* Part of tnp. Plain C: usable from C and C++. Included by every public      *|
|* runtime header.                                                            *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_CONFIG_H
#define TNP_RUNTIME_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Marks a function of the runtime's C ABI. The shared library is built with
/// hidden visibility, so only these symbols are exported.
#if defined(_WIN32)
#define TNP_RT_API
#else
#define TNP_RT_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define TNP_RT_EXTERN_C_BEGIN extern "C" {
#define TNP_RT_EXTERN_C_END }
#else
#define TNP_RT_EXTERN_C_BEGIN
#define TNP_RT_EXTERN_C_END
#endif

/// Alignment in bytes of every host allocation of the runtime (TF's and
/// Eigen's alignment, and MLIR's default for memref.alloc).
#define TNP_RT_HOST_ALIGNMENT 64

/// The largest array rank the runtime handles (NumPy 1.24's NPY_MAXDIMS).
#define TNP_RT_MAX_RANK 32

#endif /* TNP_RUNTIME_CONFIG_H */
