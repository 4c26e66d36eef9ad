//===- Eager.cpp - The eager kernel cache of the C++ API ------------------===//
//
// Part of tnp. See Eager.h. One MLIRContext for the process, with every
// dialect the pipeline uses loaded up front (lazy loading during concurrent
// compilation is a race, and Debian's LLVM has assertions off). Kernels
// compile under one mutex; lookups of compiled kernels share a
// reader-writer lock, so cached calls from many threads do not serialize.
//
//===----------------------------------------------------------------------===//

#include "Eager.h"
#include "Trace.h"

#include "TNP/IR/TNPDialect.h"
#include "TNP/IR/TNPTypes.h"
#include "tnp/JIT/JIT.h"
#include "tnp/Pipelines/Registration.h"
#include "tnp-runtime/tnp_runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

using namespace mlir;

namespace tnp {
namespace detail {
namespace {

class KernelCache {
public:
  static KernelCache &get() {
    static KernelCache *cache = new KernelCache(); // lives to exit
    return *cache;
  }

  std::shared_ptr<Kernel> lookup(const std::string &key) {
    std::shared_lock lock(mapMutex);
    auto it = kernels.find(key);
    if (it == kernels.end())
      return nullptr;
    hits.fetch_add(1, std::memory_order_relaxed);
    return it->second;
  }

  std::shared_ptr<Kernel> compile(const std::string &key,
                                  const std::string &op,
                                  const std::vector<Array> &inputs,
                                  const KernelBody &body,
                                  const sem::PromotionOptions &o) {
    std::lock_guard compileLock(compilerMutex());
    if (std::shared_ptr<Kernel> k = lookup(key))
      return k; // another thread compiled it meanwhile
    std::shared_ptr<Kernel> k = build(op, inputs, body, o);
    compiles.fetch_add(1, std::memory_order_relaxed);
    std::unique_lock lock(mapMutex);
    kernels.emplace(key, k);
    return k;
  }

  KernelCacheStats stats() {
    std::shared_lock lock(mapMutex);
    return {compiles.load(), hits.load(), kernels.size()};
  }

private:
  KernelCache() = default;

  std::shared_ptr<Kernel> build(const std::string &op,
                                const std::vector<Array> &inputs,
                                const KernelBody &body,
                                const sem::PromotionOptions &o) {
    MLIRContext *ctx = &compilerContext();
    // Diagnostics of a kernel are compiler bugs (the builders checked the
    // semantics): collect them for the exception.
    std::string diagText;
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &d) {
      diagText += d.str() + "\n";
      return success();
    });
    Location loc = NameLoc::get(StringAttr::get(ctx, "tnp." + op));
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    mlir::tnp::setPromotionOptions(*module, o);
    OpBuilder b(ctx);
    b.setInsertionPointToEnd(module->getBody());
    SmallVector<Type> argTypes;
    for (const Array &a : inputs) {
      SmallVector<int64_t> pattern;
      for (int64_t d : a.shape())
        pattern.push_back(d == 1 ? 1 : ShapedType::kDynamic);
      argTypes.push_back(mlir::tnp::makeTensorType(
          ctx, pattern, sem::PromotedType{a.dtype(), a.weak()}));
    }
    auto func = func::FuncOp::create(b, loc, "kernel",
                                     b.getFunctionType(argTypes, {}));
    Block *entry = func.addEntryBlock();
    b.setInsertionPointToEnd(entry);
    mlir::tnp::SemExpected<std::vector<Value>> results =
        body(b, loc, entry->getArguments(), o);
    if (!results)
      throwSemError(results.error());
    SmallVector<Type> resultTypes;
    for (Value v : *results)
      resultTypes.push_back(v.getType());
    func::ReturnOp::create(b, loc, ValueRange(*results));
    func.setFunctionType(b.getFunctionType(argTypes, resultTypes));
    return compileKernel(*module, op, diagText);
  }

  std::shared_mutex mapMutex;
  std::unordered_map<std::string, std::shared_ptr<Kernel>> kernels;
  std::atomic<uint64_t> compiles{0}, hits{0};
};

} // namespace

MLIRContext &compilerContext() {
  static MLIRContext *context = [] {
    mlir::tnp::registerCompilerPasses();
    DialectRegistry registry;
    mlir::tnp::registerCompilerDialects(registry);
    auto *ctx = new MLIRContext(registry); // lives to exit
    mlir::tnp::loadCompilerDialects(*ctx);
    ctx->disableMultithreading();
    return ctx;
  }();
  return *context;
}

std::recursive_mutex &compilerMutex() {
  static std::recursive_mutex *m = new std::recursive_mutex();
  return *m;
}

std::shared_ptr<Kernel> compileKernel(ModuleOp module, const std::string &name,
                                      const std::string &diagnostics,
                                      mlir::tnp::jit::CompileTimes *times) {
  // compilerContext()'s pipelines, built at the first compile; compiles
  // run one at a time under compilerMutex().
  static auto &pipelines = *new mlir::tnp::jit::PipelineCache(); // to exit
  if (failed(verify(module)))
    throw RuntimeError(TNP_RT_STATUS_INTERNAL,
                       "the kernel of " + name + " does not verify (a bug in "
                       "tnp):\n" + diagnostics);
  auto func = *module.getOps<func::FuncOp>().begin();
  FunctionType ft = func.getFunctionType();
  auto k = std::make_shared<Kernel>();
  k->name = name;
  for (Type t : llvm::concat<const Type>(ft.getInputs(), ft.getResults())) {
    auto rt = cast<RankedTensorType>(t);
    std::vector<int64_t> dims;
    for (int64_t d : rt.getShape())
      dims.push_back(ShapedType::isDynamic(d) ? TNP_RT_DYNAMIC_DIM : d);
    k->dims.push_back(std::move(dims));
    k->tensors.push_back(
        {static_cast<tnp_rt_dtype_t>(*mlir::tnp::toDType(rt.getElementType())),
         static_cast<int32_t>(rt.getRank()), nullptr});
  }
  for (size_t i = 0; i < k->tensors.size(); ++i)
    k->tensors[i].dims = k->dims[i].data();
  for (Type t : ft.getResults())
    k->weakResults.push_back(mlir::tnp::isWeak(t));
  int32_t nArgs = static_cast<int32_t>(ft.getNumInputs());
  k->sig = {TNP_RT_CALL_ABI_VERSION, k->name.c_str(), nArgs, k->tensors.data(),
            static_cast<int32_t>(ft.getNumResults()), k->tensors.data() + nArgs};
  std::string symbol = func.getSymName().str();
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      mlir::tnp::jit::compileModule(module, /*optLevel=*/2, times,
                                    /*cuda=*/false, &pipelines);
  if (!engine)
    throw RuntimeError(TNP_RT_STATUS_INTERNAL,
                       "cannot compile the kernel of " + name + ": " +
                           llvm::toString(engine.takeError()) + "\n" +
                           diagnostics);
  k->engine = std::move(*engine);
  llvm::Expected<void (*)(void **)> fn =
      mlir::tnp::jit::lookupPacked(*k->engine, symbol, times);
  if (!fn)
    throw RuntimeError(TNP_RT_STATUS_INTERNAL,
                       "cannot link the kernel of " + name + ": " +
                           llvm::toString(fn.takeError()));
  k->packed = *fn;
  return k;
}

namespace {
/// Calls `k` on `inputs` and appends its results to `results`.
void callKernelInto(const Kernel &k, const std::vector<Array> &inputs,
                    SmallVectorImpl<Array> &results) {
  SmallVector<const tnp_rt_array_t *, 8> args;
  for (const Array &a : inputs)
    args.push_back(a.raw());
  SmallVector<tnp_rt_array_t *, 4> out(k.sig.num_results, nullptr);
  throwIfError(tnp_rt_call(&k.sig, k.packed, args.data(), out.data()));
  for (size_t i = 0; i < out.size(); ++i) {
    results.push_back(Array::adopt(out[i]));
    if (k.weakResults[i])
      results.back() = results.back().withWeak(true);
  }
}

std::vector<Array> toVector(SmallVectorImpl<Array> &arrays) {
  return std::vector<Array>(std::make_move_iterator(arrays.begin()),
                            std::make_move_iterator(arrays.end()));
}
} // namespace

std::vector<Array> callKernel(const Kernel &k, const std::vector<Array> &inputs) {
  SmallVector<Array, 4> results;
  callKernelInto(k, inputs, results);
  return toVector(results);
}

namespace {
/// The cache key of `op` on `inputs`, written into `key` (a buffer reused
/// across calls: no allocation once it has grown).
void keyOf(const std::string &op, const std::vector<Array> &inputs,
           const sem::PromotionOptions &o, std::string &key) {
  key.clear();
  key += op;
  key += '|';
  key += static_cast<char>('0' + static_cast<int>(o.mode));
  key += o.preferFloat32 ? 'f' : 'd';
  for (const Array &a : inputs) {
    // The dtype code and, per dim, 1 or ? (the broadcast pattern).
    const tnp_rt_array_t *r = a.raw();
    key += a.weak() ? '*' : '|';
    key += static_cast<char>('A' + tnp_rt_array_dtype(r));
    const int64_t *shape = tnp_rt_array_shape(r);
    for (int32_t i = 0, n = tnp_rt_array_rank(r); i < n; ++i)
      key += shape[i] == 1 ? '1' : '?';
  }
}

} // namespace

[[noreturn]] void throwSemError(const sem::Error &e) {
  throwError(e.kind, e.message);
}

void requireValid(const Array &a, const char *what) {
  if (!a.valid())
    throw RuntimeError(TNP_RT_STATUS_INVALID_ARGUMENT,
                       std::string(what) + ": an empty tnp::Array");
}

namespace {
/// runKernel, with the results appended to `results` (no vector allocated
/// on the eager path).
void runKernelInto(const std::string &op, const std::vector<Array> &inputs,
                   const KernelBody &body, SmallVectorImpl<Array> &results) {
  // Inside tnp::jit's trace every operation goes into the traced function.
  if (Trace *t = Trace::current()) {
    std::vector<Array> traced = t->apply(op, inputs, body);
    results.append(std::make_move_iterator(traced.begin()),
                   std::make_move_iterator(traced.end()));
    return;
  }
  for (const Array &a : inputs) {
    requireValid(a, op.c_str());
    if (a.traced())
      throw TracingError("an Array traced by tnp::jit (the function of " +
                         *a.tracedValue()->site + ") is used outside its trace");
  }
  sem::PromotionOptions o = numpyBehavior();
  thread_local std::string key;
  keyOf(op, inputs, o, key);
  KernelCache &cache = KernelCache::get();
  std::shared_ptr<Kernel> k = cache.lookup(key);
  if (!k)
    k = cache.compile(std::string(key), op, inputs, body, o);
  callKernelInto(*k, inputs, results);
}
} // namespace

std::vector<Array> runKernel(const std::string &op,
                             const std::vector<Array> &inputs,
                             const KernelBody &body) {
  SmallVector<Array, 4> results;
  runKernelInto(op, inputs, body, results);
  return toVector(results);
}

Array runKernel1(const std::string &op, const std::vector<Array> &inputs,
                 const KernelBody &body) {
  SmallVector<Array, 2> results;
  runKernelInto(op, inputs, body, results);
  return std::move(results.front());
}

} // namespace detail

KernelCacheStats kernelCacheStats() {
  return detail::KernelCache::get().stats();
}

} // namespace tnp

//===----------------------------------------------------------------------===//
// Call sites (tnp/SourceLoc.h)
//===----------------------------------------------------------------------===//

namespace tnp {
namespace detail {
CallSite::CallSite(SourceLoc loc) {
  if (loc && !gCallSite) {
    gCallSite = loc;
    owner_ = true;
  }
}

CallSite::~CallSite() {
  if (owner_)
    gCallSite = SourceLoc();
}

SourceLoc CallSite::current() { return gCallSite; }
} // namespace detail
} // namespace tnp
