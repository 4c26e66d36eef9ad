//===- AOT.cpp - Ahead-of-time compilation to objects and headers ---------===//
//
// Part of tnp. See include/tnp/AOT/AOT.h.
//
//===----------------------------------------------------------------------===//

#include "tnp/AOT/AOT.h"

#include "TNP/IR/TNPTypes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::tnp::aot;
namespace sem = ::tnp::sem;

//===----------------------------------------------------------------------===//
// Exports
//===----------------------------------------------------------------------===//

/// `name` with every character outside [A-Za-z0-9_] replaced by '_' and a
/// leading digit prefixed with '_'.
static std::string cIdentifier(StringRef name) {
  std::string s;
  for (char c : name)
    s += llvm::isAlnum(c) || c == '_' ? c : '_';
  if (s.empty() || llvm::isDigit(s[0]))
    s = "_" + s;
  return s;
}

static std::optional<ArgType> tensorTypeOf(Type t) {
  auto rt = dyn_cast<RankedTensorType>(t);
  if (!rt)
    return std::nullopt;
  std::optional<sem::DType> dt = mlir::tnp::toDType(rt.getElementType());
  if (!dt)
    return std::nullopt;
  return ArgType{*dt, SmallVector<int64_t>(rt.getShape())};
}

FailureOr<std::vector<Export>>
mlir::tnp::aot::prepareExports(ModuleOp module, ArrayRef<std::string> names,
                               StringRef prefix) {
  std::vector<func::FuncOp> chosen;
  bool ok = true;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isExternal()) {
      func.emitError() << "tnp-compile cannot compile a call to the external "
                          "function @"
                       << func.getSymName()
                       << ": a compiled library links only the tnp runtime";
      ok = false;
    }
  if (!ok)
    return failure();
  if (names.empty()) {
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic())
        chosen.push_back(func);
    if (chosen.empty())
      return module.emitError()
             << "the module has no public function to export";
  } else {
    for (const std::string &n : names) {
      auto func = module.lookupSymbol<func::FuncOp>(n);
      if (!func) {
        module.emitError() << "--export names @" << n
                           << ", which is not a function of the module";
        ok = false;
        continue;
      }
      if (!llvm::is_contained(chosen, func))
        chosen.push_back(func);
    }
    if (!ok)
      return failure();
  }

  std::vector<Export> exports;
  llvm::StringSet<> cNames;
  for (func::FuncOp func : chosen) {
    Export e;
    e.sourceName = func.getSymName().str();
    e.cName = cIdentifier(prefix.empty() ? func.getSymName().str()
                                         : (prefix + "_" + func.getSymName()).str());
    FunctionType ft = func.getFunctionType();
    auto collect = [&](TypeRange types, StringRef what,
                       std::vector<ArgType> &out) {
      for (auto [i, t] : llvm::enumerate(types)) {
        std::optional<ArgType> tt = tensorTypeOf(t);
        if (!tt) {
          func.emitError() << what << " " << i << " of @" << e.sourceName
                           << " has type " << t
                           << ", which an exported function cannot take: "
                              "exports take and return ranked tensors of "
                              "tnp dtypes";
          ok = false;
          continue;
        }
        out.push_back(*tt);
      }
    };
    collect(ft.getInputs(), "argument", e.args);
    collect(ft.getResults(), "result", e.results);
    if (!cNames.insert(e.cName).second) {
      func.emitError() << "two exported functions have the C name "
                       << e.cName;
      ok = false;
    }
    exports.push_back(std::move(e));
  }
  if (!ok)
    return failure();

  // Every other function becomes private; exports get their C names.
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (!llvm::is_contained(chosen, func))
      func.setPrivate();
  for (auto [func, e] : llvm::zip(chosen, exports)) {
    if (func.getSymName() == e.cName)
      continue;
    if (module.lookupSymbol(e.cName)) {
      func.emitError() << "cannot rename @" << e.sourceName << " to @"
                       << e.cName << ": the module has a symbol of that name";
      return failure();
    }
    auto newName = StringAttr::get(module.getContext(), e.cName);
    if (failed(SymbolTable::replaceAllSymbolUses(func, newName, module)))
      return func.emitError() << "cannot rename @" << e.sourceName;
    SymbolTable::setSymbolName(func, newName);
  }
  return exports;
}

//===----------------------------------------------------------------------===//
// The header
//===----------------------------------------------------------------------===//

std::string mlir::tnp::aot::packedName(const Export &e) {
  return e.cName + "_tnp_packed";
}

static std::string shapeText(ArrayRef<int64_t> shape) {
  std::string s = "(";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      s += ", ";
    s += ShapedType::isDynamic(d) ? "?" : std::to_string(d);
  }
  if (shape.size() == 1)
    s += ",";
  return s + ")";
}

static std::string typeText(const ArgType &t) {
  return std::string(sem::dtypeName(t.dtype)) + " " + shapeText(t.shape);
}

/// The runtime's enumerator of a dtype (tnp_rt_dtype_t codes are
/// sem::DType's).
static std::string dtypeEnum(sem::DType t) {
  return "TNP_RT_DTYPE_" + llvm::StringRef(std::string(sem::dtypeName(t))).upper();
}

std::string mlir::tnp::aot::emitHeader(ArrayRef<Export> exports,
                                       const HeaderInfo &info) {
  std::string out;
  llvm::raw_string_ostream os(out);
  std::string P = info.prefix.empty() ? "TNP" : cIdentifier(info.prefix);
  std::string PU = llvm::StringRef(P).upper();
  os << "/* Generated by tnp-compile from " << info.source
     << ". Do not edit.\n"
     << " *\n"
     << " * Entry points of " << (info.library.empty() ? "the object" : info.library)
     << ", compiled for the CPU '" << info.cpu << "'"
     << (info.cuda ? " (host code) and for CUDA GPUs " + info.chips +
                         " (one fatbin per module: a cubin per chip and the "
                         "newest chip's PTX, loaded with the CUDA driver at "
                         "startup)"
                   : std::string())
     << ".\n"
     << " * Link the library (or object) with the tnp runtime and libm, and\n"
     << " * nothing else of tnp: -ltnp_runtime -lm (the static runtime also\n"
     << " * needs -lstdc++ -lpthread), or find_package(tnp) and\n"
     << " * tnp_add_aot_library. No LLVM, MLIR or JIT at run time.\n"
     << " *\n"
     << " * Calling convention (tnp-runtime/call.h, ABI version below):\n"
     << (info.cuda
             ? " * - The code runs on cuda:0. Arguments may live on the host or\n"
               " *   on cuda:0: host arrays are copied to the device for the\n"
               " *   call. Results live on cuda:0: tnp_rt_array_copy_to brings\n"
               " *   them to the host. The CUDA driver is opened at run time\n"
               " *   (dlopen): without one, or without a GPU, a call returns an\n"
               " *   `unavailable` status.\n"
             : "")
     << " * - Arguments are arrays (tnp_rt_array_t), borrowed for the\n"
     << " *   call. Wrap caller memory with tnp_rt_array_wrap_host: zero-copy\n"
     << " *   when the data is C-contiguous and 64-byte aligned, otherwise one\n"
     << " *   copy, counted by tnp_rt_array_boundary_copy_count.\n"
     << " * - Each argument's dtype and rank, and its static dims, are checked\n"
     << " *   at the call; a '?' dim takes any size, and sizes that disagree\n"
     << " *   between arguments are reported by the compiled code (e.g. a\n"
     << " *   broadcast error) -- never undefined behaviour.\n"
     << " * - Results are new arrays owned by the caller: release each with\n"
     << " *   tnp_rt_array_release. On error they are all set to NULL.\n"
     << " * - The return value is NULL on success, otherwise a status with\n"
     << " *   an error kind (tnp_rt_status_code; dtype, shape, broadcast,\n"
     << " *   index, value, ...) and NumPy's message (tnp_rt_status_message);\n"
     << " *   free it with tnp_rt_status_free.\n"
     << " * - Thread-safe: the compiled code keeps no state.\n"
     << " */\n\n"
     << "#ifndef " << info.guard << "\n#define " << info.guard << "\n\n"
     << "#include \"tnp-runtime/tnp_runtime.h\"\n\n"
     << "/* The call ABI this header was generated for. */\n"
     << "#define " << PU << "_TNP_CALL_ABI_VERSION 1\n"
     << "#if TNP_RT_CALL_ABI_VERSION != " << PU << "_TNP_CALL_ABI_VERSION\n"
     << "#error \"this header needs a tnp runtime with call ABI version 1\"\n"
     << "#endif\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  for (const Export &e : exports) {
    const std::string &n = e.cName;
    // Signature tables.
    auto tables = [&](ArrayRef<ArgType> ts, StringRef kind) {
      for (auto [i, t] : llvm::enumerate(ts)) {
        if (t.shape.empty())
          continue;
        os << "static const int64_t " << n << "_" << kind << i << "_dims[] = {";
        for (auto [j, d] : llvm::enumerate(t.shape))
          os << (j ? ", " : "")
             << (ShapedType::isDynamic(d) ? std::string("TNP_RT_DYNAMIC_DIM")
                                          : std::to_string(d));
        os << "};\n";
      }
      if (ts.empty())
        return;
      os << "static const tnp_rt_tensor_sig_t " << n << "_" << kind
         << "s[] = {\n";
      for (auto [i, t] : llvm::enumerate(ts)) {
        os << "  {" << dtypeEnum(t.dtype) << ", " << t.shape.size() << ", ";
        if (t.shape.empty())
          os << "0";
        else
          os << n << "_" << kind << i << "_dims";
        os << "},\n";
      }
      os << "};\n";
    };
    os << "/*---- " << n << " (@" << e.sourceName << ") ----*/\n\n";
    os << "void " << packedName(e) << "(void **args);\n";
    tables(e.args, "arg");
    tables(e.results, "result");
    os << "static const tnp_rt_function_sig_t " << n << "_sig = {\n"
       << "  TNP_RT_CALL_ABI_VERSION, \"" << n << "\", " << e.args.size()
       << ", " << (e.args.empty() ? "0" : n + "_args") << ", "
       << e.results.size() << ", "
       << (e.results.empty() ? "0" : n + "_results") << "};\n\n";
    // The documented entry point.
    os << "/* " << n << "(";
    for (auto [i, t] : llvm::enumerate(e.args))
      os << (i ? ", " : "") << "arg" << i << ": " << typeText(t);
    os << ") -> ";
    if (e.results.size() != 1)
      os << "(";
    for (auto [i, t] : llvm::enumerate(e.results))
      os << (i ? ", " : "") << typeText(t);
    if (e.results.size() != 1)
      os << ")";
    os << "\n";
    for (auto [i, t] : llvm::enumerate(e.args))
      os << " *   arg" << i << "     in:  " << typeText(t) << "\n";
    for (auto [i, t] : llvm::enumerate(e.results))
      os << " *   result" << i << "  out: " << typeText(t)
         << ", a new array (tnp_rt_array_release)\n";
    os << " */\n";
    os << "static inline tnp_rt_status_t " << n << "(";
    bool first = true;
    for (size_t i = 0; i < e.args.size(); ++i) {
      os << (first ? "" : ", ") << "const tnp_rt_array_t *arg" << i;
      first = false;
    }
    for (size_t i = 0; i < e.results.size(); ++i) {
      os << (first ? "" : ", ") << "tnp_rt_array_t **result" << i;
      first = false;
    }
    if (first)
      os << "void";
    os << ") {\n";
    size_t na = std::max<size_t>(e.args.size(), 1),
           nr = std::max<size_t>(e.results.size(), 1);
    os << "  const tnp_rt_array_t *args[" << na << "] = {";
    for (size_t i = 0; i < e.args.size(); ++i)
      os << (i ? ", " : "") << "arg" << i;
    if (e.args.empty())
      os << "0";
    os << "};\n";
    os << "  tnp_rt_array_t *results[" << nr << "] = {0};\n";
    if (info.cuda)
      os << "  tnp_rt_device_t device = {TNP_RT_DEVICE_CUDA, 0};\n"
         << "  tnp_rt_status_t status = tnp_rt_call_on(device, &" << n
         << "_sig, " << packedName(e) << ", args, results);\n";
    else
      os << "  tnp_rt_status_t status = tnp_rt_call(&" << n << "_sig, "
         << packedName(e) << ", args, results);\n";
    for (size_t i = 0; i < e.results.size(); ++i)
      os << "  if (result" << i << ")\n    *result" << i << " = results[" << i
         << "];\n  else\n    tnp_rt_array_release(results[" << i << "]);\n";
    os << "  (void)args;\n  return status;\n}\n\n";
  }
  // The table of exports, for drivers that call functions by name.
  os << "/* Every export: its name in " << info.source
     << ", signature, packed function and device. */\n"
     << "#define " << PU << "_TNP_EXPORT_COUNT " << exports.size() << "\n"
     << "static const tnp_rt_export_t " << P << "_tnp_exports[] = {\n";
  for (const Export &e : exports)
    os << "  {\"" << e.sourceName << "\", &" << e.cName << "_sig, "
       << packedName(e) << ", {"
       << (info.cuda ? "TNP_RT_DEVICE_CUDA" : "TNP_RT_DEVICE_CPU") << ", 0}},\n";
  if (exports.empty())
    os << "  {0, 0, 0, {TNP_RT_DEVICE_CPU, 0}},\n";
  os << "};\n\n";
  os << "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n"
     << "#endif /* " << info.guard << " */\n";
  return out;
}

//===----------------------------------------------------------------------===//
// LLVM
//===----------------------------------------------------------------------===//

llvm::Error mlir::tnp::aot::finalizeModule(llvm::Module &module,
                                           ArrayRef<Export> exports) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::StringSet<> wrappers;
  for (const Export &e : exports) {
    std::string ciface = "_mlir_ciface_" + e.cName;
    llvm::Function *callee = module.getFunction(ciface);
    if (!callee || callee->isDeclaration())
      return llvm::createStringError("the lowered module has no " + ciface +
                                     " (a bug in tnp)");
    // void NAME_tnp_packed(void **args): args[i] points at argument i.
    auto *ptrTy = llvm::PointerType::getUnqual(ctx);
    auto *fnTy = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptrTy},
                                         /*isVarArg=*/false);
    std::string name = packedName(e);
    auto *wrapper = llvm::Function::Create(
        fnTy, llvm::GlobalValue::ExternalLinkage, name, module);
    wrappers.insert(name);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", wrapper));
    llvm::Value *argv = wrapper->getArg(0);
    SmallVector<llvm::Value *> args;
    for (auto [i, param] : llvm::enumerate(callee->args())) {
      llvm::Value *slot = b.CreateConstGEP1_64(ptrTy, argv, i);
      llvm::Value *addr = b.CreateLoad(ptrTy, slot);
      args.push_back(b.CreateLoad(param.getType(), addr));
    }
    llvm::Value *r = b.CreateCall(callee, args);
    if (!callee->getReturnType()->isVoidTy()) {
      llvm::Value *slot = b.CreateConstGEP1_64(ptrTy, argv, args.size());
      b.CreateStore(r, b.CreateLoad(ptrTy, slot));
    }
    b.CreateRetVoid();
  }
  for (llvm::Function &f : module)
    if (!f.isDeclaration() && !wrappers.contains(f.getName()))
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
  // llvm.global_ctors (the CUDA code's module loading) keeps its appending
  // linkage.
  for (llvm::GlobalVariable &g : module.globals())
    if (!g.isDeclaration() && !g.getName().starts_with("llvm."))
      g.setLinkage(llvm::GlobalValue::InternalLinkage);
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::tnp::aot::createTargetMachine(StringRef cpu, unsigned optLevel) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::InitializeNativeTargetAsmParser();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return llvm::createStringError("no target for " + triple.str() + ": " + err);
  std::string cpuName = cpu.str();
  llvm::SubtargetFeatures features;
  if (cpu == "host") {
    cpuName = llvm::sys::getHostCPUName().str();
    for (const auto &[f, on] : llvm::sys::getHostCPUFeatures())
      features.AddFeature(f, on);
  }
  static const llvm::CodeGenOptLevel kLevels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
      llvm::CodeGenOptLevel::Default, llvm::CodeGenOptLevel::Aggressive};
  llvm::TargetOptions options;
  // Constructors (the CUDA code's module loading) go to .init_array, as
  // every Linux compiler emits them: glibc's startup does not run .ctors,
  // and only some linkers (GNU ld, not lld) move .ctors into .init_array.
  options.UseInitArray = true;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, cpuName, features.getString(), options, llvm::Reloc::PIC_,
      std::nullopt, kLevels[std::min(optLevel, 3u)]));
  if (!tm)
    return llvm::createStringError("cannot create a target machine for " +
                                   triple.str() + " and the CPU " + cpuName);
  if (!tm->getMCSubtargetInfo()->isCPUStringValid(cpuName))
    return llvm::createStringError(
        "unknown CPU '" + cpuName + "' for " + triple.str() +
        " (use 'host', or a name llc -mcpu=help lists, e.g. x86-64-v3)");
  return tm;
}

llvm::Error mlir::tnp::aot::optimizeModule(llvm::Module &module,
                                           llvm::TargetMachine &tm,
                                           unsigned optLevel) {
  module.setTargetTriple(tm.getTargetTriple());
  module.setDataLayout(tm.createDataLayout());
  std::function<llvm::Error(llvm::Module *)> transformer =
      makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, &tm);
  return transformer(&module);
}

llvm::Expected<std::string>
mlir::tnp::aot::emitCode(llvm::Module &module, llvm::TargetMachine &tm,
                         llvm::CodeGenFileType type) {
  llvm::SmallString<0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, type))
    return llvm::createStringError("the target cannot emit this file type");
  pm.run(module);
  return std::string(buffer.str());
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
mlir::tnp::aot::makeArchive(StringRef object, StringRef memberName) {
  llvm::NewArchiveMember member(llvm::MemoryBufferRef(object, memberName));
  return llvm::writeArchiveToBuffer({std::move(member)},
                                    llvm::SymtabWritingMode::NormalSymtab,
                                    llvm::object::Archive::K_GNU,
                                    /*Deterministic=*/true, /*Thin=*/false);
}
