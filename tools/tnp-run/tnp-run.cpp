//===- tnp-run.cpp - JIT-run a function of a tnp .mlir file on .npy files -===//
//
// Part of tnp. tnp-run parses a .mlir file of tnp IR, lowers it with
// tnp-cpu-pipeline (the pipeline tnp-opt, the JIT and tnp-compile use),
// JIT-compiles it with MLIR's ExecutionEngine for the host CPU, calls a public
// function on .npy inputs through its _mlir_ciface_ wrapper, and prints or
// writes the results (DESIGN.md section 1). See --help for the interface.
//
// Calling convention (DESIGN.md sections 5 and 8): every argument is passed
// as a pointer to a ranked memref descriptor {allocated, aligned, offset,
// sizes[rank], strides[rank]}; results come back through a pointer passed
// first: to the descriptor of a single result, or to a struct of the
// descriptors (in order, each 8-byte aligned) when there are several. Bools
// are i1 in the IR and one byte per element in memory, as NumPy stores them
// (LLVM loads and stores an i1 as a byte, and the pipeline does not vectorize
// i1 memory accesses).
//
// Input checks use the function's signature read from the tnp IR before
// lowering; a signature with a non-tensor type cannot be called from here.
// bfloat16 travels as ml_dtypes stores it in .npy files: 2-byte void.
//
//===----------------------------------------------------------------------===//


#include "TNP/IR/TNPTypes.h"
#include "tnp/JIT/JIT.h"
#include "tnp/Pipelines/Pipelines.h"
#include "tnp/Pipelines/Registration.h"
#include "tnp-runtime/tnp_runtime.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace mlir;
using llvm::SmallVector;
using llvm::StringRef;

namespace {

//===----------------------------------------------------------------------===//
// Messages
//===----------------------------------------------------------------------===//

/// Prints "tnp-run: <message>" on stderr. Always returns failure so that
/// callers can `return fail(...)`.
LogicalResult fail(const llvm::Twine &message) {
  llvm::errs() << "tnp-run: " << message << "\n";
  return failure();
}

/// Takes the message of a runtime status (prefixed with its kind for the
/// error kinds of compiled code) and frees the status.
std::string takeStatus(tnp_rt_status_t status, bool withKind = false) {
  std::string message;
  if (withKind) {
    message = tnp_rt_status_code_name(tnp_rt_status_code(status));
    message += " error: ";
  }
  message += tnp_rt_status_message(status);
  tnp_rt_status_free(status);
  return message;
}

/// NumPy's text of a shape: "()", "(3,)", "(2, 3)"; dynamic dims print "?".
std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      text += ", ";
    text += ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
  }
  if (shape.size() == 1)
    text += ",";
  return text + ")";
}

struct ArrayDeleter {
  void operator()(tnp_rt_array_t *a) const { tnp_rt_array_release(a); }
};
/// One owned reference to a runtime array.
using ArrayPtr = std::unique_ptr<tnp_rt_array_t, ArrayDeleter>;

/// Where compiled functions run (--device).
tnp_rt_device_t gDevice = {TNP_RT_DEVICE_CPU, 0};

std::string describeArray(const tnp_rt_array_t *a) {
  int32_t rank = tnp_rt_array_rank(a);
  const int64_t *shape = tnp_rt_array_shape(a);
  return std::string(tnp_rt_dtype_name(tnp_rt_array_dtype(a))) + " " +
         formatShape(llvm::ArrayRef<int64_t>(shape, rank));
}

//===----------------------------------------------------------------------===//
// Signatures
//===----------------------------------------------------------------------===//

/// One argument or result of a public function, as tnp-run passes it.
struct TensorSig {
  /// Non-empty when tnp-run cannot pass this type (and why).
  std::string unsupported;
  tnp_rt_dtype_t dtype = TNP_RT_DTYPE_BOOL;
  /// ShapedType::kDynamic for `?`.
  SmallVector<int64_t> shape;
  /// "float32 (2, 3)", or the MLIR type when unsupported.
  std::string text;

  int32_t rank() const { return static_cast<int32_t>(shape.size()); }
};

/// The signature of a public function, read before lowering.
struct FuncSig {
  std::string name;
  std::vector<TensorSig> args, results;

  /// The first type that cannot be passed, as a message, or "".
  std::string unsupportedReason() const {
    for (auto [i, a] : llvm::enumerate(args))
      if (!a.unsupported.empty())
        return "argument #" + std::to_string(i) + " of @" + name + ": " +
               a.unsupported;
    for (auto [i, r] : llvm::enumerate(results))
      if (!r.unsupported.empty())
        return "result #" + std::to_string(i) + " of @" + name + ": " +
               r.unsupported;
    return "";
  }

  /// "(float32 (2, 3), int64 ())".
  std::string argsText() const {
    std::string s = "(";
    for (auto [i, a] : llvm::enumerate(args))
      s += (i ? ", " : "") + a.text;
    return s + ")";
  }

  /// "@f(float32 (2, 3), int64 ()) -> float32 (2, 3)"; several results are
  /// parenthesized.
  std::string text() const {
    std::string s = "@" + name + argsText() + " -> ";
    if (results.size() == 1)
      return s + results[0].text;
    s += "(";
    for (auto [i, r] : llvm::enumerate(results))
      s += (i ? ", " : "") + r.text;
    return s + ")";
  }
};

TensorSig makeTensorSig(Type type) {
  TensorSig sig;
  std::string typeText;
  llvm::raw_string_ostream os(typeText);
  type.print(os);
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor) {
    sig.unsupported = "type " + typeText + " is not a ranked tensor";
    sig.text = typeText;
    return sig;
  }
  sig.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  std::optional<::tnp::sem::DType> dtype =
      mlir::tnp::toDType(tensor.getElementType());
  if (!dtype) {
    sig.unsupported = "element type of " + typeText + " is not a tnp dtype";
    sig.text = typeText;
    return sig;
  }
  // The runtime's codes are tnp::sem::DType's (runtime/dtype.h says so).
  sig.dtype = static_cast<tnp_rt_dtype_t>(*dtype);
  sig.text = std::string(tnp_rt_dtype_name(sig.dtype)) + " " +
             formatShape(sig.shape);
  return sig;
}

/// The public functions with a body, in file order.
std::vector<FuncSig> collectSignatures(ModuleOp module) {
  std::vector<FuncSig> sigs;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (!func.isPublic() || func.isExternal())
      continue;
    FuncSig sig;
    sig.name = func.getSymName().str();
    for (Type t : func.getFunctionType().getInputs())
      sig.args.push_back(makeTensorSig(t));
    for (Type t : func.getFunctionType().getResults())
      sig.results.push_back(makeTensorSig(t));
    sigs.push_back(std::move(sig));
  }
  return sigs;
}

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

const char *const kHelp = R"(OVERVIEW: run a function of a tnp .mlir file on .npy inputs (JIT, host CPU)

USAGE: tnp-run FILE.mlir [options]

  The function (with what it calls; the file's other functions are dropped)
  is lowered with tnp-cpu-pipeline, JIT-compiled for the host CPU and called
  once. Inputs are checked against the function's
  signature: dtypes must match exactly (tnp si8..si64, ui8..ui64, i1, f16,
  f32, f64, complex<f32>, complex<f64> are NumPy's int8..int64, uint8..uint64,
  bool, float16, float32, float64, complex64, complex128) and so must static
  dims (a '?' dim accepts any size). bfloat16 has no NumPy dtype: its .npy
  files hold 2-byte void ('<V2'), as np.save writes ml_dtypes.bfloat16
  arrays (load them with np.load(f).view(ml_dtypes.bfloat16)). FILE may be
  '-' for stdin.

OPTIONS:
  -e, --entry NAME      The public function to run. Default: the only public
                        function, else @main.
  -i, --input FILE...   Input .npy files, one per argument, in order (the
                        option may be repeated; each takes every following
                        argument up to the next option).
  -o, --output FILE...  Write the results to these .npy files (as many as the
                        function has results).
  --print               Print every result as NumPy's print() does, one
                        result after the other, each ending with a newline.
  --repeat N            After the first call (a warm-up, whose results are the
                        ones printed and written), call the function N more
                        times and print 'median: X ms per call (N runs)' on
                        stderr.
  --list                Print the public functions and their signatures, then
                        exit (nothing is compiled).
  --batch FILE          Run many calls with one compilation. Each line of
                        FILE is 'NAME IN.npy... [-> OUT.npy...]' (the '@' of
                        NAME is optional; blank lines and text after '#' are
                        ignored; paths cannot contain blanks). A line prints
                        'ok @NAME' or 'error @NAME: MESSAGE' on stdout; a
                        failed line does not stop the others. --print and
                        --repeat apply to every line (a median line is then
                        prefixed with '@NAME: '). Not with -e/-i/-o.
  --check-leaks         Fail a call (a batch line) that leaves blocks of the
                        runtime allocator live once its inputs and results
                        are released: a leak in compiled code.
  --device DEVICE       cpu:0 (default) or cuda:0: compile with
                        tnp-cuda-pipeline and run on the first CUDA GPU
                        (inputs are copied to the device, results back).
                        Without a CUDA driver or GPU this fails before
                        compiling, saying why.
  -O0, -O1, -O2, -O3    LLVM optimization and code generation level of the
                        JIT (default -O2).
  -h, --help            Show this help.

EXIT STATUS: 0 on success; 1 when the file does not parse, verify or compile,
an input is missing or does not match, or the function reports an error
(every message starts with 'tnp-run: ' and names the values); 2 for a bad
command line.
)";

struct Options {
  std::string file;
  std::optional<std::string> entry;
  std::vector<std::string> inputs, outputs;
  bool print = false;
  std::optional<int64_t> repeat;
  bool list = false;
  bool checkLeaks = false;
  std::optional<std::string> batch;
  unsigned optLevel = 2;
  bool cuda = false; ///< --device=cuda:0
};

enum class CommandLineResult { Run, Help, Error };

/// Parses argv. Option values may be given as `--opt VALUE` or `--opt=VALUE`.
CommandLineResult parseCommandLine(int argc, char **argv, Options &opts) {
  auto usage = [](const llvm::Twine &message) {
    llvm::errs() << "tnp-run: " << message
                 << "\n(run 'tnp-run --help' for the options)\n";
    return CommandLineResult::Error;
  };
  auto isOption = [](StringRef arg) {
    return arg.size() > 1 && arg.starts_with("-");
  };
  bool fileGiven = false;
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    StringRef name = arg, inlineValue;
    bool hasInline = false;
    if (arg.starts_with("--") && arg.contains('=')) {
      std::tie(name, inlineValue) = arg.split('=');
      hasInline = true;
    }
    // Takes the single value of `name`.
    auto value = [&](std::string &out) -> bool {
      if (hasInline) {
        out = inlineValue.str();
        return true;
      }
      if (i + 1 >= argc)
        return false;
      out = argv[++i];
      return true;
    };
    // Takes one or more values of a list option.
    auto listValues = [&](std::vector<std::string> &out) -> bool {
      if (hasInline) {
        out.push_back(inlineValue.str());
        return true;
      }
      size_t before = out.size();
      while (i + 1 < argc && !isOption(argv[i + 1]))
        out.push_back(argv[++i]);
      return out.size() > before;
    };

    if (name == "-h" || name == "--help" || name == "-help")
      return CommandLineResult::Help;
    if (name == "-e" || name == "--entry" || name == "-entry") {
      std::string v;
      if (!value(v))
        return usage(name + " needs a function name");
      if (opts.entry)
        return usage("-e given twice ('" + *opts.entry + "' and '" + v +
                     "'); run several functions with --batch");
      StringRef n(v);
      n.consume_front("@");
      opts.entry = n.str();
    } else if (name == "-i" || name == "--input" || name == "-input") {
      if (!listValues(opts.inputs))
        return usage(name + " needs at least one .npy file");
    } else if (name == "-o" || name == "--output" || name == "-output") {
      if (!listValues(opts.outputs))
        return usage(name + " needs at least one .npy file");
    } else if (name == "--print" || name == "-print") {
      if (hasInline)
        return usage("--print takes no value");
      opts.print = true;
    } else if (name == "--check-leaks" || name == "-check-leaks") {
      if (hasInline)
        return usage("--check-leaks takes no value");
      opts.checkLeaks = true;
    } else if (name == "--list" || name == "-list") {
      if (hasInline)
        return usage("--list takes no value");
      opts.list = true;
    } else if (name == "--repeat" || name == "-repeat") {
      std::string v;
      int64_t n = 0;
      if (!value(v) || StringRef(v).getAsInteger(10, n) || n < 1)
        return usage("--repeat needs a positive count, got '" + v + "'");
      opts.repeat = n;
    } else if (name == "--batch" || name == "-batch") {
      std::string v;
      if (!value(v))
        return usage("--batch needs a file");
      opts.batch = v;
    } else if (name == "--device") {
      std::string v;
      if (!value(v))
        return usage("--device needs a device (cpu:0 or cuda:0)");
      if (v == "cuda:0" || v == "cuda")
        opts.cuda = true;
      else if (v == "cpu:0" || v == "cpu")
        opts.cuda = false;
      else
        return usage("unknown --device '" + v + "' (cpu:0 or cuda:0)");
    } else if (name.size() == 3 && name.starts_with("-O") && name[2] >= '0' &&
               name[2] <= '3') {
      opts.optLevel = name[2] - '0';
    } else if (isOption(arg)) {
      return usage("unknown option '" + arg + "'");
    } else {
      if (fileGiven)
        return usage("more than one .mlir file ('" + opts.file + "' and '" +
                     arg + "'); give inputs with --input");
      opts.file = arg.str();
      fileGiven = true;
    }
  }
  if (!fileGiven)
    return usage("no .mlir file given");
  if (opts.batch && (opts.entry || !opts.inputs.empty() || !opts.outputs.empty()))
    return usage("--batch takes the function, inputs and outputs from its "
                 "file: do not combine it with -e, --input or --output");
  return CommandLineResult::Run;
}

//===----------------------------------------------------------------------===//
// JIT
//===----------------------------------------------------------------------===//

/// Erases the functions that no root reaches through symbol uses (calls),
/// so that only what runs is compiled: a function elsewhere in the file that
/// does not lower must not stop this one, and compile time is the cost of
/// tnp-run. Roots are known to exist.
void keepOnlyReachable(ModuleOp module, llvm::ArrayRef<std::string> roots) {
  llvm::StringSet<> reachable;
  SmallVector<func::FuncOp> worklist;
  auto visit = [&](StringRef name) {
    if (auto f = module.lookupSymbol<func::FuncOp>(name))
      if (reachable.insert(name).second)
        worklist.push_back(f);
  };
  for (const std::string &r : roots)
    visit(r);
  while (!worklist.empty()) {
    func::FuncOp f = worklist.pop_back_val();
    if (std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(f))
      for (const SymbolTable::SymbolUse &use : *uses)
        visit(use.getSymbolRef().getRootReference().getValue());
  }
  for (auto f : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (!reachable.contains(f.getSymName()))
      f.erase();
}

/// Lowers `module` in place with tnp-cpu-pipeline and JIT-compiles it
/// (include/tnp/JIT/JIT.h). Diagnostics go through the context's handler.
std::unique_ptr<ExecutionEngine> compile(ModuleOp module, unsigned optLevel,
                                         StringRef file, bool cuda) {
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      mlir::tnp::jit::compileModule(module, optLevel, nullptr, cuda);
  if (!engine) {
    (void)fail(file + ": " + llvm::toString(engine.takeError()));
    return nullptr;
  }
  return std::move(*engine);
}

/// A function of the engine, ready to call.
struct Callable {
  const FuncSig *sig = nullptr;
  void (*packed)(void **) = nullptr;
};

/// Finds `_mlir_ciface_<name>`. The first lookup materializes (compiles and
/// links) the whole module, so an unresolved symbol is reported here as an
/// error; global constructors run only afterwards, through initialize(),
/// whose failures the engine does not report (DESIGN.md section 8).
LogicalResult lookup(ExecutionEngine &engine, const FuncSig &sig,
                     Callable &out) {
  llvm::Expected<void (*)(void **)> fn =
      mlir::tnp::jit::lookupPacked(engine, sig.name);
  if (!fn)
    return fail("cannot link @" + sig.name + ": " +
                llvm::toString(fn.takeError()));
  out.sig = &sig;
  out.packed = *fn;
  return success();
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

/// Checks the inputs against the signature: count, dtype, rank and static
/// dims. `names` are the files the inputs came from.
LogicalResult checkInputs(const FuncSig &sig,
                          llvm::ArrayRef<tnp_rt_array_t *> inputs,
                          llvm::ArrayRef<std::string> names) {
  if (std::string why = sig.unsupportedReason(); !why.empty())
    return fail(why);
  if (inputs.size() != sig.args.size())
    return fail("@" + sig.name + " takes " + llvm::Twine(sig.args.size()) +
                " input" + (sig.args.size() == 1 ? "" : "s") + " " +
                sig.argsText() + ", got " +
                llvm::Twine(inputs.size()) +
                (names.empty() ? "" : " (" + llvm::join(names, ", ") + ")"));
  for (auto [i, arg] : llvm::enumerate(sig.args)) {
    const tnp_rt_array_t *a = inputs[i];
    bool match = tnp_rt_array_dtype(a) == arg.dtype &&
                 tnp_rt_array_rank(a) == arg.rank();
    for (int32_t d = 0; match && d < arg.rank(); ++d)
      match = ShapedType::isDynamic(arg.shape[d]) ||
              arg.shape[d] == tnp_rt_array_dim(a, d);
    if (!match)
      return fail("input #" + llvm::Twine(i) + " of @" + sig.name +
                  ": expected " + arg.text + ", got " + describeArray(a) +
                  " from " + names[i]);
  }
  return success();
}

/// The runtime's signature of `sig` (tnp_rt_call checks the arrays against
/// it again, and adopts the results); `dims` holds the dims it points to.
tnp_rt_function_sig_t runtimeSignature(
    const FuncSig &sig, std::vector<tnp_rt_tensor_sig_t> &tensors,
    std::vector<std::vector<int64_t>> &dims) {
  auto add = [&](const TensorSig &t) {
    std::vector<int64_t> d;
    for (int64_t x : t.shape)
      d.push_back(ShapedType::isDynamic(x) ? TNP_RT_DYNAMIC_DIM : x);
    dims.push_back(std::move(d));
  };
  for (const TensorSig &t : sig.args)
    add(t);
  for (const TensorSig &t : sig.results)
    add(t);
  size_t i = 0;
  for (const TensorSig &t : sig.args)
    tensors.push_back({t.dtype, t.rank(), dims[i++].data()});
  for (const TensorSig &t : sig.results)
    tensors.push_back({t.dtype, t.rank(), dims[i++].data()});
  int32_t nArgs = static_cast<int32_t>(sig.args.size());
  return {TNP_RT_CALL_ABI_VERSION, sig.name.c_str(), nArgs, tensors.data(),
          static_cast<int32_t>(sig.results.size()), tensors.data() + nArgs};
}

/// Calls `fn` once on `inputs` (already checked) through the runtime's one
/// calling convention (tnp_rt_call: a run-time error of the compiled code
/// comes back as a status, with what the call allocated freed). On success
/// `results` holds one array per result and `*elapsedMs` the time of the
/// call.
LogicalResult callOnce(const Callable &fn,
                       llvm::ArrayRef<tnp_rt_array_t *> inputs,
                       std::vector<ArrayPtr> &results, double *elapsedMs) {
  const FuncSig &sig = *fn.sig;
  std::vector<tnp_rt_tensor_sig_t> tensors;
  std::vector<std::vector<int64_t>> dims;
  tnp_rt_function_sig_t rtSig = runtimeSignature(sig, tensors, dims);
  std::vector<const tnp_rt_array_t *> args(inputs.begin(), inputs.end());
  std::vector<tnp_rt_array_t *> out(sig.results.size(), nullptr);
  auto start = std::chrono::steady_clock::now();
  tnp_rt_status_t status =
      tnp_rt_call_on(gDevice, &rtSig, fn.packed, args.data(), out.data());
  auto stop = std::chrono::steady_clock::now();
  if (elapsedMs)
    *elapsedMs = std::chrono::duration<double, std::milli>(stop - start).count();
  if (status)
    return fail("@" + sig.name + ": " + takeStatus(status, /*withKind=*/true));
  results.clear();
  for (tnp_rt_array_t *a : out)
    results.emplace_back(a);
  // Device results come to the host, to be printed and written.
  for (ArrayPtr &r : results) {
    if (tnp_rt_array_device(r.get()).type == TNP_RT_DEVICE_CPU)
      continue;
    tnp_rt_array_t *host = nullptr;
    if (tnp_rt_status_t s =
            tnp_rt_array_copy_to(r.get(), tnp_rt_device_host(), &host))
      return fail("@" + sig.name + ": " + takeStatus(s, /*withKind=*/true));
    r.reset(host);
  }
  return success();
}

/// Reads .npy files into arrays.
LogicalResult readInputs(llvm::ArrayRef<std::string> paths,
                         std::vector<ArrayPtr> &arrays) {
  for (const std::string &path : paths) {
    tnp_rt_array_t *array = nullptr;
    if (tnp_rt_status_t s = tnp_rt_npy_read_file(path.c_str(), &array))
      return fail(takeStatus(s));
    arrays.emplace_back(array);
  }
  return success();
}

std::vector<tnp_rt_array_t *> rawPointers(const std::vector<ArrayPtr> &v) {
  std::vector<tnp_rt_array_t *> raw;
  for (const ArrayPtr &a : v)
    raw.push_back(a.get());
  return raw;
}

/// Checks that `outputs` names as many files as `sig` has results.
LogicalResult checkOutputCount(const FuncSig &sig,
                               llvm::ArrayRef<std::string> outputs) {
  if (outputs.empty() || outputs.size() == sig.results.size())
    return success();
  return fail("@" + sig.name + " returns " + llvm::Twine(sig.results.size()) +
              " result" + (sig.results.size() == 1 ? "" : "s") + ", got " +
              llvm::Twine(outputs.size()) + " output file" +
              (outputs.size() == 1 ? "" : "s") + " (" +
              llvm::join(outputs, ", ") + ")");
}

/// The warm-up call, the timed calls, then printing and writing. `prefix`
/// goes before the median line (batch mode).
LogicalResult runCall(const Callable &fn,
                      llvm::ArrayRef<tnp_rt_array_t *> inputs,
                      llvm::ArrayRef<std::string> outputs, bool print,
                      std::optional<int64_t> repeat, StringRef prefix) {
  const FuncSig &sig = *fn.sig;
  std::vector<ArrayPtr> results;
  if (failed(callOnce(fn, inputs, results, nullptr)))
    return failure();
  if (repeat) {
    std::vector<double> times;
    for (int64_t r = 0; r < *repeat; ++r) {
      std::vector<ArrayPtr> again;
      double ms = 0;
      if (failed(callOnce(fn, inputs, again, &ms)))
        return failure();
      times.push_back(ms);
    }
    std::sort(times.begin(), times.end());
    size_t n = times.size();
    double median =
        n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
    llvm::errs() << prefix
                 << llvm::format("median: %.6g ms per call (%zu runs)\n",
                                 median, n);
  }
  if (print) {
    for (const ArrayPtr &r : results) {
      if (tnp_rt_status_t s = tnp_rt_array_print(r.get(), TNP_RT_PRINT_STR,
                                                 stdout))
        return fail("printing a result of @" + sig.name + ": " +
                    takeStatus(s));
      std::fputc('\n', stdout);
    }
    std::fflush(stdout);
  }
  for (auto [i, path] : llvm::enumerate(outputs))
    if (tnp_rt_status_t s = tnp_rt_npy_write_file(path.c_str(),
                                                  results[i].get()))
      return fail("result #" + llvm::Twine(i) + " of @" + sig.name + ": " +
                  takeStatus(s));
  return success();
}

//===----------------------------------------------------------------------===//
// Modes
//===----------------------------------------------------------------------===//

const FuncSig *findFunction(llvm::ArrayRef<FuncSig> sigs, ModuleOp module,
                            StringRef name, StringRef file) {
  for (const FuncSig &s : sigs)
    if (s.name == name)
      return &s;
  SmallVector<std::string> names;
  for (const FuncSig &s : sigs)
    names.push_back("@" + s.name);
  std::string available =
      names.empty() ? "it has no public function"
                    : "public functions: " + llvm::join(names, ", ");
  if (module.lookupSymbol<func::FuncOp>(name))
    (void)fail("@" + name + " in " + file + " cannot be run: only public " +
               "functions with a body can (" + available + ")");
  else
    (void)fail("no function @" + name + " in " + file + " (" + available +
               ")");
  return nullptr;
}

/// Live blocks of the runtime allocator.
size_t liveBlocks() {
  tnp_rt_allocator_stats_t stats;
  tnp_rt_allocator_query_stats(&stats);
  return stats.blocks_in_use;
}

/// Runs `body` (which reads inputs, calls and releases everything it made)
/// and, with --check-leaks, fails when it left allocator blocks live --
/// whether the call succeeded or reported an error (a failed check, an
/// allocation that failed: compiled code frees what it allocated then too).
LogicalResult withLeakCheck(bool check, StringRef what,
                            llvm::function_ref<LogicalResult()> body) {
  size_t before = liveBlocks();
  LogicalResult result = body();
  if (check) {
    size_t after = liveBlocks();
    if (after > before)
      return fail(what + " leaked " + llvm::Twine(after - before) +
                  " allocator block" + (after - before == 1 ? "" : "s") +
                  " (compiled code did not free them)");
  }
  return result;
}

/// One line of a --batch file.
struct BatchLine {
  unsigned lineNo = 0;
  std::string name;
  std::vector<std::string> inputs, outputs;
};

LogicalResult parseBatch(StringRef path, std::vector<BatchLine> &lines) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer = openInputFile(path, &error);
  if (!buffer)
    return fail("cannot open batch file " + path + ": " + error);
  SmallVector<StringRef> rawLines;
  buffer->getBuffer().split(rawLines, '\n');
  for (auto [i, raw] : llvm::enumerate(rawLines)) {
    StringRef text = raw.split('#').first.trim();
    if (text.empty())
      continue;
    SmallVector<StringRef> tokens;
    text.split(tokens, ' ', -1, /*KeepEmpty=*/false);
    BatchLine line;
    line.lineNo = i + 1;
    StringRef name = tokens[0].trim();
    name.consume_front("@");
    line.name = name.str();
    bool afterArrow = false;
    for (StringRef tok : llvm::drop_begin(tokens)) {
      tok = tok.trim();
      if (tok.empty())
        continue;
      if (tok == "->") {
        if (afterArrow)
          return fail(path + ":" + llvm::Twine(line.lineNo) +
                      ": more than one '->'");
        afterArrow = true;
        continue;
      }
      (afterArrow ? line.outputs : line.inputs).push_back(tok.str());
    }
    lines.push_back(std::move(line));
  }
  return success();
}

int runBatch(ExecutionEngine &engine, ModuleOp module,
             llvm::ArrayRef<FuncSig> sigs, llvm::ArrayRef<BatchLine> lines,
             const Options &opts) {
  llvm::StringMap<Callable> callables;
  unsigned failures = 0;
  for (const BatchLine &line : lines) {
    auto runLine = [&]() -> LogicalResult {
      const FuncSig *sig = findFunction(sigs, module, line.name, opts.file);
      if (!sig)
        return failure();
      auto it = callables.find(line.name);
      if (it == callables.end()) {
        Callable c;
        if (failed(lookup(engine, *sig, c)))
          return failure();
        it = callables.insert({line.name, c}).first;
      }
      std::vector<ArrayPtr> inputs;
      if (failed(readInputs(line.inputs, inputs)) ||
          failed(checkInputs(*sig, rawPointers(inputs), line.inputs)) ||
          failed(checkOutputCount(*sig, line.outputs)))
        return failure();
      return runCall(it->second, rawPointers(inputs), line.outputs, opts.print,
                     opts.repeat, "@" + line.name + ": ");
    };
    // stderr carries the message; stdout one status line per batch line.
    if (succeeded(withLeakCheck(opts.checkLeaks, "@" + line.name, runLine))) {
      std::fprintf(stdout, "ok @%s\n", line.name.c_str());
    } else {
      ++failures;
      std::fprintf(stdout, "error @%s: line %u failed (see stderr)\n",
                   line.name.c_str(), line.lineNo);
    }
    std::fflush(stdout);
  }
  if (failures)
    llvm::errs() << "tnp-run: batch: " << failures << " of " << lines.size()
                 << " lines failed\n";
  return failures ? 1 : 0;
}

int runMain(const Options &opts) {
  mlir::tnp::registerCompilerPasses();
  DialectRegistry registry;
  mlir::tnp::registerCompilerDialects(registry);
  MLIRContext context(registry);
  mlir::tnp::loadCompilerDialects(context);

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(opts.file, &error);
  if (!file) {
    (void)fail("cannot open " + opts.file + ": " + error);
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module) {
    (void)fail(opts.file + " does not parse or verify (see the diagnostics "
                           "above)");
    return 1;
  }

  std::vector<FuncSig> sigs = collectSignatures(*module);
  if (opts.list) {
    for (const FuncSig &s : sigs)
      std::fprintf(stdout, "%s\n", s.text().c_str());
    return 0;
  }

  // Everything that can be checked before compiling is, so that a wrong
  // input costs no compile time.
  std::vector<BatchLine> lines;
  const FuncSig *entry = nullptr;
  size_t blocksBefore = liveBlocks();
  std::vector<ArrayPtr> inputs;
  if (opts.batch) {
    if (failed(parseBatch(*opts.batch, lines)))
      return 1;
  } else {
    if (opts.entry) {
      entry = findFunction(sigs, *module, *opts.entry, opts.file);
    } else if (sigs.size() == 1) {
      entry = &sigs[0];
    } else {
      auto main = llvm::find_if(sigs, [](const FuncSig &s) {
        return s.name == "main";
      });
      if (main != sigs.end()) {
        entry = &*main;
      } else {
        SmallVector<std::string> names;
        for (const FuncSig &s : sigs)
          names.push_back("@" + s.name);
        (void)fail(opts.file + " has " + llvm::Twine(sigs.size()) +
                   " public functions" +
                   (names.empty() ? "" : " (" + llvm::join(names, ", ") + ")") +
                   " and none is @main: choose one with -e");
      }
    }
    if (!entry || failed(readInputs(opts.inputs, inputs)) ||
        failed(checkInputs(*entry, rawPointers(inputs), opts.inputs)) ||
        failed(checkOutputCount(*entry, opts.outputs)))
      return 1;
  }

  // Signatures point into `sigs`, which stays as it is; only the IR shrinks.
  std::vector<std::string> roots;
  if (opts.batch)
    for (const BatchLine &line : lines)
      roots.push_back(line.name);
  else
    roots.push_back(entry->name);
  keepOnlyReachable(*module, roots);

  if (opts.cuda) {
    if (tnp_rt_status_t s = tnp_rt_cuda_init()) {
      (void)fail("--device=cuda:0: " + takeStatus(s));
      return 1;
    }
    gDevice = tnp_rt_device_t{TNP_RT_DEVICE_CUDA, 0};
  }
  std::unique_ptr<ExecutionEngine> engine =
      compile(*module, opts.optLevel, opts.file, opts.cuda);
  if (!engine)
    return 1;

  int status = 0;
  if (opts.batch) {
    status = runBatch(*engine, *module, sigs, lines, opts);
  } else {
    Callable fn;
    if (failed(lookup(*engine, *entry, fn)) ||
        failed(runCall(fn, rawPointers(inputs), opts.outputs, opts.print,
                       opts.repeat, "")))
      status = 1;
  }
  // Results and inputs are runtime arrays, independent of the engine;
  // the engine goes before the context that owns its IR.
  inputs.clear();
  engine.reset();
  if (opts.checkLeaks && !opts.batch && liveBlocks() > blocksBefore) {
    (void)fail("@" + entry->name + " leaked " +
               llvm::Twine(liveBlocks() - blocksBefore) +
               " allocator blocks (compiled code did not free them)");
    status = 1;
  }
  return status;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  Options opts;
  switch (parseCommandLine(argc, argv, opts)) {
  case CommandLineResult::Help:
    std::fputs(kHelp, stdout);
    return 0;
  case CommandLineResult::Error:
    return 2;
  case CommandLineResult::Run:
    break;
  }
  return runMain(opts);
}
