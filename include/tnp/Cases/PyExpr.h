//===- PyExpr.h - The Python expression subset of case programs -*- C++ -*-===//
//
// Part of tnp. The conformance cases (OPS.md, "The conformance case programs")
// are Python expressions over the input names and `np`. This parser accepts
// Python's expression grammar with Python's precedence and produces an AST;
// everything outside the subset tnp understands (lambdas, comprehensions,
// boolean operators, dicts, starred arguments, ...) is rejected with the
// column where it starts, so a case never passes by accident.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_CASES_PYEXPR_H
#define TNP_CASES_PYEXPR_H

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tnp {
namespace cases {

/// The width of the two's complement integers the parser and the constant
/// folder compute with. Python ints are unbounded, but tnp reports any int
/// outside 64 bits as an `overflow` error, so exactness past this width never
/// matters; beyond it an int is only marked `huge`.
constexpr unsigned kPyIntBits = 128;

/// A Python int: exact when `huge` is false.
struct PyInt {
  llvm::APInt value = llvm::APInt(kPyIntBits, 0);
  bool huge = false;

  static PyInt fromInt64(int64_t v);
  /// Python's text of the value ("-3"), or "<int of more than 128 bits>".
  std::string str() const;
};

enum class ExprKind : uint8_t {
  Name,      ///< `x`, `np` (`name`)
  Int,       ///< `3`, `0x10` (`intValue`, never negative)
  Float,     ///< `1.5`, `1e5`, `.5` (`floatValue`)
  Imag,      ///< `2j`, `1.5j` (`floatValue` = the imaginary part)
  Bool,      ///< `True`, `False` (`boolValue`)
  None,      ///< `None`
  Ellipsis,  ///< `...`
  Str,       ///< `'float32'` (`name` holds the contents)
  Attribute, ///< `value.name`: operands = {value}
  Call,      ///< `f(args, kw=v)`: operands = {callee, args...}, `keywords`
  Subscript, ///< `value[index]`: operands = {value, index}
  Slice,     ///< `lo:hi:step` inside a subscript: operands = {lo, hi, step},
             ///< each possibly null
  BinOp,     ///< `lhs op rhs` (`binOp`): operands = {lhs, rhs}
  Compare,   ///< `lhs op rhs` (`cmpOp`; chains are rejected): operands = {lhs,
             ///< rhs}
  UnaryOp,   ///< `op operand` (`unaryOp`): operands = {operand}
  List,      ///< `[a, b]`: operands = elements
  Tuple,     ///< `(a, b)`, `a, b`, `()`: operands = elements
};

enum class BinOpKind : uint8_t {
  Add,
  Sub,
  Mul,
  Div,
  FloorDiv,
  Mod,
  Pow,
  MatMul,
  BitAnd,
  BitOr,
  BitXor,
};
enum class CmpOpKind : uint8_t { Lt, Le, Gt, Ge, Eq, Ne };
enum class UnaryOpKind : uint8_t { Neg, Pos, Invert };

/// Python's spelling of an operator ("+", "//", "<=", "~").
llvm::StringRef binOpSpelling(BinOpKind k);
llvm::StringRef cmpOpSpelling(CmpOpKind k);
llvm::StringRef unaryOpSpelling(UnaryOpKind k);

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// A keyword argument `name=value` of a call.
struct Keyword {
  std::string name;
  unsigned column = 0;
  ExprPtr value;
};

/// One node of the AST. A tagged struct rather than a class hierarchy: the
/// translator dispatches on `kind` in one place, and the few payload fields
/// are documented on ExprKind.
struct Expr {
  ExprKind kind;
  /// Source range [begin, end) as byte offsets into the program text;
  /// `column()` is 1-based like Python's error reports.
  unsigned begin = 0, end = 0;

  std::string name;
  PyInt intValue;
  double floatValue = 0.0;
  bool boolValue = false;
  BinOpKind binOp = BinOpKind::Add;
  CmpOpKind cmpOp = CmpOpKind::Eq;
  UnaryOpKind unaryOp = UnaryOpKind::Neg;
  std::vector<ExprPtr> operands;
  std::vector<Keyword> keywords;

  explicit Expr(ExprKind kind) : kind(kind) {}

  unsigned column() const { return begin + 1; }

  // Accessors by role (valid for the kinds named).
  const Expr &lhs() const { return *operands[0]; }     // BinOp, Compare
  const Expr &rhs() const { return *operands[1]; }     // BinOp, Compare
  const Expr &operand() const { return *operands[0]; } // UnaryOp
  const Expr &value() const { return *operands[0]; }   // Attribute, Subscript
  const Expr &callee() const { return *operands[0]; }  // Call
  /// Positional arguments of a Call.
  std::vector<const Expr *> args() const;
  /// Elements of a List or Tuple.
  std::vector<const Expr *> elements() const;
  /// The keyword argument `n` of a Call, or null.
  const Keyword *keyword(llvm::StringRef n) const;

  /// A dotted name (`np`, `np.random.randn`) for Name/Attribute chains that
  /// end in a Name; nullopt for anything else.
  std::optional<std::string> dottedName() const;
};

/// A parse failure: always reported as an `unsupported` program (OPS.md).
struct ParseError {
  unsigned column = 0; ///< 1-based
  std::string message; ///< lowercase, without the column
  /// The program is an assignment into a subscript (`x[0] = 1`, `x[0] += 1`):
  /// a `mutation` error rather than an unsupported construct (SPEC policy 1).
  bool assignsIntoArray = false;
};

/// The parsed program: the AST plus its text (for quoting sub-expressions).
struct Program {
  std::string source;
  ExprPtr root;

  /// The source text of a node.
  llvm::StringRef text(const Expr &e) const {
    return llvm::StringRef(source).slice(e.begin, e.end);
  }
};

/// Parses one Python expression (Python's `eval` input: a top-level `a, b`
/// is a tuple). On failure returns nullopt and fills `error`.
std::optional<Program> parsePyExpr(llvm::StringRef source, ParseError &error);

/// Writes the AST in a compact prefix form ("(call (attr (name np) add)
/// (name x) (int 2))"), for tests and debugging.
std::string dumpExpr(const Expr &e);

} // namespace cases
} // namespace tnp

#endif // TNP_CASES_PYEXPR_H
