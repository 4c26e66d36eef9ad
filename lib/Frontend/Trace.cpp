//===- Trace.cpp - Tracing C++ functions into tnp functions ---------------===//
//
// Part of tnp. See Trace.h and include/tnp/Jit.h.
//
//===----------------------------------------------------------------------===//

#include "Trace.h"

#include "TNP/IR/TNPTypes.h"
#include "tnp/Jit.h"
#include "tnp-runtime/tnp_runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <complex>
#include <map>
#include <mutex>

using namespace mlir;

namespace tnp {
namespace detail {

static thread_local Trace *gCurrent = nullptr;

Trace::Trace(OpBuilder &b, Location loc, sem::PromotionOptions o,
             std::string site)
    : b(b), loc(loc), options(o), site_(std::move(site)),
      siteRef(std::make_shared<const std::string>(site_)), previous(gCurrent) {
  gCurrent = this;
}
Trace::~Trace() { gCurrent = previous; }

Trace *Trace::current() { return gCurrent; }

void rejectTraced(const Array &a, const char *what) {
  if (!a.traced())
    return;
  throw TracingError(std::string(what) + " reads the elements of an Array "
                     "traced by tnp::jit (the function of " +
                     *a.tracedValue()->site +
                     "); a traced function is compiled once per signature, "
                     "so it cannot depend on values: compute on Arrays "
                     "(e.g. tnp::where) or move the branch outside the "
                     "jit'd function");
}

Array Trace::wrap(Value v) {
  auto t = std::make_shared<Traced>();
  t->value = v;
  t->trace = this;
  t->site = siteRef;
  auto rt = cast<RankedTensorType>(v.getType());
  for (int64_t d : rt.getShape())
    t->shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  t->dtype = *mlir::tnp::toDType(rt.getElementType());
  return Array::fromTraced(std::move(t)).withWeak(mlir::tnp::isWeak(rt));
}

/// The elements of a concrete Array as literals (astype-exact).
static std::vector<sem::Scalar> scalarsOf(const Array &a) {
  std::vector<sem::Scalar> out;
  DType t = a.dtype();
  if (t == DType::Bool) {
    for (bool v : a.toVector<bool>())
      out.push_back(sem::Scalar::fromBool(v));
  } else if (sem::isSigned(t)) {
    for (int64_t v : a.toVector<int64_t>())
      out.push_back(sem::Scalar::fromInt(v));
  } else if (sem::isUnsigned(t)) {
    for (uint64_t v : a.toVector<uint64_t>())
      out.push_back(sem::Scalar::fromUInt(v));
  } else if (sem::isComplex(t)) {
    for (std::complex<double> v : a.toVector<std::complex<double>>())
      out.push_back(sem::Scalar::fromComplex(v.real(), v.imag()));
  } else {
    for (double v : a.toVector<double>())
      out.push_back(sem::Scalar::fromFloat(v));
  }
  return out;
}

Value Trace::valueOf(const Array &a) {
  requireValid(a, "jit");
  if (a.traced()) {
    if (a.tracedValue()->trace != this)
      throw TracingError("an Array traced by another tnp::jit function (" +
                         *a.tracedValue()->site +
                         ") is used in the function of " + site_);
    return a.tracedValue()->value;
  }
  auto it = constants.find(a.raw());
  if (it != constants.end())
    return it->second;
  // A captured Array becomes a constant of its dtype, weak as it is (TF's
  // WeakTensor), so the traced code promotes exactly like eager code.
  mlir::tnp::SemExpected<Value> c = mlir::tnp::buildAsarray(
      b, loc, scalarsOf(a), a.shape(), a.dtype(), options, a.weak());
  if (!c)
    throwSemError(c.error());

  keepAlive.push_back(a);
  constants[a.raw()] = *c;
  return *c;
}

std::vector<Array> Trace::apply(const std::string &op,
                                const std::vector<Array> &inputs,
                                const KernelBody &body) {
  SmallVector<Value> values;
  for (const Array &a : inputs)
    values.push_back(valueOf(a));
  // The user's line of this operation when a NumPy-named function was
  // called (tnp/SourceLoc.h), else the jit site.
  Location opLoc = loc;
  if (SourceLoc site = CallSite::current())
    opLoc = FileLineColLoc::get(b.getContext(), site.file, site.line, 1);
  mlir::tnp::SemExpected<std::vector<Value>> results =
      body(b, opLoc, values, options);
  if (!results)
    throwSemError(results.error());
  std::vector<Array> out;
  for (Value v : *results)
    out.push_back(wrap(v));
  (void)op;
  return out;
}

//===----------------------------------------------------------------------===//
// JitCore
//===----------------------------------------------------------------------===//

struct JitCore::State {
  std::string site;
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<Kernel>> kernels;
  uint64_t traces = 0, hits = 0;
  double traceSeconds = 0;
  mlir::tnp::jit::CompileTimes times;
};

JitCore::JitCore(const char *file, int line)
    : state(std::make_shared<State>()) {
  state->site = std::string(file) + ":" + std::to_string(line);
}

/// The signature of a call: the mode and each argument's weakness, dtype
/// and shape, as bytes (no formatting: this runs on every call).
static void signatureKey(const std::vector<Array> &args,
                         const sem::PromotionOptions &o, std::string &key) {
  key.clear();
  key += static_cast<char>('0' + static_cast<int>(o.mode));
  key += o.preferFloat32 ? 'f' : 'd';
  for (const Array &a : args) {
    requireValid(a, "jit");
    if (a.traced())
      throw TracingError("a jit'd function called inside another jit'd "
                         "function's trace is not supported yet");
    const tnp_rt_array_t *r = a.raw();
    int32_t rank = tnp_rt_array_rank(r);
    key += a.weak() ? '*' : '|';
    key += static_cast<char>('A' + tnp_rt_array_dtype(r));
    key += static_cast<char>(rank);
    key.append(reinterpret_cast<const char *>(tnp_rt_array_shape(r)),
               sizeof(int64_t) * static_cast<size_t>(rank));
  }
}

/// Traces `fn` on the signature of `args` into a new module with one public
/// function `name`. Call with compilerMutex() held.
static OwningOpRef<ModuleOp> traceModule(const std::string &site,
                                         const std::string &name,
                                         const std::vector<Array> &args,
                                         const TraceFn &fn,
                                         const sem::PromotionOptions &o) {
  MLIRContext *ctx = &compilerContext();
  // The jit site as the location of everything traced.
  std::string file = site.substr(0, site.rfind(':'));
  unsigned line = static_cast<unsigned>(std::stoul(site.substr(site.rfind(':') + 1)));
  Location loc = FileLineColLoc::get(ctx, file, line, 1);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  mlir::tnp::setPromotionOptions(*module, o);
  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module->getBody());
  SmallVector<Type> argTypes;
  for (const Array &a : args)
    argTypes.push_back(mlir::tnp::makeTensorType(
        ctx, a.shape(), sem::PromotedType{a.dtype(), a.weak()}));
  auto func = func::FuncOp::create(b, loc, name, b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToEnd(entry);
  std::vector<Array> results;
  {
    Trace trace(b, loc, o, site);
    std::vector<Array> traced;
    for (BlockArgument arg : entry->getArguments())
      traced.push_back(trace.wrap(arg));
    std::vector<Array> out;
    try {
      out = fn(traced);
    } catch (const TracingError &) {
      throw; // names the site already
    } catch (const Error &e) {
      // NumPy's message, and where: the jit'd function being traced.
      throwError(e.kind(),
                 e.message() + " (while tracing the tnp::jit function of " +
                     site + ")",
                 e.where());
    }
    SmallVector<Value> values;
    for (const Array &r : out)
      values.push_back(trace.valueOf(r));
    func::ReturnOp::create(b, loc, values);
    SmallVector<Type> resultTypes;
    for (Value v : values)
      resultTypes.push_back(v.getType());
    func.setFunctionType(b.getFunctionType(argTypes, resultTypes));
  }
  return module;
}

std::vector<Array> JitCore::call(const std::vector<Array> &args,
                                 const TraceFn &fn) const {
  sem::PromotionOptions o = numpyBehavior();
  // One key buffer per thread: no allocation once it has grown.
  thread_local std::string key;
  signatureKey(args, o, key);
  std::shared_ptr<Kernel> k;
  {
    std::lock_guard lock(state->mutex);
    auto it = state->kernels.find(key);
    if (it != state->kernels.end()) {
      ++state->hits;
      k = it->second;
    }
  }
  if (!k) {
    // The key of this signature, kept: tracing may run other jit'd
    // functions on this thread, which reuse the buffer.
    std::string signature = key;
    std::lock_guard compileLock(compilerMutex());
    auto t0 = std::chrono::steady_clock::now();
    OwningOpRef<ModuleOp> module = traceModule(state->site, "jit", args, fn, o);
    double traceSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - t0)
                              .count();
    mlir::tnp::jit::CompileTimes times;
    k = compileKernel(*module, "the tnp::jit function of " + state->site, "",
                      &times);
    std::lock_guard lock(state->mutex);
    ++state->traces;
    state->traceSeconds = traceSeconds;
    state->times = times;
    state->kernels.emplace(std::move(signature), k);
  }
  return callKernel(*k, args);
}

std::string JitCore::mlir(const std::vector<Array> &args, const TraceFn &fn,
                          const std::string &name) const {
  sem::PromotionOptions o = numpyBehavior();
  std::string key;
  signatureKey(args, o, key); // checks the arguments
  std::lock_guard compileLock(compilerMutex());
  OwningOpRef<ModuleOp> module = traceModule(state->site, name, args, fn, o);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  os << "\n";
  return text;
}

JitStats JitCore::stats() const {
  std::lock_guard lock(state->mutex);
  return {state->traces,           state->hits,
          state->traceSeconds,     state->times.passes,
          state->times.llvm,       state->times.llvmOptimize,
          state->times.llvmCodegen};
}

} // namespace detail
} // namespace tnp
