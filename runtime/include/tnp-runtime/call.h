/*===- tnp-runtime/call.h - Calling compiled tnp functions ----------------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* The one calling convention of compiled code, shared by the JIT (tnp-run)   *|
|* and ahead-of-time code (the entry points of a tnp-compile header): a       *|
|* compiled function is reached through its packed wrapper, which takes the   *|
|* address of every argument of the function's `_mlir_ciface_` C interface    *|
|* (first the result descriptors' storage when there are results, then one    *|
|* memref descriptor pointer per argument). tnp_rt_call checks the arrays     *|
|* against the function's signature, builds the descriptors, clears a stale   *|
|* sticky error, calls, reports a run-time error of the compiled code as a    *|
|* status (freeing what the call allocated), and adopts the results as        *|
|* arrays.                                                                    *|
|*                                                                            *|
|* Threading: tnp_rt_call is thread-safe; compiled code keeps no state.       *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_CALL_H
#define TNP_RUNTIME_CALL_H

#include "tnp-runtime/array.h"
#include "tnp-runtime/config.h"
#include "tnp-runtime/dtype.h"
#include "tnp-runtime/status.h"

TNP_RT_EXTERN_C_BEGIN

/// The version of this calling convention and of the signature structs. A
/// generated header records the version it was generated for; tnp_rt_call
/// rejects any other (invalid_argument) instead of misreading a struct.
#define TNP_RT_CALL_ABI_VERSION 1

/// A dim of a signature that takes any size at run time.
#define TNP_RT_DYNAMIC_DIM (-1)

/// The type of one argument or result: a dtype, a rank and `rank` dims
/// (each a size >= 0 or TNP_RT_DYNAMIC_DIM).
typedef struct tnp_rt_tensor_sig_t {
  tnp_rt_dtype_t dtype;
  int32_t rank;
  const int64_t *dims;
} tnp_rt_tensor_sig_t;

/// The signature of a compiled function.
typedef struct tnp_rt_function_sig_t {
  uint32_t abi_version; ///< TNP_RT_CALL_ABI_VERSION of the generator
  const char *name;     ///< the C name, for messages
  int32_t num_args;
  const tnp_rt_tensor_sig_t *args;
  int32_t num_results;
  const tnp_rt_tensor_sig_t *results;
} tnp_rt_function_sig_t;

/// A packed wrapper: `args[i]` is the address of the i-th argument of the
/// function's C interface.
typedef void (*tnp_rt_packed_function_t)(void **args);

/// One entry of the table of exports a tnp-compile header defines
/// (PREFIX_tnp_exports), for drivers that call functions by name.
typedef struct tnp_rt_export_t {
  const char *name; ///< the function's name in the source module
  const tnp_rt_function_sig_t *sig;
  tnp_rt_packed_function_t fn;
  tnp_rt_device_t device; ///< where it runs (tnp_rt_call_on)
} tnp_rt_export_t;

/// Calls the compiled function `fn` of signature `sig` on `args`
/// (`sig->num_args` host arrays, borrowed) and stores `sig->num_results` new
/// arrays in `results` (owned by the caller: tnp_rt_array_release each).
///
/// Errors (a status the caller frees; `results` are then all NULL and
/// nothing leaks): invalid_argument for a NULL argument, a
/// signature of another ABI version, or a count mismatch; `dtype` for an
/// argument of another dtype; `shape` for another rank or a static dim of
/// another size, e.g. "argument 0 of model_predict: expected float32
/// (2,32), got float32 (3,32)"; any error kind the compiled code raises at
/// run time (a broadcast between dynamic dims, an index out of range...),
/// with NumPy's message; out_of_memory.
TNP_RT_API tnp_rt_status_t tnp_rt_call(const tnp_rt_function_sig_t *sig,
                                       tnp_rt_packed_function_t fn,
                                       const tnp_rt_array_t *const *args,
                                       tnp_rt_array_t **results);

/// tnp_rt_call for code compiled for `device` (cuda:0 for tnp-compile
/// --target=cuda, cpu:0 otherwise; tnp_rt_call is tnp_rt_call_on(cpu:0)).
/// Arguments may live anywhere: one on another device is copied to `device`
/// for the call (host<->device copies are counted in
/// tnp_rt_cuda_pool_stats). Results live on `device`; tnp_rt_array_copy_to
/// brings them to the host. Compiled CUDA code runs on its own stream and
/// has finished when this returns; a CUDA error (no driver, no device, a
/// failed launch) is a status like any run-time error.
TNP_RT_API tnp_rt_status_t tnp_rt_call_on(tnp_rt_device_t device,
                                          const tnp_rt_function_sig_t *sig,
                                          tnp_rt_packed_function_t fn,
                                          const tnp_rt_array_t *const *args,
                                          tnp_rt_array_t **results);

/// Writes the text of a tensor signature, e.g. "float32 (2,?)", into
/// `buffer` (always NUL-terminated when `size` > 0; truncated if needed).
TNP_RT_API void tnp_rt_tensor_sig_format(const tnp_rt_tensor_sig_t *sig,
                                         char *buffer, size_t size);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_CALL_H */
