//===- AOT.h - Ahead-of-time compilation to objects and headers -*- C++ -*-===//
//
// Part of tnp. The pieces of tnp-compile that do not parse flags: choosing
// and renaming the exported functions, the C header of their entry points,
// the packed wrappers the header calls (tnp-runtime/call.h), the host target
// machine, LLVM optimization, code generation and static archives. The
// lowering itself is buildTNPCPUPipeline, as in every other tool.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_AOT_AOT_H
#define TNP_AOT_AOT_H

#include "tnp/Semantics/DType.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir {
namespace tnp {
namespace aot {

/// An argument or result of an exported function.
struct ArgType {
  ::tnp::sem::DType dtype;
  /// ShapedType::kDynamic for `?`.
  SmallVector<int64_t> shape;
};

/// An exported function: its C name (also its symbol in the lowered module),
/// its name in the input file, and its signature.
struct Export {
  std::string cName;
  std::string sourceName;
  std::vector<ArgType> args, results;
};

/// Chooses the exported functions, `names` (empty: every public function
/// with a body, in file order), renames each to `prefix` + "_" + its name
/// (non-identifier characters become '_'; no prefix when `prefix` is empty)
/// and makes every other function private. Diagnoses at the function's
/// location: an unknown name, an argument or result that is not a ranked
/// tensor of a tnp dtype, a function without a body (tnp-compile links
/// nothing but the runtime), two exports with the same C name.
FailureOr<std::vector<Export>> prepareExports(ModuleOp module,
                                              ArrayRef<std::string> names,
                                              StringRef prefix);

/// What the header says about where it came from.
struct HeaderInfo {
  std::string prefix;    ///< the --name prefix (may be empty)
  std::string guard;     ///< the include guard macro
  std::string source;    ///< the input file, for the comment
  std::string cpu;       ///< the CPU the code was compiled for
  std::string library;   ///< the library file name, or "" for an object
  bool cuda = false;     ///< compiled for cuda:0 (tnp-compile --target=cuda)
  std::string chips;     ///< for cuda: the GPU architectures, for the comment
};

/// The C header (usable from C++) declaring one entry point per export:
/// `tnp_rt_status_t NAME(const tnp_rt_array_t *arg0, ...,
/// tnp_rt_array_t **result0, ...)`, static inline over tnp_rt_call, with the
/// signature tables it passes and the contract (dtypes, static dims checked
/// at the call, alignment, ownership, status, ABI version) in comments, and
/// PREFIX_tnp_exports, a table of every export (source name, signature,
/// packed function, device) for generic drivers.
std::string emitHeader(ArrayRef<Export> exports, const HeaderInfo &info);

/// The symbol of an export's packed wrapper (what the header calls).
std::string packedName(const Export &e);

/// Completes the LLVM module of a lowered tnp module: adds the packed
/// wrapper of each export (calling `_mlir_ciface_<cName>`), and gives every
/// other definition internal linkage, so that the object exports nothing
/// but the packed wrappers.
llvm::Error finalizeModule(llvm::Module &module, ArrayRef<Export> exports);

/// A target machine for this machine's triple and `cpu` ("host": this CPU
/// and its features), position-independent code, at `optLevel` (0-3).
/// Errors: an unknown CPU name (listing how to find valid ones).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(StringRef cpu, unsigned optLevel);

/// Sets the module's triple and data layout from `tm` and runs LLVM's
/// optimization pipeline at `optLevel`.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                           unsigned optLevel);

/// Assembly or object code of `module`.
llvm::Expected<std::string> emitCode(llvm::Module &module,
                                     llvm::TargetMachine &tm,
                                     llvm::CodeGenFileType type);

/// A static archive (GNU format, with a symbol table) holding one object
/// member named `memberName`.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
makeArchive(StringRef object, StringRef memberName);

} // namespace aot
} // namespace tnp
} // namespace mlir

#endif // TNP_AOT_AOT_H
