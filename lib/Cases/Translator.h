//===- Translator.h - The evaluator of case programs ------------*- C++ -*-===//
//
// Part of tnp (internal to lib/Cases). The Translator evaluates a case
// program's AST like Python, with tnp arrays as SSA values built through
// TNPBuilders.h. Its implementation is split by construct: Cases.cpp
// (names, operators, calls, entry points), TranslateValues.cpp (Python
// objects to literals/ints/dtypes, argument binding), TranslateCalls.cpp
// (np.* functions and array methods), TranslateShapes.cpp (shape ops,
// where, clip), TranslateCreation.cpp (creation), TranslateIndexing.cpp
// (subscripts).
//
//===----------------------------------------------------------------------===//

#ifndef TNP_LIB_CASES_TRANSLATOR_H
#define TNP_LIB_CASES_TRANSLATOR_H

#include "PyNumber.h"
#include "TNP/IR/TNPBuilders.h"
#include "TNP/IR/TNPTypes.h"
#include "tnp/Cases/PyExpr.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>
#include <vector>

namespace tnp {
namespace cases {
namespace detail {

using namespace mlir;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// Python objects of the evaluator
//===----------------------------------------------------------------------===//

/// What a sub-expression evaluates to.
struct Obj {
  enum class Kind : uint8_t {
    Array,    ///< a tnp array: `array`
    Number,   ///< a Python scalar: `number`
    Seq,      ///< a Python list or tuple: `elements`, `isTuple`
    DType,    ///< a NumPy dtype object (`np.float32`): `dtype`
    PyType,   ///< a Python type used as a dtype (`int`, `float`): `pyType`
    None,     ///< None / np.newaxis
    Ellipsis, ///< ...
    Str,      ///< a string: `str`
  };
  Kind kind = Kind::None;
  Value array;
  PyNumber number;
  std::vector<Obj> elements;
  bool isTuple = false;
  sem::DType dtype = sem::DType::Float64;
  PyNumber::Kind pyType = PyNumber::Kind::Int;
  std::string str;

  static Obj ofArray(Value v) {
    Obj o;
    o.kind = Kind::Array;
    o.array = v;
    return o;
  }
  static Obj ofNumber(PyNumber n) {
    Obj o;
    o.kind = Kind::Number;
    o.number = std::move(n);
    return o;
  }
  static Obj ofKind(Kind k) {
    Obj o;
    o.kind = k;
    return o;
  }
  static Obj ofDType(sem::DType t) {
    Obj o;
    o.kind = Kind::DType;
    o.dtype = t;
    return o;
  }
  static Obj ofPyType(PyNumber::Kind t) {
    Obj o;
    o.kind = Kind::PyType;
    o.pyType = t;
    return o;
  }

  /// "a list", "an int": the type name with its article, for messages.
  std::string aTypeName() const {
    std::string n = typeName();
    return (StringRef("aeiou").contains(n[0]) ? "an " : "a ") + n;
  }

  /// Python's type name, for messages.
  std::string typeName() const {
    switch (kind) {
    case Kind::Array:
      return "array";
    case Kind::Number:
      switch (number.kind) {
      case PyNumber::Kind::Bool:
        return "bool";
      case PyNumber::Kind::Int:
        return "int";
      case PyNumber::Kind::Float:
        return "float";
      case PyNumber::Kind::Complex:
        return "complex";
      }
      return "number";
    case Kind::Seq:
      return isTuple ? "tuple" : "list";
    case Kind::DType:
      return "dtype";
    case Kind::PyType:
      return "type";
    case Kind::None:
      return "None";
    case Kind::Ellipsis:
      return "ellipsis";
    case Kind::Str:
      return "str";
    }
    return "object";
  }
};

using Result = sem::Expected<Obj>;

//===----------------------------------------------------------------------===//
// The evaluator
//===----------------------------------------------------------------------===//

class Translator {
public:
  Translator(OpBuilder &b, const Program &prog,
             const sem::PromotionOptions &options, StringRef locName,
             llvm::StringMap<Value> inputs)
      : b(b), prog(prog), o(options), locName(locName.str()),
        inputs(std::move(inputs)) {}

  Result eval(const Expr &e);

  /// The program's value as an array (a Python scalar or list result is
  /// converted with asarray, as np.asarray(result) would).
  sem::Expected<Value> resultArray(const Obj &v, const Expr &e);

private:
  OpBuilder &b;
  const Program &prog;
  sem::PromotionOptions o;
  std::string locName;
  llvm::StringMap<Value> inputs;
  /// The stream of the program's next random call (seed 0).
  int64_t nextRandomStream = 0;

  //===--------------------------------------------------------------------===//
  // Errors and locations
  //===--------------------------------------------------------------------===//

  Location loc(const Expr &e) {
    return FileLineColLoc::get(b.getContext(), locName, 1, e.column());
  }

  /// " (column N: text)" — where in the program an error comes from.
  std::string where(const Expr &e) const {
    std::string text = prog.text(e).str();
    if (text.size() > 60)
      text = text.substr(0, 57) + "...";
    return " (column " + std::to_string(e.column()) + ": " + text + ")";
  }
  sem::Error unsupported(const Expr &e, const std::string &what) const {
    return sem::Error{sem::ErrorKind::Unsupported, what + where(e)};
  }
  sem::Error at(const Expr &e, sem::Error err) const {
    err.message += where(e);
    return err;
  }
  /// Wraps a builder result: its error gets the program position.
  Result built(const Expr &e, mlir::tnp::SemExpected<Value> v) const {
    if (!v)
      return at(e, v.error());
    return Obj::ofArray(*v);
  }

  //===--------------------------------------------------------------------===//
  // Conversions of Python objects
  //===--------------------------------------------------------------------===//

  /// A Python number as a semantics-library literal (`overflow` beyond 64
  /// bits).
  sem::Expected<sem::Scalar> scalar(const Obj &v, const Expr &e);

  /// A Python int (or bool) that fits int64; `what` names its role.
  sem::Expected<int64_t> integer(const Obj &v, const Expr &e, StringRef what);

  /// An int or a sequence of ints (shapes, axes, permutations).
  sem::Expected<std::vector<int64_t>> intList(const Obj &v, const Expr &e,
                                              StringRef what);

  /// Python's truth value of a number or None (keepdims=, endpoint=).
  sem::Expected<bool> truth(const Obj &v, const Expr &e, StringRef what);

  /// A dtype argument: nullopt for None. Python types are mode dependent:
  /// TF-NumPy resolves them with result_type, so `int` is int64 in legacy
  /// and int32 in the auto modes, `float` float64 / float32 (SPEC §a.5; the
  /// type `float` is not rewritten by prefer_float32, §a.4).
  sem::Expected<std::optional<sem::DType>> dtypeArg(const Obj &v,
                                                    const Expr &e);

  /// Flattens a (nested) Python list/tuple of numbers row-major into
  /// `values` with its dimensions in `shape` (NumPy takes them from the first
  /// element at each depth). Errors: `value` for a ragged list (NumPy 1.24's
  /// "inhomogeneous shape"), `unsupported` for arrays or other objects inside
  /// (a list of arrays would be np.stack).
  sem::Expected<std::pair<std::vector<sem::Scalar>, std::vector<int64_t>>>
  flattenLiteral(const Obj &v, const Expr &e);

  /// NumPy 1.24's error for a ragged nested list.
  static sem::Error ragged(size_t depth);

  /// `np.asarray(v, dtype)`: arrays pass (cast when a dtype is given),
  /// Python scalars and lists become constants.
  Result asArray(const Obj &v, const Expr &e,
                 std::optional<sem::DType> dtype = std::nullopt);

  /// An operand of a ufunc or operator: a Python scalar is a weak literal,
  /// a flat Python list a weak list literal (SPEC §a.2.3).
  sem::Expected<Value> operand(const Obj &v, const Expr &e);

  //===--------------------------------------------------------------------===//
  // Argument binding
  //===--------------------------------------------------------------------===//

  /// Python's binding of a call's arguments to `params` (positional first,
  /// then keywords). `bound[i]` is the expression for params[i] or null;
  /// the first `required` parameters must be bound. Python's TypeErrors
  /// (unknown keyword, too many arguments) are `unsupported` programs.
  sem::Expected<std::vector<const Expr *>>
  bind(const Expr &call, StringRef fn, llvm::ArrayRef<StringRef> params,
       unsigned required);

  /// The `unsupported` error of an argument tnp does not implement.
  sem::Error rejectedArg(const Expr *arg, StringRef fn, StringRef param);
  /// Whether `v` is None or one of `allowedStrings` (order='C', ...).
  bool isNoneOr(const Obj &v, llvm::ArrayRef<StringRef> allowedStrings = {});
  /// Evaluates the optional arguments that must be absent or None (out=,
  /// where=, like=, ...); `strings` lists accepted string values (order=).
  sem::Expected<bool> requireDefault(const std::vector<const Expr *> &bound,
                                     llvm::ArrayRef<StringRef> params,
                                     llvm::ArrayRef<StringRef> names,
                                     StringRef fn,
                                     llvm::ArrayRef<StringRef> strings = {});

  //===--------------------------------------------------------------------===//
  // Operations
  //===--------------------------------------------------------------------===//

  Result evalName(const Expr &e);
  Result evalAttribute(const Expr &e);
  Result evalCall(const Expr &e);
  Result evalBinary(const Expr &e);
  Result evalCompare(const Expr &e);
  Result evalUnary(const Expr &e);
  Result evalSubscript(const Expr &e);

  Result ufunc(const Expr &e, sem::Ufunc u, llvm::ArrayRef<const Obj *> args,
               llvm::ArrayRef<const Expr *> argExprs);
  Result callNumpy(const Expr &call, StringRef fn);
  Result callMethod(const Expr &call, const Obj &self, StringRef method);
  Result reduction(const Expr &call, sem::Reduction r, const Obj &input,
                   const Expr &inputExpr, const Expr *axis,
                   const Expr *keepdims, const Expr *dtype);
  Result reshape(const Expr &call, const Obj &input, const Expr &inputExpr,
                 const Obj &shape, const Expr &shapeExpr);
  Result transpose(const Expr &call, const Obj &input, const Expr &inputExpr,
                   const Expr *axesExpr, std::optional<Obj> axes);
  Result creation(const Expr &call, StringRef fn);
  /// np.random.randn/uniform/normal (TranslateCreation.cpp).
  Result randomCall(const Expr &call, StringRef fn);
  /// np.ravel, moveaxis, swapaxes, expand_dims, squeeze, concatenate,
  /// stack, split (TranslateShapes.cpp).
  Result shapeCall(const Expr &call, StringRef fn);
  /// np.where and np.clip (TranslateShapes.cpp).
  Result selectionCall(const Expr &call, StringRef fn);
  /// ravel / flatten of `input` with an `order=` argument (null: 'C').
  Result ravel(const Expr &call, const Obj &input, const Expr &inputExpr,
               const Expr *orderExpr, StringRef fn);
  /// np.clip(a, a_min, a_max) / a.clip(min, max); a null or None bound is
  /// absent.
  Result clip(const Expr &call, const Obj &input, const Expr &inputExpr,
              const Expr *minExpr, const Expr *maxExpr);
  /// The arrays of a sequence argument (concatenate, stack): each element
  /// converted with asarray.
  sem::Expected<std::vector<Value>> arraySeq(const Expr &e, StringRef fn);
};

} // namespace detail
} // namespace cases
} // namespace tnp

#endif // TNP_LIB_CASES_TRANSLATOR_H
