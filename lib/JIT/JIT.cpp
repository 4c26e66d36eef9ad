//===- JIT.cpp - Compiling tnp modules in process -------------------------===//
//
// Part of tnp. See include/tnp/JIT/JIT.h.
//
//===----------------------------------------------------------------------===//

#include "tnp/JIT/JIT.h"

#include "tnp/Pipelines/Pipelines.h"
#include "tnp-runtime/tnp_runtime.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <chrono>
#include <functional>

using namespace mlir;

// The runtime's bfloat16 libcalls (runtime/src/CompilerRt.cpp): a bfloat16
// result in the low bits of the float return register. Only their addresses
// are taken here.
extern "C" float __truncsfbf2(float);
extern "C" float __truncdfbf2(double);

/// The runtime's symbols that compiled code calls. The runtime is linked
/// statically into the tools and libraries that JIT, and its symbols are not
/// exported from the executable, so the process-symbol search of the
/// ExecutionEngine cannot see them (DESIGN.md section 8): they go through
/// the engine's symbol map. libm and libgcc (the f16 conversion helpers) are
/// shared libraries of the process and are found by that search.
static llvm::orc::SymbolMap runtimeSymbols(llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap map;
  auto add = [&](llvm::StringRef name, auto *fn) {
    map[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(
                               reinterpret_cast<void *>(fn)),
                           llvm::JITSymbolFlags::Exported |
                               llvm::JITSymbolFlags::Callable};
  };
  add("_mlir_memref_to_llvm_alloc", &_mlir_memref_to_llvm_alloc);
  add("_mlir_memref_to_llvm_aligned_alloc", &_mlir_memref_to_llvm_aligned_alloc);
  add("_mlir_memref_to_llvm_free", &_mlir_memref_to_llvm_free);
  add("memrefCopy", &memrefCopy);
  // bfloat16 rounding libcalls Debian 12's libgcc lacks (CompilerRt.cpp).
  add("__truncsfbf2", &__truncsfbf2);
  add("__truncdfbf2", &__truncdfbf2);
  // Run-time checks of compiled code report through the sticky error.
  add("tnp_rt_error_raise", &tnp_rt_error_raise);
  add("tnp_rt_error_raise_fmt", &tnp_rt_error_raise_fmt);
  add("tnp_rt_error_peek_code", &tnp_rt_error_peek_code);
  // The CUDA pipeline's host code (cuda.h).
  add("mgpuModuleLoad", &mgpuModuleLoad);
  add("mgpuModuleLoadJIT", &mgpuModuleLoadJIT);
  add("mgpuModuleUnload", &mgpuModuleUnload);
  add("mgpuModuleGetFunction", &mgpuModuleGetFunction);
  add("mgpuLaunchKernel", &mgpuLaunchKernel);
  add("mgpuStreamCreate", &mgpuStreamCreate);
  add("mgpuStreamDestroy", &mgpuStreamDestroy);
  add("mgpuStreamSynchronize", &mgpuStreamSynchronize);
  add("mgpuStreamWaitEvent", &mgpuStreamWaitEvent);
  add("mgpuEventCreate", &mgpuEventCreate);
  add("mgpuEventDestroy", &mgpuEventDestroy);
  add("mgpuEventSynchronize", &mgpuEventSynchronize);
  add("mgpuEventRecord", &mgpuEventRecord);
  add("mgpuMemAlloc", &mgpuMemAlloc);
  add("mgpuMemFree", &mgpuMemFree);
  add("mgpuMemcpy", &mgpuMemcpy);
  add("mgpuMemset32", &mgpuMemset32);
  add("mgpuMemset16", &mgpuMemset16);
  add("mgpuSetDefaultDevice", &mgpuSetDefaultDevice);
  return map;
}

/// Gives every function one compiled body before LLVM optimizes the module.
///
/// The engine wraps every function of the module in a packed interface
/// function (`_mlir_<name>`) before the optimizer runs, and every function
/// is external: a small function was inlined into its C interface
/// (`_mlir_ciface_<name>`) and both into their packed wrappers, so its body
/// was optimized and compiled four times. Callers look up only the packed
/// wrappers of the C interfaces (lookupPacked): those stay external, each
/// inlines its C interface (the unpacking of descriptors) here, and every
/// other definition becomes internal, so the wrappers nobody calls are
/// dropped by the first global cleanup. The functions the C interfaces call
/// are kept out of line: there their memrefs' pointers are arguments, which
/// LLVM knows cannot alias the buffers the body allocates (once inlined they
/// are loads, and the vectorizer adds run-time alias checks: W4 ran 1.5x
/// slower). Global constructors stay reachable through llvm.global_ctors.
static void focusOnEntryPoints(llvm::Module &module) {
  constexpr llvm::StringLiteral kEntryPrefix = "_mlir__mlir_ciface_";
  SmallVector<llvm::Function *> entries;
  for (llvm::Function &f : module)
    if (!f.isDeclaration() && f.getName().starts_with(kEntryPrefix))
      entries.push_back(&f);
  for (llvm::Function *entry : entries) {
    // "_mlir_" + "_mlir_ciface_" + name.
    StringRef cInterface = entry->getName().drop_front(6);
    StringRef function = entry->getName().drop_front(kEntryPrefix.size());
    if (llvm::Function *f = module.getFunction(function))
      if (!f->isDeclaration())
        f->addFnAttr(llvm::Attribute::NoInline);
    SmallVector<llvm::CallBase *> calls;
    for (llvm::BasicBlock &block : *entry)
      for (llvm::Instruction &inst : block)
        if (auto *call = dyn_cast<llvm::CallBase>(&inst))
          if (llvm::Function *f = call->getCalledFunction())
            if (!f->isDeclaration() && f->getName() == cInterface)
              calls.push_back(call);
    for (llvm::CallBase *call : calls) {
      llvm::InlineFunctionInfo info;
      (void)llvm::InlineFunction(*call, info);
    }
  }
  for (llvm::Function &f : module) {
    if (f.isDeclaration() || f.getName().starts_with(kEntryPrefix))
      continue;
    f.setLinkage(llvm::GlobalValue::InternalLinkage);
    f.setVisibility(llvm::GlobalValue::DefaultVisibility);
  }
}

/// Adds the time since `start` to `times->llvm` and to its part `part`.
static void addLLVMSeconds(mlir::tnp::jit::CompileTimes *times,
                           double mlir::tnp::jit::CompileTimes::*part,
                           std::chrono::steady_clock::time_point start) {
  if (!times)
    return;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  times->llvm += seconds;
  times->*part += seconds;
}

/// A pipeline without the per-pass verifier: the module is verified once
/// after the whole pipeline (a third of the pipeline's time for a small
/// module); the pipeline's contract checks still run between stages.
/// tnp-opt and tnp-compile keep the per-pass verifier.
static std::unique_ptr<PassManager> buildPipeline(MLIRContext *context,
                                                  bool cuda) {
  auto pm = std::make_unique<PassManager>(context);
  pm->enableVerifier(false);
  if (cuda) {
    mlir::tnp::CUDAPipelineOptions pipelineOptions;
    mlir::tnp::buildTNPCUDAPipeline(*pm, pipelineOptions);
  } else {
    mlir::tnp::CPUPipelineOptions pipelineOptions;
    // LLVM's optimizer cleans up right after: the llvm dialect's
    // canonicalization and CSE were a tenth of the pipeline.
    pipelineOptions.llvmCleanup = false;
    mlir::tnp::buildTNPCPUPipeline(*pm, pipelineOptions);
  }
  return pm;
}

mlir::tnp::jit::PipelineCache::PipelineCache() = default;
mlir::tnp::jit::PipelineCache::~PipelineCache() = default;

PassManager &mlir::tnp::jit::PipelineCache::get(MLIRContext *ctx, bool cuda) {
  if (ctx != context) {
    pipelines[0].reset();
    pipelines[1].reset();
    context = ctx;
  }
  std::unique_ptr<PassManager> &pm = pipelines[cuda ? 1 : 0];
  if (!pm)
    pm = buildPipeline(ctx, cuda);
  return *pm;
}

llvm::Expected<std::unique_ptr<ExecutionEngine>>
mlir::tnp::jit::compileModule(ModuleOp module, unsigned optLevel,
                              CompileTimes *times, bool cuda,
                              PipelineCache *pipelines) {
  auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<PassManager> ownPipeline;
  if (!pipelines)
    ownPipeline = buildPipeline(module.getContext(), cuda);
  PassManager &pm =
      pipelines ? pipelines->get(module.getContext(), cuda) : *ownPipeline;
  if (failed(pm.run(module)))
    return llvm::createStringError(
        llvm::Twine(cuda ? "tnp-cuda-pipeline" : "tnp-cpu-pipeline") +
        " failed (see the diagnostics above)");
  if (failed(verify(module)))
    return llvm::createStringError(
        llvm::Twine(cuda ? "tnp-cuda-pipeline" : "tnp-cpu-pipeline") +
        " produced invalid IR (see the diagnostics above)");
  auto t1 = std::chrono::steady_clock::now();
  if (times)
    times->passes = std::chrono::duration<double>(t1 - t0).count();

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  // The host's CPU and features (detectHost fills both), so that the code
  // uses what this machine has; the codegen level is set on our own target
  // machine because the engine ignores jitCodeGenOptLevel once it is given
  // one (DESIGN.md section 8).
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return llvm::createStringError("cannot detect the host target: " +
                                   llvm::toString(builder.takeError()));
  static const llvm::CodeGenOptLevel kLevels[] = {
      llvm::CodeGenOptLevel::None, llvm::CodeGenOptLevel::Less,
      llvm::CodeGenOptLevel::Default, llvm::CodeGenOptLevel::Aggressive};
  optLevel = std::min(optLevel, 3u);
  builder->setCodeGenOptLevel(kLevels[optLevel]);
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> tm =
      builder->createTargetMachine();
  if (!tm)
    return llvm::createStringError("cannot create the host target machine: " +
                                   llvm::toString(tm.takeError()));

  // ExecutionEngineOptions::transformer is a function_ref: the callable must
  // outlive create() (DESIGN.md section 8), hence the named std::function.
  std::function<llvm::Error(llvm::Module *)> optimize =
      makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, tm->get());
  std::function<llvm::Error(llvm::Module *)> optimizer =
      [&optimize](llvm::Module *m) {
        focusOnEntryPoints(*m);
        return optimize(m);
      };
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimizer;
  engineOptions.jitCodeGenOptLevel = kLevels[optLevel];
  engineOptions.enableGDBNotificationListener = false;
  engineOptions.enablePerfNotificationListener = false;
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      ExecutionEngine::create(module, engineOptions, std::move(*tm));
  if (!engine)
    return llvm::createStringError("cannot JIT-compile: " +
                                   llvm::toString(engine.takeError()));
  (*engine)->registerSymbols(runtimeSymbols);
  addLLVMSeconds(times, &CompileTimes::llvmOptimize, t1);
  return std::move(*engine);
}

llvm::Expected<void (*)(void **)>
mlir::tnp::jit::lookupPacked(ExecutionEngine &engine, llvm::StringRef name,
                             CompileTimes *times) {
  auto t0 = std::chrono::steady_clock::now();
  llvm::Expected<void (*)(void **)> fn =
      engine.lookupPacked(("_mlir_ciface_" + name).str());
  if (!fn)
    return fn.takeError();
  engine.initialize();
  addLLVMSeconds(times, &CompileTimes::llvmCodegen, t0);
  return fn;
}
