//===- tnp-case.cpp - Translate and statically check conformance cases ---===//
//
// Part of tnp.
//
//   tnp-case translate FILE.json... [--id ID]...
//       prints each case as an MLIR module (`// -----` between cases), or a
//       `// case ID: <kind> error: <message>` line when it does not translate.
//   tnp-case check-static PATH... [--id ID]... [--quiet]
//       PATH is a case file or a directory (every *.json in it); prints one
//       line per case (match / mismatch / out-of-reach) and a summary; exits
//       1 when any case mismatches or a file cannot be loaded.
//   tnp-case parse PROGRAM...
//       prints the AST of each program (parser tests).
//
// Every case runs in a fresh MLIRContext under a CrashRecoveryContext, so
// one case that crashes the compiler is reported and the run goes on.
//
//===----------------------------------------------------------------------===//

#include "tnp/Cases/Cases.h"
#include "tnp/Cases/PyExpr.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace tnp::cases;
namespace sem = ::tnp::sem;
using llvm::StringRef;

static const char *const kUsage = R"(OVERVIEW: tnp conformance case translator

USAGE:
  tnp-case translate FILE.json... [--id ID]...
  tnp-case check-static PATH... [--id ID]... [--quiet]
  tnp-case parse PROGRAM...

COMMANDS:
  translate      Print each case as an MLIR module (func.func @case), cases
                 separated by '// -----'; a case that does not translate is a
                 line '// case ID: <kind> error: <message>'. The output parses
                 with tnp-opt -split-input-file.
  check-static   Translate and verify each case and compare the result dtype,
                 shape and weakness (or the error kind) with the expectation.
                 PATH is a case file or a directory (every *.json in it). One
                 line per case: 'match ID', 'mismatch ID: ...' or
                 'out-of-reach ID: ...' (an unsupported construct, or an
                 error only detectable at run time), then
                 'static conformance: N cases, N in reach, N matched, N
                 mismatched'. Exit status 1 if any case mismatches.
  parse          Print the AST of each Python expression given (one line
                 each), or 'error: column N: <message>'. Exit status 1 if
                 any does not parse.

OPTIONS:
  --id ID        Only the case(s) with this id (repeatable).
  --quiet        check-static: print only mismatches and the summary.
  --help         Show this help.
)";

namespace {

struct Options {
  std::string command;
  std::vector<std::string> paths;
  std::vector<std::string> ids;
  bool quiet = false;
};

/// Expands directories into their *.json files (sorted, so output is
/// stable); files are kept as given.
bool expandPaths(const std::vector<std::string> &paths,
                 std::vector<std::string> &files) {
  bool ok = true;
  for (const std::string &p : paths) {
    if (!llvm::sys::fs::is_directory(p)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(p, ec), end; it != end && !ec;
         it.increment(ec)) {
      StringRef path = it->path();
      if (path.ends_with(".json") && !llvm::sys::fs::is_directory(path))
        found.push_back(path.str());
    }
    if (ec) {
      llvm::errs() << "tnp-case: error: cannot list '" << p
                   << "': " << ec.message() << "\n";
      ok = false;
    }
    if (found.empty())
      llvm::errs() << "tnp-case: warning: no *.json case files in '" << p
                   << "'\n";
    llvm::sort(found);
    files.insert(files.end(), found.begin(), found.end());
  }
  return ok;
}

/// Runs `fn` with a fresh context; false if it crashed. A crashed context
/// is leaked on purpose: its state cannot be trusted for destruction.
template <typename Fn> bool runIsolated(Fn fn, std::string &crashMessage) {
  llvm::CrashRecoveryContext crc;
  bool ok = crc.RunSafely([&]() {
    auto ctx = std::make_unique<mlir::MLIRContext>(
        mlir::MLIRContext::Threading::DISABLED);
    loadCaseDialects(*ctx);
    try {
      fn(*ctx);
    } catch (...) {
      crashMessage = "an exception escaped the translator";
      return;
    }
  });
  if (!ok)
    crashMessage = "the translator crashed";
  return ok && crashMessage.empty();
}

bool selected(const Options &opts, const Case &c) {
  return opts.ids.empty() || llvm::is_contained(opts.ids, c.id);
}

int runTranslate(const Options &opts, const std::vector<std::string> &files) {
  bool first = true, failedLoad = false;
  for (const std::string &path : files) {
    llvm::Expected<CaseFile> file = loadCaseFile(path);
    if (!file) {
      llvm::errs() << "tnp-case: error: " << llvm::toString(file.takeError())
                   << "\n";
      failedLoad = true;
      continue;
    }
    for (const Case &c : file->cases) {
      if (!selected(opts, c))
        continue;
      if (!first)
        llvm::outs() << "// -----\n";
      first = false;
      std::string text, crash;
      bool ok = runIsolated(
          [&](mlir::MLIRContext &ctx) {
            llvm::raw_string_ostream os(text);
            sem::Expected<mlir::OwningOpRef<mlir::ModuleOp>> m =
                translateCase(ctx, c);
            if (!m) {
              os << "// case " << c.id << ": "
                 << sem::errorKindName(m.error().kind)
                 << " error: " << m.error().message << "\n";
              return;
            }
            os << "// case " << c.id << "\n";
            m.value()->print(os);
            os << "\n";
          },
          crash);
      if (!ok)
        text = "// case " + c.id + ": crash: " + crash + "\n";
      llvm::outs() << text;
    }
  }
  llvm::outs().flush();
  return failedLoad ? 1 : 0;
}

int runCheckStatic(const Options &opts, const std::vector<std::string> &files) {
  unsigned total = 0, inReach = 0, matched = 0, mismatched = 0;
  bool failedLoad = false;
  for (const std::string &path : files) {
    llvm::Expected<CaseFile> file = loadCaseFile(path);
    if (!file) {
      llvm::errs() << "tnp-case: error: " << llvm::toString(file.takeError())
                   << "\n";
      failedLoad = true;
      continue;
    }
    for (const Case &c : file->cases) {
      if (!selected(opts, c))
        continue;
      ++total;
      StaticResult r;
      std::string crash;
      if (!runIsolated(
              [&](mlir::MLIRContext &ctx) { r = checkCaseStatically(ctx, c); },
              crash))
        r = StaticResult{StaticOutcome::Mismatch, crash};
      switch (r.outcome) {
      case StaticOutcome::Match:
        ++inReach;
        ++matched;
        break;
      case StaticOutcome::Mismatch:
        ++inReach;
        ++mismatched;
        break;
      case StaticOutcome::OutOfReach:
        break;
      }
      if (opts.quiet && r.outcome != StaticOutcome::Mismatch)
        continue;
      llvm::outs() << staticOutcomeName(r.outcome) << " " << c.id;
      if (!r.detail.empty())
        llvm::outs() << ": " << r.detail;
      llvm::outs() << "\n";
    }
  }
  llvm::outs() << "static conformance: " << total << " cases, " << inReach
               << " in reach, " << matched << " matched, " << mismatched
               << " mismatched\n";
  llvm::outs().flush();
  return mismatched || failedLoad ? 1 : 0;
}

int runParse(const std::vector<std::string> &programs) {
  int rc = 0;
  for (const std::string &p : programs) {
    ParseError err;
    std::optional<Program> prog = parsePyExpr(p, err);
    if (prog) {
      llvm::outs() << dumpExpr(*prog->root) << "\n";
      continue;
    }
    llvm::outs() << "error: column " << err.column << ": " << err.message
                 << (err.assignsIntoArray ? " [mutation]" : "") << "\n";
    rc = 1;
  }
  return rc;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  Options opts;
  for (int i = 1; i < argc; ++i) {
    StringRef a = argv[i];
    if (a == "--help" || a == "-help" || a == "-h") {
      llvm::outs() << kUsage;
      return 0;
    }
    if (a == "--id" || a == "-id") {
      if (i + 1 >= argc) {
        llvm::errs() << "tnp-case: error: --id needs a value\n";
        return 2;
      }
      opts.ids.push_back(argv[++i]);
    } else if (a.starts_with("--id=")) {
      opts.ids.push_back(a.drop_front(5).str());
    } else if (a == "--quiet") {
      opts.quiet = true;
    } else if (a.starts_with("-") && a != "-" && opts.command != "parse") {
      // After `parse`, anything else is a program (`-2**2` included).
      llvm::errs() << "tnp-case: error: unknown option '" << a
                   << "' (see --help)\n";
      return 2;
    } else if (opts.command.empty()) {
      opts.command = a.str();
    } else {
      opts.paths.push_back(a.str());
    }
  }
  if (opts.command == "parse")
    return runParse(opts.paths);
  if (opts.command != "translate" && opts.command != "check-static") {
    llvm::errs() << (opts.command.empty()
                         ? std::string("tnp-case: error: no command")
                         : "tnp-case: error: unknown command '" + opts.command +
                               "'")
                 << " (expected 'translate', 'check-static' or 'parse'; see "
                    "--help)\n";
    return 2;
  }
  if (opts.paths.empty()) {
    llvm::errs() << "tnp-case: error: no case file given (see --help)\n";
    return 2;
  }
  std::vector<std::string> files;
  bool listed = expandPaths(opts.paths, files);
  llvm::CrashRecoveryContext::Enable();
  int rc = opts.command == "translate" ? runTranslate(opts, files)
                                       : runCheckStatic(opts, files);
  return listed ? rc : 1;
}
