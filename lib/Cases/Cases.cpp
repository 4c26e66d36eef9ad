//===- Cases.cpp - Translating case programs into tnp IR -----------------===//
//
// Part of tnp. Evaluates the AST of a case program the way Python would,
// except that arrays are SSA values built with TNPBuilders.h: Python scalars
// are folded (`-1`, `2 ** 40`, `(1+2j)`), a scalar or list reaching a ufunc
// becomes a weak literal, and every tnp op infers its type through the
// semantics library. The first error (a semantics error of a builder, or an
// `unsupported` construct) ends the translation; the module being built is
// then discarded.
//
//===----------------------------------------------------------------------===//

#include "tnp/Cases/Cases.h"

#include "TNP/IR/TNPDialect.h"
#include "Translator.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace ::tnp::cases;
using namespace ::tnp::cases::detail;
namespace sem = ::tnp::sem;
using llvm::StringRef;

/// NumPy's dtype attribute names beyond what sem::parseDTypeName accepts.
static std::optional<sem::DType> parseNumpyDTypeAttr(StringRef name) {
  std::optional<sem::DType> alias =
      llvm::StringSwitch<std::optional<sem::DType>>(name)
          .Cases({"int_", "intp", "longlong"}, sem::DType::Int64)
          .Cases({"uint", "uintp", "ulonglong"}, sem::DType::UInt64)
          .Case("float_", sem::DType::Float64)
          .Cases({"complex_", "cdouble"}, sem::DType::Complex128)
          .Case("csingle", sem::DType::Complex64)
          .Case("bool8", sem::DType::Bool)
          .Case("byte", sem::DType::Int8)
          .Case("ubyte", sem::DType::UInt8)
          .Case("short", sem::DType::Int16)
          .Case("ushort", sem::DType::UInt16)
          .Case("intc", sem::DType::Int32)
          .Case("uintc", sem::DType::UInt32)
          .Default(std::nullopt);
  if (alias)
    return alias;
  // np.int / np.float / np.bool / np.complex were removed in NumPy 1.24.
  if (name == "int" || name == "float" || name == "bool" || name == "complex" ||
      name == "object" || name == "str")
    return std::nullopt;
  return sem::parseDTypeName(name);
}

//===----------------------------------------------------------------------===//
// Names, attributes, literals
//===----------------------------------------------------------------------===//

Result Translator::eval(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Name:
    return evalName(e);
  case ExprKind::Int:
    return Obj::ofNumber(PyNumber::fromInt(e.intValue));
  case ExprKind::Float:
    return Obj::ofNumber(PyNumber::fromFloat(e.floatValue));
  case ExprKind::Imag:
    return Obj::ofNumber(PyNumber::fromComplex(0.0, e.floatValue));
  case ExprKind::Bool:
    return Obj::ofNumber(PyNumber::fromBool(e.boolValue));
  case ExprKind::None:
    return Obj::ofKind(Obj::Kind::None);
  case ExprKind::Ellipsis:
    return Obj::ofKind(Obj::Kind::Ellipsis);
  case ExprKind::Str: {
    Obj s = Obj::ofKind(Obj::Kind::Str);
    s.str = e.name;
    return s;
  }
  case ExprKind::Attribute:
    return evalAttribute(e);
  case ExprKind::Call:
    return evalCall(e);
  case ExprKind::Subscript:
    return evalSubscript(e);
  case ExprKind::Slice:
    return unsupported(e, "a slice outside a subscript");
  case ExprKind::BinOp:
    return evalBinary(e);
  case ExprKind::Compare:
    return evalCompare(e);
  case ExprKind::UnaryOp:
    return evalUnary(e);
  case ExprKind::List:
  case ExprKind::Tuple: {
    Obj seq = Obj::ofKind(Obj::Kind::Seq);
    seq.isTuple = e.kind == ExprKind::Tuple;
    for (const Expr *el : e.elements()) {
      Result v = eval(*el);
      if (!v)
        return v;
      seq.elements.push_back(std::move(v.value()));
    }
    return seq;
  }
  }
  return unsupported(e, "this expression");
}

Result Translator::evalName(const Expr &e) {
  auto it = inputs.find(e.name);
  if (it != inputs.end())
    return Obj::ofArray(it->second);
  std::optional<PyNumber::Kind> pyType =
      llvm::StringSwitch<std::optional<PyNumber::Kind>>(e.name)
          .Case("bool", PyNumber::Kind::Bool)
          .Case("int", PyNumber::Kind::Int)
          .Case("float", PyNumber::Kind::Float)
          .Case("complex", PyNumber::Kind::Complex)
          .Default(std::nullopt);
  if (pyType)
    return Obj::ofPyType(*pyType);
  if (e.name == "np" || e.name == "tnp" || e.name == "numpy")
    return unsupported(e, "the module '" + e.name + "' as a value");
  return unsupported(e, "unknown name '" + e.name + "'");
}

Result Translator::evalAttribute(const Expr &e) {
  std::optional<std::string> dotted = e.dottedName();
  if (dotted && StringRef(*dotted).starts_with("np.") && !inputs.count("np")) {
    StringRef attr = StringRef(*dotted).drop_front(3);
    if (attr == "newaxis")
      return Obj::ofKind(Obj::Kind::None);
    std::optional<double> constant =
        llvm::StringSwitch<std::optional<double>>(attr)
            .Case("pi", 3.141592653589793)
            .Case("e", 2.718281828459045)
            .Cases({"inf", "Inf", "infty", "PINF"}, HUGE_VAL)
            .Case("NINF", -HUGE_VAL)
            .Cases({"nan", "NaN", "NAN"}, std::nan(""))
            .Case("euler_gamma", 0.5772156649015329)
            .Default(std::nullopt);
    if (constant)
      return Obj::ofNumber(PyNumber::fromFloat(*constant));
    if (std::optional<sem::DType> t = parseNumpyDTypeAttr(attr))
      return Obj::ofDType(*t);
    return unsupported(e, *dotted);
  }
  Result base = eval(e.value());
  if (!base)
    return base;
  if (base->kind != Obj::Kind::Array)
    return unsupported(e, "attribute ." + e.name + " of " + base->aTypeName());
  Value x = base->array;
  auto type = cast<RankedTensorType>(x.getType());
  if (e.name == "T")
    return built(e, mlir::tnp::buildTranspose(b, loc(e), x, {}));
  if (e.name == "shape" || e.name == "ndim" || e.name == "size") {
    if (!type.hasStaticShape())
      return unsupported(e, "." + e.name + " of a dynamically shaped array");
    if (e.name == "ndim")
      return Obj::ofNumber(PyNumber::fromInt(PyInt::fromInt64(type.getRank())));
    if (e.name == "size")
      return Obj::ofNumber(
          PyNumber::fromInt(PyInt::fromInt64(type.getNumElements())));
    Obj shape = Obj::ofKind(Obj::Kind::Seq);
    shape.isTuple = true;
    for (int64_t d : type.getShape())
      shape.elements.push_back(
          Obj::ofNumber(PyNumber::fromInt(PyInt::fromInt64(d))));
    return shape;
  }
  if (e.name == "dtype") {
    std::optional<sem::DType> t = mlir::tnp::toDType(type.getElementType());
    if (!t)
      return unsupported(e, ".dtype of a non-tnp array");
    return Obj::ofDType(*t);
  }
  return unsupported(e, "array attribute ." + e.name);
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

static sem::Ufunc ufuncOf(BinOpKind k) {
  switch (k) {
  case BinOpKind::Add:
    return sem::Ufunc::Add;
  case BinOpKind::Sub:
    return sem::Ufunc::Subtract;
  case BinOpKind::Mul:
    return sem::Ufunc::Multiply;
  case BinOpKind::Div:
    return sem::Ufunc::TrueDivide;
  case BinOpKind::FloorDiv:
    return sem::Ufunc::FloorDivide;
  case BinOpKind::Mod:
    return sem::Ufunc::Mod;
  case BinOpKind::Pow:
    return sem::Ufunc::Power;
  case BinOpKind::BitAnd:
    return sem::Ufunc::BitwiseAnd;
  case BinOpKind::BitOr:
    return sem::Ufunc::BitwiseOr;
  case BinOpKind::BitXor:
    return sem::Ufunc::BitwiseXor;
  case BinOpKind::MatMul:
    break; // not a ufunc: handled by the caller
  }
  return sem::Ufunc::Add;
}

static sem::Ufunc ufuncOf(CmpOpKind k) {
  switch (k) {
  case CmpOpKind::Lt:
    return sem::Ufunc::Less;
  case CmpOpKind::Le:
    return sem::Ufunc::LessEqual;
  case CmpOpKind::Gt:
    return sem::Ufunc::Greater;
  case CmpOpKind::Ge:
    return sem::Ufunc::GreaterEqual;
  case CmpOpKind::Eq:
    return sem::Ufunc::Equal;
  case CmpOpKind::Ne:
    return sem::Ufunc::NotEqual;
  }
  return sem::Ufunc::Equal;
}

static sem::Ufunc ufuncOf(UnaryOpKind k) {
  switch (k) {
  case UnaryOpKind::Neg:
    return sem::Ufunc::Negative;
  case UnaryOpKind::Pos:
    return sem::Ufunc::Positive;
  case UnaryOpKind::Invert:
    return sem::Ufunc::Invert;
  }
  return sem::Ufunc::Negative;
}

Result Translator::ufunc(const Expr &e, sem::Ufunc u,
                         llvm::ArrayRef<const Obj *> args,
                         llvm::ArrayRef<const Expr *> argExprs) {
  SmallVector<Value, 2> operands;
  for (size_t i = 0; i < args.size(); ++i) {
    sem::Expected<Value> v = operand(*args[i], *argExprs[i]);
    if (!v)
      return v.error();
    operands.push_back(*v);
  }
  return built(e, mlir::tnp::buildUfunc(b, loc(e), u, operands, o));
}

/// Whether a Python operator between these objects is Python's own (list
/// concatenation, tuple repetition, ...) rather than NumPy's.
static bool isPythonLevel(const Obj &a, const Obj &b) {
  return a.kind != Obj::Kind::Array && b.kind != Obj::Kind::Array;
}

Result Translator::evalBinary(const Expr &e) {
  Result lhs = eval(e.lhs());
  if (!lhs)
    return lhs;
  Result rhs = eval(e.rhs());
  if (!rhs)
    return rhs;
  if (lhs->kind == Obj::Kind::Number && rhs->kind == Obj::Kind::Number) {
    sem::Expected<PyNumber> r = foldBinary(e.binOp, lhs->number, rhs->number);
    if (!r)
      return at(e, r.error());
    return Obj::ofNumber(*r);
  }
  if (isPythonLevel(*lhs, *rhs))
    return unsupported(e, "operator " + binOpSpelling(e.binOp).str() +
                              " between " + lhs->aTypeName() + " and " +
                              rhs->aTypeName());
  if (e.binOp == BinOpKind::MatMul) {
    sem::Expected<Value> a = operand(*lhs, e.lhs());
    if (!a)
      return a.error();
    sem::Expected<Value> c = operand(*rhs, e.rhs());
    if (!c)
      return c.error();
    return built(e, mlir::tnp::buildMatmul(b, loc(e), *a, *c, o));
  }
  return ufunc(e, ufuncOf(e.binOp), {&*lhs, &*rhs}, {&e.lhs(), &e.rhs()});
}

Result Translator::evalCompare(const Expr &e) {
  Result lhs = eval(e.lhs());
  if (!lhs)
    return lhs;
  Result rhs = eval(e.rhs());
  if (!rhs)
    return rhs;
  if (lhs->kind == Obj::Kind::Number && rhs->kind == Obj::Kind::Number) {
    sem::Expected<PyNumber> r = foldCompare(e.cmpOp, lhs->number, rhs->number);
    if (!r)
      return at(e, r.error());
    return Obj::ofNumber(*r);
  }
  if (isPythonLevel(*lhs, *rhs))
    return unsupported(e, "comparison " + cmpOpSpelling(e.cmpOp).str() +
                              " between " + lhs->aTypeName() + " and " +
                              rhs->aTypeName());
  return ufunc(e, ufuncOf(e.cmpOp), {&*lhs, &*rhs}, {&e.lhs(), &e.rhs()});
}

Result Translator::evalUnary(const Expr &e) {
  Result v = eval(e.operand());
  if (!v)
    return v;
  if (v->kind == Obj::Kind::Number) {
    sem::Expected<PyNumber> r = foldUnary(e.unaryOp, v->number);
    if (!r)
      return at(e, r.error());
    return Obj::ofNumber(*r);
  }
  if (v->kind != Obj::Kind::Array)
    return unsupported(e, "unary " + unaryOpSpelling(e.unaryOp).str() + " of " +
                              v->aTypeName());
  return ufunc(e, ufuncOf(e.unaryOp), {&*v}, {&e.operand()});
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

Result Translator::evalCall(const Expr &e) {
  const Expr &callee = e.callee();
  std::optional<std::string> dotted = callee.dottedName();
  // An input named like a builtin or `np` shadows it, as in Python.
  if (dotted && inputs.count(StringRef(*dotted).split('.').first))
    dotted.reset();
  if (dotted) {
    StringRef name(*dotted);
    if (name.starts_with("np.random.") && name.count('.') == 2)
      return randomCall(e, name.drop_front(10));
    if (name.starts_with("np.random"))
      return unsupported(e, *dotted);
    if (name.starts_with("np.linalg.") || name.starts_with("np.fft."))
      return unsupported(e, *dotted);
    if (name.starts_with("np.") && name.count('.') == 1)
      return callNumpy(e, name.drop_front(3));
    if (name == "abs") {
      // Python's abs() on an array is np.absolute; on a number, Python's.
      if (e.args().size() != 1 || !e.keywords.empty())
        return unsupported(e, "abs() takes exactly one argument");
      Result v = eval(*e.args()[0]);
      if (!v)
        return v;
      if (v->kind == Obj::Kind::Number) {
        const PyNumber &n = v->number;
        if (n.kind == PyNumber::Kind::Complex)
          return Obj::ofNumber(PyNumber::fromFloat(std::hypot(n.real, n.imag)));
        sem::Expected<PyNumber> negative = foldCompare(
            CmpOpKind::Lt, n, PyNumber::fromInt(PyInt::fromInt64(0)));
        if (!negative)
          return at(e, negative.error());
        sem::Expected<PyNumber> r = foldUnary(
            negative->boolValue ? UnaryOpKind::Neg : UnaryOpKind::Pos, n);
        if (!r)
          return at(e, r.error());
        return Obj::ofNumber(*r);
      }
      return ufunc(e, sem::Ufunc::Abs, {&*v}, {e.args()[0]});
    }
    if (name.count('.') == 0)
      return unsupported(e, "Python function " + *dotted + "()");
  }
  if (callee.kind == ExprKind::Attribute) {
    Result self = eval(callee.value());
    if (!self)
      return self;
    if (self->kind == Obj::Kind::Array)
      return callMethod(e, *self, callee.name);
    return unsupported(e,
                       "method ." + callee.name + "() of " + self->aTypeName());
  }
  Result f = eval(callee);
  if (!f)
    return f;
  if (f->kind == Obj::Kind::DType || f->kind == Obj::Kind::PyType)
    return unsupported(e, "a dtype called as a scalar constructor");
  return unsupported(e, "calling " + f->aTypeName());
}
sem::Expected<Value> Translator::resultArray(const Obj &v, const Expr &e) {
  if (v.kind == Obj::Kind::Array)
    return v.array;
  if (v.kind == Obj::Kind::Number || v.kind == Obj::Kind::Seq) {
    Result a = asArray(v, e);
    if (!a)
      return a.error();
    return a->array;
  }
  return unsupported(e, "a program whose value is " + v.aTypeName());
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

namespace tnp {
namespace cases {

void loadCaseDialects(MLIRContext &ctx) {
  ctx.getOrLoadDialect<mlir::tnp::TNPDialect>();
  ctx.getOrLoadDialect<func::FuncDialect>();
}

sem::Expected<OwningOpRef<ModuleOp>>
translateProgram(MLIRContext &ctx, StringRef program,
                 const std::vector<CaseInput> &inputs,
                 const sem::PromotionOptions &options, StringRef name) {
  loadCaseDialects(ctx);
  ParseError perr;
  std::optional<Program> prog = parsePyExpr(program, perr);
  if (!prog) {
    std::string column = " (column " + std::to_string(perr.column) + ")";
    if (perr.assignsIntoArray)
      return sem::Error{sem::ErrorKind::Mutation,
                        "tnp arrays are immutable: item assignment is not "
                        "supported" +
                            column};
    return sem::Error{sem::ErrorKind::Unsupported, perr.message + column};
  }

  Location loc = FileLineColLoc::get(&ctx, name, 1, 1);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  mlir::tnp::setPromotionOptions(*module, options);
  OpBuilder b(&ctx);
  b.setInsertionPointToEnd(module->getBody());

  SmallVector<Type> argTypes;
  llvm::StringMap<unsigned> argIndex;
  for (const CaseInput &in : inputs) {
    if (!argIndex.try_emplace(in.name, argTypes.size()).second)
      return sem::Error{sem::ErrorKind::Unsupported,
                        "input name '" + in.name + "' is used twice"};
    for (int64_t d : in.shape)
      if (d < 0)
        return sem::Error{sem::ErrorKind::Unsupported,
                          "input '" + in.name + "' has a negative dimension"};
    argTypes.push_back(mlir::tnp::makeTensorType(
        &ctx, in.shape, sem::PromotedType{in.dtype, false}));
  }
  auto func = func::FuncOp::create(b, loc, "case",
                                   FunctionType::get(&ctx, argTypes, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  llvm::StringMap<Value> args;
  for (const auto &it : argIndex)
    args[it.getKey()] = entry->getArgument(it.getValue());

  Translator t(b, *prog, options, name, std::move(args));
  Result r = t.eval(*prog->root);
  if (!r)
    return r.error();
  sem::Expected<Value> result = t.resultArray(*r, *prog->root);
  if (!result)
    return result.error();
  func::ReturnOp::create(b, loc, ValueRange{*result});
  func.setFunctionType(
      FunctionType::get(&ctx, argTypes, TypeRange{result->getType()}));
  return std::move(module);
}

sem::Expected<OwningOpRef<ModuleOp>> translateCase(MLIRContext &ctx,
                                                   const Case &c) {
  if (!c.loadError.empty())
    return sem::Error{sem::ErrorKind::Unsupported,
                      "malformed case: " + c.loadError};
  return translateProgram(ctx, c.program, c.inputs, c.options, c.id);
}

} // namespace cases
} // namespace tnp
