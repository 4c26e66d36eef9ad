//===- tnp-compile.cpp - Ahead-of-time compiler for tnp programs ----------===//
//
// Part of tnp. `.mlir` in; tnp IR, linalg, the LLVM dialect, LLVM IR,
// assembly, an object, a static library and/or the C header of its entry
// points out (include/tnp/AOT/AOT.h does the work; buildTNPCPUPipeline
// lowers, as in tnp-opt and tnp-run). Outputs are written to a temporary
// file and renamed into place, so a failure leaves no partial output.
//
//===----------------------------------------------------------------------===//

#include "tnp/AOT/AOT.h"
#include "tnp/Pipelines/Pipelines.h"
#include "tnp/Pipelines/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <optional>
#include <string>
#include <vector>

using namespace mlir;
namespace aot = mlir::tnp::aot;

namespace {

const char *const kHelp = R"(OVERVIEW: compile a tnp .mlir file ahead of time (host CPU)

USAGE: tnp-compile IN.mlir -o OUT [options]

  IN is lowered with tnp-cpu-pipeline (the pipeline of tnp-opt and tnp-run)
  and compiled for a CPU. --emit chooses where to stop and what OUT is:

    mlir       tnp IR after the tnp-level passes (canonicalization,
               explicit casts, their contract check)
    linalg     linalg on tensors, after fusion
    llvm-mlir  the LLVM dialect (the whole pipeline)
    llvm-ir    LLVM IR, optimized at the -O level, with the entry points
    asm        assembly for the CPU
    obj        an object file (ELF, position-independent)
    lib        a static library (OUT, e.g. libmodel.a) and its header
               (--header; default: beside OUT, named without 'lib' and
               '.a': model.h)
    header     only the C header of the entry points

  The library (or object) links with the tnp runtime and nothing else of
  tnp: no LLVM, MLIR, JIT or Python at run time (the README lists the
  symbols it needs from libc and libm). The header declares one entry point
  per exported function, NAME_FUNC(args..., results...) returning a
  tnp_rt_status_t; it documents the dtypes and dims of each argument (static
  dims are checked at the call, '?' dims take any size), the 64-byte
  alignment contract of tnp_rt_array_wrap_host, result ownership and the
  call ABI version.

OPTIONS:
  -o FILE              The output ('-' for stdout, for text stages).
  --emit=STAGE         mlir, linalg, llvm-mlir, llvm-ir, asm, obj (default),
                       lib or header.
  --target=cpu|cuda    cpu (default): the code runs on the host CPU.
                       cuda: tnp-cuda-pipeline; kernels for the --chips,
                       one fatbin per module (a cubin per chip plus the
                       newest chip's PTX; needs the CUDA toolkit's ptxas and
                       fatbinary at compile time) embedded in the object,
                       host code for --cpu. The entry points run on cuda:0;
                       at run time only the runtime and the CUDA driver
                       (opened with dlopen) are needed.
  --chips=sm_80,sm_90  The GPU architectures of --target=cuda (default
                       sm_80,sm_90).
  --cpu=NAME           host (default: this machine's CPU and features), or
                       an LLVM CPU name such as x86-64, x86-64-v2,
                       x86-64-v3, x86-64-v4, skylake-avx512, znver3.
  -O0, -O1, -O2, -O3   LLVM optimization and code generation level
                       (default -O2).
  --export=F,G,...     The functions to export (default: every public
                       function). Others become internal.
  --name=PREFIX        Prefix of the entry points' C names (PREFIX_F);
                       default: IN's file name without extension ('-' for
                       none). Also prefixes the header's macros.
  --header=FILE        Where --emit=lib writes the header.
  -h, --help           Show this help.

EXIT STATUS: 0 on success; 1 when IN does not parse, verify or compile (the
diagnostics carry IN's locations) or an output cannot be written (nothing
is left behind); 2 for a bad command line (the usage is printed).
)";

enum class Emit { Mlir, Linalg, LlvmMlir, LlvmIr, Asm, Obj, Lib, Header };

struct Options {
  std::string input, output, header;
  Emit emit = Emit::Obj;
  std::string cpu = "host";
  unsigned optLevel = 2;
  std::vector<std::string> exports;
  std::optional<std::string> name;
  bool cuda = false;
  std::vector<std::string> chips{"sm_80", "sm_90"};
};

int usage(const llvm::Twine &message) {
  llvm::errs() << "tnp-compile: " << message << "\n"
               << "USAGE: tnp-compile IN.mlir -o OUT "
                  "[--emit=mlir|linalg|llvm-mlir|llvm-ir|asm|obj|lib|header] "
                  "[--target=cpu|cuda] [--chips=sm_80,...] "
                  "[--cpu=host|x86-64-v3|...] [-O0..-O3] "
                  "[--export=f,g] [--name=PREFIX] [--header=FILE]\n"
               << "(run 'tnp-compile --help' for details)\n";
  return 2;
}

/// Parses argv into `opts`; returns -1 to go on, else the exit status.
int parseCommandLine(int argc, char **argv, Options &opts) {
  bool inputGiven = false, outputGiven = false;
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    StringRef key = arg, value;
    bool hasValue = false;
    if (arg.starts_with("--") && arg.contains('=')) {
      std::tie(key, value) = arg.split('=');
      hasValue = true;
    }
    auto takeValue = [&]() -> bool {
      if (hasValue)
        return true;
      if (i + 1 >= argc)
        return false;
      value = argv[++i];
      return true;
    };
    if (key == "-h" || key == "--help" || key == "-help") {
      llvm::outs() << kHelp;
      return 0;
    }
    if (key == "-o") {
      if (!takeValue())
        return usage("-o needs a file name");
      opts.output = value.str();
      outputGiven = true;
    } else if (key == "--emit") {
      if (!takeValue())
        return usage("--emit needs a stage");
      std::optional<Emit> e = llvm::StringSwitch<std::optional<Emit>>(value)
                                  .Case("mlir", Emit::Mlir)
                                  .Case("linalg", Emit::Linalg)
                                  .Case("llvm-mlir", Emit::LlvmMlir)
                                  .Case("llvm-ir", Emit::LlvmIr)
                                  .Case("asm", Emit::Asm)
                                  .Case("obj", Emit::Obj)
                                  .Case("lib", Emit::Lib)
                                  .Case("header", Emit::Header)
                                  .Default(std::nullopt);
      if (!e)
        return usage("unknown --emit stage '" + value + "'");
      opts.emit = *e;
    } else if (key == "--target") {
      if (!takeValue())
        return usage("--target needs a target");
      if (value != "cpu" && value != "cuda")
        return usage("unknown --target '" + value +
                     "' (this build compiles for: cpu, cuda)");
      opts.cuda = value == "cuda";
    } else if (key == "--chips") {
      if (!takeValue())
        return usage("--chips needs GPU architectures");
      SmallVector<StringRef> chips;
      value.split(chips, ',', -1, /*KeepEmpty=*/false);
      opts.chips.clear();
      for (StringRef c : chips) {
        c = c.trim();
        unsigned sm = 0;
        if (!c.starts_with("sm_") || c.drop_front(3).getAsInteger(10, sm))
          return usage("--chips: '" + c + "' is not a CUDA architecture like "
                       "sm_80");
        opts.chips.push_back(c.str());
      }
      if (opts.chips.empty())
        return usage("--chips needs GPU architectures");
    } else if (key == "--cpu") {
      if (!takeValue() || value.empty())
        return usage("--cpu needs a CPU name");
      opts.cpu = value.str();
    } else if (arg.size() == 3 && arg.starts_with("-O") && arg[2] >= '0' &&
               arg[2] <= '3') {
      opts.optLevel = arg[2] - '0';
    } else if (key == "--export") {
      if (!takeValue())
        return usage("--export needs function names");
      SmallVector<StringRef> names;
      value.split(names, ',', -1, /*KeepEmpty=*/false);
      if (names.empty())
        return usage("--export needs function names");
      for (StringRef n : names) {
        n = n.trim();
        n.consume_front("@");
        opts.exports.push_back(n.str());
      }
    } else if (key == "--name") {
      if (!takeValue())
        return usage("--name needs a prefix");
      opts.name = value.str();
    } else if (key == "--header") {
      if (!takeValue() || value.empty())
        return usage("--header needs a file name");
      opts.header = value.str();
    } else if (arg.size() > 1 && arg.starts_with("-")) {
      return usage("unknown option '" + arg + "'");
    } else {
      if (inputGiven)
        return usage("two input files ('" + opts.input + "' and '" + arg +
                     "')");
      opts.input = arg.str();
      inputGiven = true;
    }
  }
  if (!inputGiven)
    return usage("no input file");
  if (!outputGiven)
    return usage("no output file (-o)");
  if (opts.emit == Emit::Lib && opts.output == "-")
    return usage("--emit=lib writes files: -o needs a file name");
  if (!opts.header.empty() && opts.emit != Emit::Lib)
    return usage("--header goes with --emit=lib");
  if (opts.emit == Emit::Lib && opts.header.empty()) {
    // libmodel.a -> model.h, beside it.
    SmallString<128> header(llvm::sys::path::parent_path(opts.output));
    StringRef stem = llvm::sys::path::filename(opts.output);
    stem.consume_back(".a");
    if (stem.size() > 3)
      stem.consume_front("lib");
    llvm::sys::path::append(header, stem + ".h");
    opts.header = std::string(header);
  }
  return -1;
}

int fail(const llvm::Twine &message) {
  llvm::errs() << "tnp-compile: " << message << "\n";
  return 1;
}

/// Writes files atomically: each goes to a temporary file beside its
/// destination, and all are renamed into place only when every one was
/// written.
class Outputs {
public:
  ~Outputs() {
    for (auto &t : temps)
      llvm::consumeError(t.second.discard());
  }

  /// Adds `contents` for `path` ('-' writes to stdout at commit).
  LogicalResult add(StringRef path, StringRef contents) {
    if (path == "-") {
      stdoutText += contents;
      return success();
    }
    llvm::Expected<llvm::sys::fs::TempFile> temp =
        llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
    if (!temp) {
      (void)fail("cannot write " + path + ": " +
                 llvm::toString(temp.takeError()));
      return failure();
    }
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    os << contents;
    os.flush();
    if (os.has_error()) {
      (void)fail("cannot write " + path + ": " + os.error().message());
      os.clear_error();
      llvm::consumeError(temp->discard());
      return failure();
    }
    temps.emplace_back(path.str(), std::move(*temp));
    return success();
  }

  LogicalResult commit() {
    for (size_t i = 0; i < temps.size(); ++i) {
      if (llvm::Error e = temps[i].second.keep(temps[i].first)) {
        (void)fail("cannot write " + temps[i].first + ": " +
                   llvm::toString(std::move(e)));
        // Remove what was already renamed: all or nothing.
        for (size_t j = 0; j < i; ++j)
          llvm::sys::fs::remove(temps[j].first);
        temps.erase(temps.begin(), temps.begin() + i + 1);
        return failure();
      }
    }
    temps.clear();
    llvm::outs() << stdoutText;
    llvm::outs().flush();
    return success();
  }

private:
  std::vector<std::pair<std::string, llvm::sys::fs::TempFile>> temps;
  std::string stdoutText;
};

std::string printOp(Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os);
  os << "\n";
  return text;
}

/// The default --name: IN's stem as a C identifier prefix.
std::string defaultPrefix(StringRef input) {
  if (input == "-")
    return "tnp";
  return llvm::sys::path::stem(input).str();
}

std::string guardOf(StringRef prefix, StringRef headerPath) {
  std::string base = prefix.empty()
                         ? llvm::sys::path::stem(headerPath).str()
                         : prefix.str();
  std::string g;
  for (char c : base)
    g += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  return "TNP_GENERATED_" + g + "_H";
}

int run(const Options &opts) {
  mlir::tnp::registerCompilerPasses();
  DialectRegistry registry;
  mlir::tnp::registerCompilerDialects(registry);
  MLIRContext context(registry);
  mlir::tnp::loadCompilerDialects(context);

  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(opts.input, &error);
  if (!file)
    return fail("cannot open " + opts.input + ": " + error);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return fail(opts.input + " does not parse or verify (see the diagnostics "
                             "above)");

  std::string prefix = opts.name ? *opts.name : defaultPrefix(opts.input);
  if (prefix == "-")
    prefix.clear();
  FailureOr<std::vector<aot::Export>> exports =
      aot::prepareExports(*module, opts.exports, prefix);
  if (failed(exports))
    return fail("nothing to export (see the diagnostics above)");

  // The target machine first: a bad --cpu costs no compile time.
  std::unique_ptr<llvm::TargetMachine> tm;
  bool needsMachine = opts.emit == Emit::LlvmIr || opts.emit == Emit::Asm ||
                      opts.emit == Emit::Obj || opts.emit == Emit::Lib;
  if (needsMachine) {
    auto created = aot::createTargetMachine(opts.cpu, opts.optLevel);
    if (!created) {
      llvm::errs() << "tnp-compile: " << llvm::toString(created.takeError())
                   << "\n";
      return 2;
    }
    tm = std::move(*created);
  }

  aot::HeaderInfo info;
  info.cuda = opts.cuda;
  info.chips = llvm::join(opts.chips, ",");
  info.prefix = prefix;
  info.source = llvm::sys::path::filename(opts.input).str();
  info.cpu = opts.cpu == "host" ? "host (" +
                                      (tm ? tm->getTargetCPU().str()
                                          : std::string("this machine")) +
                                      ")"
                                : opts.cpu;
  Outputs outputs;
  if (opts.emit == Emit::Header) {
    info.guard = guardOf(prefix, opts.output);
    if (failed(outputs.add(opts.output, aot::emitHeader(*exports, info))) ||
        failed(outputs.commit()))
      return 1;
    return 0;
  }

  mlir::tnp::CPUPipelineStage last =
      opts.emit == Emit::Mlir     ? mlir::tnp::CPUPipelineStage::Tnp
      : opts.emit == Emit::Linalg ? mlir::tnp::CPUPipelineStage::Linalg
                                  : mlir::tnp::CPUPipelineStage::LLVM;
  PassManager pm(&context);
  if (opts.cuda && last == mlir::tnp::CPUPipelineStage::LLVM) {
    mlir::tnp::CUDAPipelineOptions cudaOptions;
    cudaOptions.chips = opts.chips;
    mlir::tnp::buildTNPCUDAPipeline(pm, cudaOptions);
  } else {
    // The tnp and linalg stages are the same for both targets.
    mlir::tnp::CPUPipelineOptions pipelineOptions;
    mlir::tnp::buildTNPCPUPipeline(pm, pipelineOptions, last);
  }
  if (failed(pm.run(*module)))
    return fail(opts.input + ": " +
                (opts.cuda ? "tnp-cuda-pipeline" : "tnp-cpu-pipeline") +
                " failed (see the diagnostics above)");
  if (opts.emit == Emit::Mlir || opts.emit == Emit::Linalg ||
      opts.emit == Emit::LlvmMlir) {
    if (failed(outputs.add(opts.output, printOp(*module))) ||
        failed(outputs.commit()))
      return 1;
    return 0;
  }

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, info.source);
  if (!llvmModule)
    return fail(opts.input + ": cannot translate to LLVM IR (see the "
                             "diagnostics above)");
  if (llvm::Error e = aot::finalizeModule(*llvmModule, *exports))
    return fail(llvm::toString(std::move(e)));
  if (llvm::Error e = aot::optimizeModule(*llvmModule, *tm, opts.optLevel))
    return fail("LLVM optimization failed: " + llvm::toString(std::move(e)));
  if (opts.emit == Emit::LlvmIr) {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    if (failed(outputs.add(opts.output, text)) || failed(outputs.commit()))
      return 1;
    return 0;
  }
  llvm::Expected<std::string> code = aot::emitCode(
      *llvmModule, *tm,
      opts.emit == Emit::Asm ? llvm::CodeGenFileType::AssemblyFile
                             : llvm::CodeGenFileType::ObjectFile);
  if (!code)
    return fail(llvm::toString(code.takeError()));
  if (opts.emit == Emit::Asm || opts.emit == Emit::Obj) {
    if (failed(outputs.add(opts.output, *code)) || failed(outputs.commit()))
      return 1;
    return 0;
  }
  // --emit=lib: the archive and its header, together or not at all.
  std::string member = (llvm::sys::path::stem(opts.output) + ".o").str();
  auto archive = aot::makeArchive(*code, member);
  if (!archive)
    return fail("cannot build the archive: " +
                llvm::toString(archive.takeError()));
  info.library = llvm::sys::path::filename(opts.output).str();
  info.guard = guardOf(prefix, opts.header);
  if (failed(outputs.add(opts.output, (*archive)->getBuffer())) ||
      failed(outputs.add(opts.header, aot::emitHeader(*exports, info))) ||
      failed(outputs.commit()))
    return 1;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  Options opts;
  if (int status = parseCommandLine(argc, argv, opts); status >= 0)
    return status;
  return run(opts);
}
