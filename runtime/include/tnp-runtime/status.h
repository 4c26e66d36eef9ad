/*===- tnp-runtime/status.h - Status values and the sticky error ----------===*\
|*                                                                            *|
|* Part of tnp. Plain C.                                                      *|
|*                                                                            *|
|* Every runtime call that can fail returns a tnp_rt_status_t, and so does    *|
|* every exported entry point of compiled code (DESIGN.md section 5: run-time *|
|* errors never abort). A status carries an error code and a message.         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef TNP_RUNTIME_STATUS_H
#define TNP_RUNTIME_STATUS_H

#include "tnp-runtime/config.h"

TNP_RT_EXTERN_C_BEGIN

/// Error codes. 0 is success; codes 1..10 are the error kinds of
/// semantics/SPEC.md policy rule 6, generated from the project's one error
/// table (tnp-runtime/error_kinds.def: code = ErrorKind + 1), so the
/// compiler, the conformance runner and the runtime agree; the codes after
/// them are the runtime's own. The numbering is ABI: append, never reorder.
/// The type is a fixed-width integer (IREE's pattern), so a code outside the
/// enum is a value, not undefined behaviour.
enum tnp_rt_status_code_e {
  TNP_RT_STATUS_OK = 0,
#define TNP_ERROR_KIND(Enum, name, STATUS, code, Cxx, Py, description)         \
  TNP_RT_STATUS_##STATUS = code,
#include "tnp-runtime/error_kinds.def"
  TNP_RT_STATUS_OUT_OF_MEMORY = 11, ///< an allocation failed
  TNP_RT_STATUS_IO = 12,            ///< a file could not be read or written
  TNP_RT_STATUS_INTERNAL = 13,      ///< a bug in tnp (a broken invariant)
  TNP_RT_STATUS_INVALID_ARGUMENT = 14, ///< misuse of the runtime API
  TNP_RT_STATUS_UNAVAILABLE = 15,   ///< a device or library is absent (no CUDA)
};
typedef int32_t tnp_rt_status_code_t;

/// Number of status codes (one past the largest).
#define TNP_RT_STATUS_CODE_COUNT 16

/// A status: NULL means success; anything else is an error that owns a code
/// and a message.
///
/// Ownership: a non-NULL status returned by a runtime function belongs to the
/// caller, who must pass it to tnp_rt_status_free exactly once (or hand it on
/// to someone who will). Functions that take a status as input only read it.
///
/// Threading: a status is a plain value with one owner; it may move between
/// threads but must not be used by two threads at once.
typedef struct tnp_rt_status_s *tnp_rt_status_t;

/// Creates a status with `code` and a copy of `message` (NULL reads as "").
/// Returns NULL when `code` is TNP_RT_STATUS_OK. A code outside the table is
/// kept as is. Never fails: when memory is exhausted it returns a shared
/// out-of-memory status (which tnp_rt_status_free accepts).
TNP_RT_API tnp_rt_status_t tnp_rt_status_create(tnp_rt_status_code_t code,
                                                const char *message);

/// Like tnp_rt_status_create with a printf-style message.
TNP_RT_API tnp_rt_status_t tnp_rt_status_createf(tnp_rt_status_code_t code,
                                                 const char *format, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/// Frees a status. NULL is accepted (and does nothing).
TNP_RT_API void tnp_rt_status_free(tnp_rt_status_t status);

/// True when `status` is success (NULL).
TNP_RT_API bool tnp_rt_status_is_ok(tnp_rt_status_t status);

/// The code of `status` (TNP_RT_STATUS_OK for NULL).
TNP_RT_API tnp_rt_status_code_t tnp_rt_status_code(tnp_rt_status_t status);

/// The message of `status`; "" for NULL. The string is owned by the status
/// and lives until tnp_rt_status_free.
TNP_RT_API const char *tnp_rt_status_message(tnp_rt_status_t status);

/// The name of a code: "ok", "broadcast", "dtype", "index", "axis", "shape",
/// "reduction", "value", "overflow", "mutation", "unsupported",
/// "out_of_memory", "io", "internal", "invalid_argument", "unavailable".
/// The kind names are those of tnp::sem::errorKindName. Returns "unknown" for
/// a code outside the table. The string is static.
TNP_RT_API const char *tnp_rt_status_code_name(tnp_rt_status_code_t code);

/// Parses a name as returned by tnp_rt_status_code_name. Returns false (and
/// leaves *out_code alone) for anything else.
TNP_RT_API bool tnp_rt_status_code_from_name(const char *name,
                                             tnp_rt_status_code_t *out_code);

/*===----------------------------------------------------------------------===*\
|* The sticky per-thread error of compiled code                               *|
\*===----------------------------------------------------------------------===*/

/// Records an error of compiled code on the calling thread. Generated code
/// calls this when a run-time check fails (index bounds, dynamic broadcast,
/// empty reduction, ...) and then returns normally; the entry-point wrapper
/// reports it with tnp_rt_error_take. Only the first error is kept until it is
/// taken: later ones are dropped (they are usually consequences of the first).
/// `code` is a tnp_rt_status_code_t; 0 or a code outside the table is recorded
/// as TNP_RT_STATUS_INTERNAL with a message saying so. `message` is copied
/// (NULL reads as "").
///
/// Threading: the slot is thread-local. Hazard: an error raised on a worker
/// thread (e.g. inside an OpenMP parallel loop) lands in that worker's slot
/// and is not seen by the entry point, so checks must run on the thread that
/// called the entry point (they run before results are written anyway).
TNP_RT_API void tnp_rt_error_raise(int32_t code, const char *message);

/// tnp_rt_error_raise with run-time values in the message: `format` is
/// copied with these directives replaced, reading `args` (`nargs` of them) in
/// order:
///   `{}`  one integer, in decimal;
///   `{s}` a shape: a rank r, then r dims, spelled as NumPy's C code spells
///         shapes ("(2,3)", "(3,)", "()"; a dim of -1 reads "newaxis");
///   `{S}` a list of shapes: a count n, then n shapes as for `{s}`, separated
///         by spaces (NumPy's broadcast message).
/// A directive with too few arguments left prints "?". Generated code uses
/// it for messages that name shapes, sizes and indices known only at run
/// time (e.g. "cannot reshape array of size 6 into shape (4,)").
TNP_RT_API void tnp_rt_error_raise_fmt(int32_t code, const char *format,
                                       const int64_t *args, int32_t nargs);

/// Returns the calling thread's pending error as a status owned by the caller
/// (NULL when there is none) and clears the slot.
TNP_RT_API tnp_rt_status_t tnp_rt_error_take(void);

/// The code of the calling thread's pending error (0 when none), without
/// clearing it. Cheap: generated code may call it to skip work after a
/// failed check.
TNP_RT_API int32_t tnp_rt_error_peek_code(void);

TNP_RT_EXTERN_C_END

#endif /* TNP_RUNTIME_STATUS_H */
