//===- TNPBuilders.cpp - Building tnp ops with inferred types -------------===//
//
// Part of tnp. Type inference for front-ends and verifiers; every rule comes
// from the semantics library.
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPBuilders.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/SmallVector.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;

static sem::Error notATensor(Value v) {
  return sem::Error{sem::ErrorKind::DType,
                    "operand of type " + describeType(v.getType()) +
                        " is not a tnp array"};
}

static std::vector<int64_t> toVector(ArrayRef<int64_t> a) {
  return std::vector<int64_t>(a.begin(), a.end());
}

/// The element type of a dtype-only result (no weakness).
static sem::PromotedType strong(sem::DType t) { return sem::PromotedType{t, false}; }

/// NumPy's default float dtype for creation ops (SPEC §a.5): float64 in
/// legacy, float32 in the auto modes.
static sem::DType defaultFloat(const sem::PromotionOptions &o) {
  return o.isAuto() ? sem::DType::Float32 : sem::DType::Float64;
}

/// `t` if an array of its shape and dtype is addressable, else NumPy's
/// "array is too big" `value` error.
static SemExpected<RankedTensorType> checkedType(RankedTensorType t) {
  std::optional<sem::DType> dt = toDType(t.getElementType());
  sem::Expected<int64_t> n =
      sem::checkedNumElements(toShape(t), dt ? sem::byteSize(*dt) : 1);
  if (!n)
    return n.error();
  return t;
}

//===----------------------------------------------------------------------===//
// Inference
//===----------------------------------------------------------------------===//

SemExpected<RankedTensorType>
mlir::tnp::inferUfuncType(sem::Ufunc u, ValueRange operands,
                          const sem::PromotionOptions &o) {
  if (operands.size() != sem::ufuncArity(u))
    return sem::Error{sem::ErrorKind::Value,
                      std::string(sem::ufuncName(u)) + " takes " +
                          std::to_string(sem::ufuncArity(u)) +
                          " operands, got " + std::to_string(operands.size())};
  std::vector<sem::PromotionOperand> ops;
  std::vector<sem::Shape> shapes;
  for (Value v : operands) {
    std::optional<sem::PromotionOperand> po = toPromotionOperand(v);
    if (!po)
      return notATensor(v);
    ops.push_back(*po);
    shapes.push_back(toShape(cast<RankedTensorType>(v.getType())));
  }
  sem::Expected<sem::UfuncSignature> sig = sem::resolveUfunc(u, ops, o);
  if (!sig)
    return sig.error();
  sem::Expected<sem::Shape> shape = sem::broadcastShapes(shapes);
  if (!shape)
    return shape.error();
  return checkedType(
      makeTensorType(operands[0].getContext(), *shape, sig->result));
}

SemExpected<RankedTensorType>
mlir::tnp::inferReductionType(sem::Reduction r, Value input,
                              std::optional<ArrayRef<int64_t>> axes,
                              bool keepdims, const sem::PromotionOptions &o) {
  std::optional<sem::PromotedType> pt = toPromotedType(input.getType());
  if (!pt)
    return notATensor(input);
  auto rt = cast<RankedTensorType>(input.getType());
  sem::Shape in = toShape(rt);
  int64_t rank = rt.getRank();
  bool isArg = r == sem::Reduction::ArgMax || r == sem::Reduction::ArgMin;
  std::vector<int64_t> norm;
  if (!axes) {
    norm = sem::allAxes(rank);
  } else {
    if (isArg && axes->size() != 1)
      return sem::Error{sem::ErrorKind::Axis,
                        std::string(sem::reductionName(r)) +
                            " takes a single integer axis"};
    sem::Expected<std::vector<int64_t>> n =
        sem::normalizeAxes(toVector(*axes), rank);
    if (!n)
      return n.error();
    norm = *n;
  }
  sem::Expected<sem::PromotedType> dt = sem::reductionResultType(r, pt->dtype, o);
  if (!dt)
    return dt.error();
  if (sem::reductionNeedsNonEmpty(r)) {
    bool empty = false;
    for (int64_t a : norm)
      empty |= in[a] == 0;
    // argmax/argmin over the flattened array: any zero dim empties it.
    if (isArg && !axes)
      empty = sem::numElements(in) == 0;
    if (empty) {
      std::string what = r == sem::Reduction::Max   ? "maximum"
                         : r == sem::Reduction::Min ? "minimum"
                                                    : "";
      if (isArg)
        return sem::Error{sem::ErrorKind::Reduction,
                          "attempt to get " +
                              std::string(sem::reductionName(r)) +
                              " of an empty sequence (shape " +
                              sem::shapeStr(in) + ")"};
      return sem::Error{sem::ErrorKind::Reduction,
                        "zero-size array to reduction operation " + what +
                            " which has no identity (shape " +
                            sem::shapeStr(in) + ")"};
    }
  }
  sem::Shape out;
  if (isArg && !axes)
    out = keepdims ? sem::Shape(rank, 1) : sem::Shape{};
  else
    out = sem::reducedShape(in, norm, keepdims);
  return makeTensorType(input.getContext(), out, *dt);
}

/// Promotes two array operands (matmul, dot): the common dtype.
static SemExpected<sem::PromotedType>
promotePair(Value lhs, Value rhs, const sem::PromotionOptions &o) {
  std::optional<sem::PromotionOperand> a = toPromotionOperand(lhs);
  if (!a)
    return notATensor(lhs);
  std::optional<sem::PromotionOperand> b = toPromotionOperand(rhs);
  if (!b)
    return notATensor(rhs);
  return sem::promote({*a, *b}, o);
}

SemExpected<RankedTensorType>
mlir::tnp::inferMatmulType(Value lhs, Value rhs, const sem::PromotionOptions &o) {
  SemExpected<sem::PromotedType> t = promotePair(lhs, rhs, o);
  if (!t)
    return t.error();
  sem::Expected<sem::Shape> s =
      sem::matmulShape(toShape(cast<RankedTensorType>(lhs.getType())),
                       toShape(cast<RankedTensorType>(rhs.getType())));
  if (!s)
    return s.error();
  return checkedType(makeTensorType(lhs.getContext(), *s, *t));
}

SemExpected<RankedTensorType>
mlir::tnp::inferDotType(Value lhs, Value rhs, const sem::PromotionOptions &o) {
  SemExpected<sem::PromotedType> t = promotePair(lhs, rhs, o);
  if (!t)
    return t.error();
  sem::Expected<sem::Shape> s =
      sem::dotShape(toShape(cast<RankedTensorType>(lhs.getType())),
                    toShape(cast<RankedTensorType>(rhs.getType())));
  if (!s)
    return s.error();
  return checkedType(makeTensorType(lhs.getContext(), *s, *t));
}

/// Promotes any number of array operands: the common dtype.
static SemExpected<sem::PromotedType>
promoteValues(ValueRange values, const sem::PromotionOptions &o) {
  std::vector<sem::PromotionOperand> ops;
  for (Value v : values) {
    std::optional<sem::PromotionOperand> po = toPromotionOperand(v);
    if (!po)
      return notATensor(v);
    ops.push_back(*po);
  }
  return sem::promote(ops, o);
}

/// The broadcast shape of values already known to be tnp arrays.
static sem::Expected<sem::Shape> broadcastValues(ValueRange values) {
  std::vector<sem::Shape> shapes;
  for (Value v : values)
    shapes.push_back(toShape(cast<RankedTensorType>(v.getType())));
  return sem::broadcastShapes(shapes);
}

SemExpected<RankedTensorType>
mlir::tnp::inferWhereType(Value condition, Value x, Value y,
                          const sem::PromotionOptions &o) {
  if (!toPromotedType(condition.getType()))
    return notATensor(condition);
  SemExpected<sem::PromotedType> t = promoteValues({x, y}, o);
  if (!t)
    return t.error();
  sem::Expected<sem::Shape> s = broadcastValues({condition, x, y});
  if (!s)
    return s.error();
  // TF's where_v2 returns a plain tensor: never weak.
  return checkedType(
      makeTensorType(x.getContext(), *s, sem::PromotedType{t->dtype, false}));
}

SemExpected<RankedTensorType>
mlir::tnp::inferClipType(Value input, Value min, Value max,
                         const sem::PromotionOptions &o) {
  if (!min && !max)
    return sem::Error{sem::ErrorKind::Value, "One of max or min must be given"};
  SmallVector<Value, 3> operands{input};
  if (min)
    operands.push_back(min);
  if (max)
    operands.push_back(max);
  SemExpected<sem::PromotedType> t = promoteValues(operands, o);
  if (!t)
    return t.error();
  sem::Expected<sem::Shape> s = broadcastValues(operands);
  if (!s)
    return s.error();
  return checkedType(makeTensorType(input.getContext(), *s, *t));
}

/// The shapes and the promoted dtype of concatenate's / stack's inputs.
static SemExpected<std::pair<std::vector<sem::Shape>, sem::PromotedType>>
joinOperands(ValueRange inputs, const sem::PromotionOptions &o) {
  std::vector<sem::Shape> shapes;
  for (Value v : inputs) {
    if (!toPromotedType(v.getType()))
      return notATensor(v);
    shapes.push_back(toShape(cast<RankedTensorType>(v.getType())));
  }
  if (inputs.empty())
    return std::make_pair(shapes, sem::PromotedType{});
  SemExpected<sem::PromotedType> t = promoteValues(inputs, o);
  if (!t)
    return t.error();
  return std::make_pair(shapes, *t);
}

SemExpected<RankedTensorType>
mlir::tnp::inferConcatenateType(ValueRange inputs, int64_t axis,
                                const sem::PromotionOptions &o) {
  auto joined = joinOperands(inputs, o);
  if (!joined)
    return joined.error();
  sem::Expected<sem::Shape> s = sem::concatenateShape(joined->first, axis);
  if (!s)
    return s.error();
  return checkedType(
      makeTensorType(inputs[0].getContext(), *s, joined->second));
}

SemExpected<RankedTensorType>
mlir::tnp::inferStackType(ValueRange inputs, int64_t axis,
                          const sem::PromotionOptions &o) {
  auto joined = joinOperands(inputs, o);
  if (!joined)
    return joined.error();
  sem::Expected<sem::Shape> s = sem::stackShape(joined->first, axis);
  if (!s)
    return s.error();
  return checkedType(
      makeTensorType(inputs[0].getContext(), *s, joined->second));
}

SemExpected<std::vector<RankedTensorType>>
mlir::tnp::inferSplitTypes(Value input, const sem::SplitSpec &spec,
                           int64_t axis) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt || !toDType(rt.getElementType()))
    return notATensor(input);
  sem::Expected<std::vector<sem::Shape>> shapes =
      sem::splitShapes(toShape(rt), spec, axis);
  if (!shapes)
    return shapes.error();
  std::vector<RankedTensorType> out;
  for (const sem::Shape &s : *shapes)
    out.push_back(
        RankedTensorType::get(s, rt.getElementType(), rt.getEncoding()));
  return out;
}

SemExpected<std::vector<std::optional<sem::PromotedType>>>
mlir::tnp::getOperandComputeTypes(Operation *op, const sem::PromotionOptions &o) {
  using Result = std::vector<std::optional<sem::PromotedType>>;
  if (auto ufunc = dyn_cast<UfuncOpInterface>(op)) {
    std::vector<sem::PromotionOperand> ops;
    for (Value v : op->getOperands()) {
      std::optional<sem::PromotionOperand> po = toPromotionOperand(v);
      if (!po)
        return notATensor(v);
      ops.push_back(*po);
    }
    sem::Expected<sem::UfuncSignature> sig =
        sem::resolveUfunc(ufunc.getUfunc(), ops, o);
    if (!sig)
      return sig.error();
    return Result(op->getNumOperands(), sig->compute);
  }
  if (isa<SumOp, ProdOp, MeanOp>(op)) {
    std::optional<sem::PromotedType> rt =
        toPromotedType(op->getResult(0).getType());
    if (!rt)
      return notATensor(op->getResult(0));
    return Result{*rt};
  }
  if (isa<MatmulOp, DotOp>(op)) {
    SemExpected<sem::PromotedType> t =
        promotePair(op->getOperand(0), op->getOperand(1), o);
    if (!t)
      return t.error();
    return Result{*t, *t};
  }
  if (isa<ConcatenateOp, StackOp, ClipOp>(op)) {
    SemExpected<sem::PromotedType> t = promoteValues(op->getOperands(), o);
    if (!t)
      return t.error();
    return Result(op->getNumOperands(), *t);
  }
  if (auto where = dyn_cast<WhereOp>(op)) {
    SemExpected<sem::PromotedType> t =
        promoteValues({where.getX(), where.getY()}, o);
    if (!t)
      return t.error();
    // The condition is read by truthiness: astype(bool) is exactly that.
    return Result{strong(sem::DType::Bool), *t, *t};
  }
  return Result(op->getNumOperands(), std::nullopt);
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

/// A Python scalar as an integer of `width` bits with astype's rules (floats
/// truncate toward zero, NaN -> 0, out of range saturates; ints wrap).
static APInt scalarToAPInt(const sem::Scalar &s, unsigned width, bool isSigned) {
  switch (s.kind) {
  case sem::Scalar::Kind::Bool:
    return APInt(width, s.boolValue ? 1 : 0);
  case sem::Scalar::Kind::Int: {
    APInt v(128, s.magnitude);
    if (s.negative)
      v.negate();
    return v.trunc(width);
  }
  case sem::Scalar::Kind::Float:
  case sem::Scalar::Kind::Complex: {
    double d = s.real;
    if (std::isnan(d))
      return APInt(width, 0);
    APFloat f(d);
    APSInt r(width, !isSigned);
    bool exact;
    // convertToInteger saturates out-of-range values and truncates toward 0.
    (void)f.convertToInteger(r, APFloat::rmTowardZero, &exact);
    return r;
  }
  }
  return APInt(width, 0);
}

static APFloat scalarToAPFloat(const sem::Scalar &s,
                               const llvm::fltSemantics &semantics,
                               bool imagPart = false) {
  bool lost;
  switch (s.kind) {
  case sem::Scalar::Kind::Bool: {
    APFloat f(imagPart ? 0.0 : (s.boolValue ? 1.0 : 0.0));
    f.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
    return f;
  }
  case sem::Scalar::Kind::Int: {
    APFloat f(semantics);
    if (imagPart)
      return APFloat::getZero(semantics);
    APInt v(128, s.magnitude);
    if (s.negative)
      v.negate();
    f.convertFromAPInt(v, /*isSigned=*/true, APFloat::rmNearestTiesToEven);
    return f;
  }
  case sem::Scalar::Kind::Float:
  case sem::Scalar::Kind::Complex: {
    APFloat f(imagPart ? s.imag : s.real);
    f.convert(semantics, APFloat::rmNearestTiesToEven, &lost);
    return f;
  }
  }
  return APFloat::getZero(semantics);
}

DenseElementsAttr mlir::tnp::makeDenseAttr(RankedTensorType type,
                                           ArrayRef<sem::Scalar> values) {
  Type et = type.getElementType();
  int64_t n = type.getNumElements();
  auto at = [&](int64_t i) -> const sem::Scalar & {
    return values.size() == 1 ? values[0] : values[i];
  };
  if (values.empty() || (values.size() != 1 && (int64_t)values.size() != n))
    return {};
  // One value: build a splat (DenseElementsAttr::get splats a single value),
  // never one element per position.
  if (values.size() == 1)
    n = 1;
  if (auto it = dyn_cast<IntegerType>(et)) {
    if (it.getWidth() == 1) {
      SmallVector<bool> v;
      for (int64_t i = 0; i < n; ++i) {
        const sem::Scalar &s = at(i);
        v.push_back(s.kind == sem::Scalar::Kind::Bool ? s.boolValue
                    : s.kind == sem::Scalar::Kind::Int
                        ? s.magnitude != 0
                        : (s.real != 0.0 || s.imag != 0.0));
      }
      return DenseElementsAttr::get(type, ArrayRef<bool>(v));
    }
    SmallVector<APInt> v;
    for (int64_t i = 0; i < n; ++i)
      v.push_back(scalarToAPInt(at(i), it.getWidth(), !it.isUnsigned()));
    return DenseElementsAttr::get(type, ArrayRef<APInt>(v));
  }
  if (auto ft = dyn_cast<FloatType>(et)) {
    SmallVector<APFloat> v;
    for (int64_t i = 0; i < n; ++i)
      v.push_back(scalarToAPFloat(at(i), ft.getFloatSemantics()));
    return DenseElementsAttr::get(type, ArrayRef<APFloat>(v));
  }
  if (auto ct = dyn_cast<ComplexType>(et)) {
    const llvm::fltSemantics &fs =
        cast<FloatType>(ct.getElementType()).getFloatSemantics();
    SmallVector<std::complex<APFloat>> v;
    for (int64_t i = 0; i < n; ++i)
      v.emplace_back(scalarToAPFloat(at(i), fs),
                     scalarToAPFloat(at(i), fs, /*imagPart=*/true));
    return DenseElementsAttr::get(type, ArrayRef<std::complex<APFloat>>(v));
  }
  return {};
}

static Value buildConstant(OpBuilder &b, Location loc, RankedTensorType type,
                           ArrayRef<sem::Scalar> values) {
  return ConstantOp::create(b, loc, makeDenseAttr(type, values)).getResult();
}

SemExpected<Value> mlir::tnp::buildLiteral(OpBuilder &b, Location loc,
                                           const sem::Scalar &v,
                                           const sem::PromotionOptions &o) {
  sem::Expected<sem::PromotedType> t = sem::literalType(v, o);
  if (!t)
    return t.error();
  sem::PromotedType weak{t->dtype, true};
  return buildConstant(b, loc, makeTensorType(b.getContext(), {}, weak), {v});
}

SemExpected<Value>
mlir::tnp::buildLiteralList(OpBuilder &b, Location loc,
                            const std::vector<sem::Scalar> &vs,
                            const sem::PromotionOptions &o) {
  sem::Expected<sem::PromotionOperand> op = sem::literalListOperand(vs, o);
  if (!op)
    return op.error();
  if (vs.empty())
    return sem::Error{sem::ErrorKind::Unsupported,
                      "an empty list as a ufunc operand"};
  sem::PromotedType weak{op->type.dtype, true};
  return buildConstant(b, loc,
                       makeTensorType(b.getContext(),
                                      {static_cast<int64_t>(vs.size())}, weak),
                       vs);
}

SemExpected<Value> mlir::tnp::buildAsarray(OpBuilder &b, Location loc,
                                           const std::vector<sem::Scalar> &vs,
                                           ArrayRef<int64_t> shape,
                                           std::optional<sem::DType> dtype,
                                           const sem::PromotionOptions &o,
                                           bool weak) {
  sem::Expected<int64_t> count = sem::checkedNumElements(toVector(shape));
  if (!count)
    return count.error();
  int64_t n = *count;
  if (static_cast<int64_t>(vs.size()) != n)
    return sem::Error{sem::ErrorKind::Value,
                      "asarray: " + std::to_string(vs.size()) +
                          " values do not fill shape " +
                          sem::shapeStr(toVector(shape))};
  sem::PromotedType t;
  if (dtype) {
    t = weak ? sem::PromotedType{*dtype, true} : strong(*dtype);
  } else {
    sem::Expected<sem::PromotedType> inferred = sem::asarrayType(vs, o);
    if (!inferred)
      return inferred.error();
    t = *inferred;
  }
  RankedTensorType type = makeTensorType(b.getContext(), shape, t);
  if (n == 0)
    return ConstantOp::create(
               b, loc, DenseElementsAttr::get(type, ArrayRef<Attribute>{}))
        .getResult();
  return buildConstant(b, loc, type, vs);
}

//===----------------------------------------------------------------------===//
// Computations
//===----------------------------------------------------------------------===//

/// Creates a registered tnp op by name (ufuncs and reductions share C++
/// code through their generic form).
static SemExpected<Value> createByName(OpBuilder &b, Location loc,
                                       StringRef mnemonic, ValueRange operands,
                                       Type resultType,
                                       ArrayRef<NamedAttribute> attrs = {}) {
  std::string name = ("tnp." + mnemonic).str();
  OperationName opName(name, b.getContext());
  if (!opName.isRegistered())
    return sem::Error{sem::ErrorKind::Unsupported,
                      "no tnp op '" + name + "'"};
  OperationState state(loc, opName);
  state.addOperands(operands);
  state.addTypes(resultType);
  state.addAttributes(attrs);
  return b.create(state)->getResult(0);
}

SemExpected<Value> mlir::tnp::buildUfunc(OpBuilder &b, Location loc,
                                         sem::Ufunc u, ValueRange operands,
                                         const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t = inferUfuncType(u, operands, o);
  if (!t)
    return t.error();
  return createByName(b, loc, sem::ufuncName(u), operands, *t);
}

SemExpected<Value> mlir::tnp::buildReduction(OpBuilder &b, Location loc,
                                             sem::Reduction r, Value input,
                                             std::optional<ArrayRef<int64_t>> axes,
                                             bool keepdims,
                                             const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t =
      inferReductionType(r, input, axes, keepdims, o);
  if (!t)
    return t.error();
  SmallVector<NamedAttribute> attrs;
  bool isArg = r == sem::Reduction::ArgMax || r == sem::Reduction::ArgMin;
  if (axes) {
    if (isArg)
      attrs.push_back(b.getNamedAttr("axis", b.getI64IntegerAttr((*axes)[0])));
    else
      attrs.push_back(b.getNamedAttr("axis", b.getDenseI64ArrayAttr(*axes)));
  }
  if (keepdims)
    attrs.push_back(b.getNamedAttr("keepdims", b.getUnitAttr()));
  return createByName(b, loc, sem::reductionName(r), input, *t, attrs);
}

SemExpected<Value> mlir::tnp::buildMatmul(OpBuilder &b, Location loc, Value lhs,
                                          Value rhs,
                                          const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t = inferMatmulType(lhs, rhs, o);
  if (!t)
    return t.error();
  return MatmulOp::create(b, loc, *t, lhs, rhs).getResult();
}

SemExpected<Value> mlir::tnp::buildDot(OpBuilder &b, Location loc, Value lhs,
                                       Value rhs, const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t = inferDotType(lhs, rhs, o);
  if (!t)
    return t.error();
  return DotOp::create(b, loc, *t, lhs, rhs).getResult();
}

SemExpected<Value> mlir::tnp::buildReshape(OpBuilder &b, Location loc,
                                           Value input,
                                           ArrayRef<int64_t> newShape) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  sem::Expected<sem::Shape> s = sem::reshapeShape(toShape(rt), toVector(newShape));
  if (!s)
    return s.error();
  SemExpected<RankedTensorType> type = checkedType(
      RankedTensorType::get(*s, rt.getElementType(), rt.getEncoding()));
  if (!type)
    return type.error();
  return ReshapeOp::create(b, loc, *type, input).getResult();
}

SemExpected<Value> mlir::tnp::buildTranspose(OpBuilder &b, Location loc,
                                             Value input, ArrayRef<int64_t> perm) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  std::vector<int64_t> p = toVector(perm);
  if (p.empty())
    for (int64_t i = rt.getRank() - 1; i >= 0; --i)
      p.push_back(i);
  sem::Expected<std::vector<int64_t>> norm =
      sem::normalizePermutation(p, rt.getRank());
  if (!norm)
    return norm.error();
  sem::Shape s = sem::permuteShape(toShape(rt), *norm);
  auto type = RankedTensorType::get(s, rt.getElementType(), rt.getEncoding());
  return TransposeOp::create(b, loc, type, input,
                             b.getDenseI64ArrayAttr(*norm))
      .getResult();
}

SemExpected<Value> mlir::tnp::buildBroadcastTo(OpBuilder &b, Location loc,
                                               Value input,
                                               ArrayRef<int64_t> shape) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  sem::Expected<bool> ok = sem::checkBroadcastTo(toShape(rt), toVector(shape));
  if (!ok)
    return ok.error();
  SemExpected<RankedTensorType> type = checkedType(
      RankedTensorType::get(shape, rt.getElementType(), rt.getEncoding()));
  if (!type)
    return type.error();
  return BroadcastToOp::create(b, loc, *type, input).getResult();
}

SemExpected<Value> mlir::tnp::buildAstype(OpBuilder &b, Location loc,
                                          Value input, sem::DType dtype) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt || !toDType(rt.getElementType()))
    return notATensor(input);
  return AstypeOp::create(b, loc,
                          makeTensorType(b.getContext(), rt.getShape(),
                                         strong(dtype)),
                          input)
      .getResult();
}

SemExpected<Value> mlir::tnp::buildRavel(OpBuilder &b, Location loc,
                                         Value input, bool fortran) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  if (rt.getRank() == 1)
    return input;
  Value x = input;
  if (fortran && rt.getRank() > 1) {
    SemExpected<Value> t = buildTranspose(b, loc, input, {});
    if (!t)
      return t.error();
    x = *t;
  }
  return buildReshape(b, loc, x, {-1});
}

SemExpected<Value> mlir::tnp::buildMoveaxis(OpBuilder &b, Location loc,
                                            Value input,
                                            ArrayRef<int64_t> source,
                                            ArrayRef<int64_t> destination) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  sem::Expected<std::vector<int64_t>> perm = sem::moveaxisPermutation(
      rt.getRank(), toVector(source), toVector(destination));
  if (!perm)
    return perm.error();
  return buildTranspose(b, loc, input, *perm);
}

SemExpected<Value> mlir::tnp::buildSwapaxes(OpBuilder &b, Location loc,
                                            Value input, int64_t axis1,
                                            int64_t axis2) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  sem::Expected<std::vector<int64_t>> perm =
      sem::swapaxesPermutation(rt.getRank(), axis1, axis2);
  if (!perm)
    return perm.error();
  return buildTranspose(b, loc, input, *perm);
}

SemExpected<Value> mlir::tnp::buildExpandDims(OpBuilder &b, Location loc,
                                              Value input,
                                              ArrayRef<int64_t> axes) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  sem::Expected<std::vector<int64_t>> norm =
      sem::expandDimsAxes(toVector(axes), rt.getRank());
  if (!norm)
    return norm.error();
  sem::Shape s = sem::expandDimsShape(toShape(rt), *norm);
  auto type = RankedTensorType::get(s, rt.getElementType(), rt.getEncoding());
  return ExpandDimsOp::create(b, loc, type, input,
                              b.getDenseI64ArrayAttr(*norm))
      .getResult();
}

SemExpected<Value>
mlir::tnp::buildSqueeze(OpBuilder &b, Location loc, Value input,
                        std::optional<ArrayRef<int64_t>> axes) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return notATensor(input);
  std::optional<std::vector<int64_t>> raw;
  if (axes)
    raw = toVector(*axes);
  sem::Expected<std::vector<int64_t>> norm = sem::squeezeAxes(toShape(rt), raw);
  if (!norm)
    return norm.error();
  sem::Shape s = sem::squeezeShape(toShape(rt), *norm);
  // A squeezed dynamic dim is 1 once the run-time check passed.
  auto type = RankedTensorType::get(s, rt.getElementType(), rt.getEncoding());
  return SqueezeOp::create(b, loc, type, input, b.getDenseI64ArrayAttr(*norm))
      .getResult();
}

SemExpected<Value> mlir::tnp::buildConcatenate(OpBuilder &b, Location loc,
                                               ValueRange inputs,
                                               std::optional<int64_t> axis,
                                               const sem::PromotionOptions &o) {
  SmallVector<Value> operands(inputs);
  if (!axis) {
    // axis=None: the arrays flattened, then joined along axis 0.
    if (operands.empty())
      return sem::Error{sem::ErrorKind::Value,
                        "need at least one array to concatenate"};
    for (Value &v : operands) {
      SemExpected<Value> flat = buildRavel(b, loc, v);
      if (!flat)
        return flat.error();
      v = *flat;
    }
  }
  int64_t ax = axis.value_or(0);
  SemExpected<RankedTensorType> t = inferConcatenateType(operands, ax, o);
  if (!t)
    return t.error();
  // inferConcatenateType checked the axis against the rank.
  ax = ax < 0 ? ax + t->getRank() : ax;
  return ConcatenateOp::create(b, loc, *t, operands, b.getI64IntegerAttr(ax))
      .getResult();
}

SemExpected<Value> mlir::tnp::buildStack(OpBuilder &b, Location loc,
                                         ValueRange inputs, int64_t axis,
                                         const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t = inferStackType(inputs, axis, o);
  if (!t)
    return t.error();
  int64_t ax = axis < 0 ? axis + t->getRank() : axis;
  return StackOp::create(b, loc, *t, inputs, b.getI64IntegerAttr(ax))
      .getResult();
}

SemExpected<SmallVector<Value>>
mlir::tnp::buildSplit(OpBuilder &b, Location loc, Value input,
                      const sem::SplitSpec &spec, int64_t axis) {
  SemExpected<std::vector<RankedTensorType>> types =
      inferSplitTypes(input, spec, axis);
  if (!types)
    return types.error();
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  int64_t ax = axis < 0 ? axis + rank : axis;
  SmallVector<Type> resultTypes(types->begin(), types->end());
  IntegerAttr sections =
      spec.sections ? b.getI64IntegerAttr(*spec.sections) : IntegerAttr();
  DenseI64ArrayAttr indices = spec.sections
                                  ? DenseI64ArrayAttr()
                                  : b.getDenseI64ArrayAttr(spec.indices);
  auto op = SplitOp::create(b, loc, resultTypes, input, sections, indices,
                            b.getI64IntegerAttr(ax));
  return SmallVector<Value>(op.getResults());
}

SemExpected<Value> mlir::tnp::buildWhere(OpBuilder &b, Location loc,
                                         Value condition, Value x, Value y,
                                         const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t = inferWhereType(condition, x, y, o);
  if (!t)
    return t.error();
  return WhereOp::create(b, loc, *t, condition, x, y).getResult();
}

SemExpected<Value> mlir::tnp::buildClip(OpBuilder &b, Location loc, Value input,
                                        Value min, Value max,
                                        const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t = inferClipType(input, min, max, o);
  if (!t)
    return t.error();
  return ClipOp::create(b, loc, *t, input, min, max).getResult();
}

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

static SemExpected<RankedTensorType>
creationType(OpBuilder &b, ArrayRef<int64_t> shape, sem::DType dtype) {
  for (int64_t d : shape)
    if (d < 0)
      return sem::Error{sem::ErrorKind::Value,
                        "negative dimensions are not allowed (shape " +
                            sem::shapeStr(toVector(shape)) + ")"};
  return checkedType(makeTensorType(b.getContext(), shape, strong(dtype)));
}

SemExpected<Value> mlir::tnp::buildFill(OpBuilder &b, Location loc,
                                        FillKind kind, ArrayRef<int64_t> shape,
                                        std::optional<sem::DType> dtype,
                                        const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t =
      creationType(b, shape, dtype.value_or(defaultFloat(o)));
  if (!t)
    return t.error();
  switch (kind) {
  case FillKind::Zeros:
    return ZerosOp::create(b, loc, *t, ValueRange{}).getResult();
  case FillKind::Ones:
    return OnesOp::create(b, loc, *t, ValueRange{}).getResult();
  case FillKind::Empty:
    return EmptyOp::create(b, loc, *t, ValueRange{}).getResult();
  }
  return sem::Error{sem::ErrorKind::Unsupported, "unknown fill kind"};
}

static SemExpected<sem::DType> scalarValueDType(Value value) {
  auto rt = dyn_cast<RankedTensorType>(value.getType());
  if (!rt || !toDType(rt.getElementType()))
    return notATensor(value);
  if (rt.getRank() != 0)
    return sem::Error{sem::ErrorKind::Value,
                      "the fill value must be a scalar, got shape " +
                          sem::shapeStr(toShape(rt))};
  return *toDType(rt.getElementType());
}

SemExpected<Value> mlir::tnp::buildFull(OpBuilder &b, Location loc,
                                        ArrayRef<int64_t> shape, Value value,
                                        std::optional<sem::DType> dtype,
                                        const sem::PromotionOptions &) {
  SemExpected<sem::DType> vt = scalarValueDType(value);
  if (!vt)
    return vt.error();
  SemExpected<RankedTensorType> t = creationType(b, shape, dtype.value_or(*vt));
  if (!t)
    return t.error();
  return FullOp::create(b, loc, *t, value, ValueRange{}).getResult();
}

SemExpected<Value> mlir::tnp::buildFillLike(OpBuilder &b, Location loc,
                                            FillKind kind, Value input,
                                            std::optional<sem::DType> dtype) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt || !toDType(rt.getElementType()))
    return notATensor(input);
  RankedTensorType t = makeTensorType(
      b.getContext(), rt.getShape(),
      strong(dtype.value_or(*toDType(rt.getElementType()))));
  switch (kind) {
  case FillKind::Zeros:
    return ZerosLikeOp::create(b, loc, t, input).getResult();
  case FillKind::Ones:
    return OnesLikeOp::create(b, loc, t, input).getResult();
  case FillKind::Empty:
    return EmptyLikeOp::create(b, loc, t, input).getResult();
  }
  return sem::Error{sem::ErrorKind::Unsupported, "unknown fill kind"};
}

SemExpected<Value> mlir::tnp::buildFullLike(OpBuilder &b, Location loc,
                                            Value input, Value value,
                                            std::optional<sem::DType> dtype) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt || !toDType(rt.getElementType()))
    return notATensor(input);
  SemExpected<sem::DType> vt = scalarValueDType(value);
  if (!vt)
    return vt.error();
  RankedTensorType t = makeTensorType(
      b.getContext(), rt.getShape(),
      strong(dtype.value_or(*toDType(rt.getElementType()))));
  return FullLikeOp::create(b, loc, t, input, value).getResult();
}

SemExpected<int64_t> mlir::tnp::arangeLength(Attribute start, Attribute stop,
                                             Attribute step) {
  auto ia = dyn_cast<IntegerAttr>(start), ib = dyn_cast<IntegerAttr>(stop),
       ic = dyn_cast<IntegerAttr>(step);
  if (ia && ib && ic) {
    int64_t s0 = ia.getInt(), s1 = ib.getInt(), st = ic.getInt();
    if (st == 0)
      return sem::Error{sem::ErrorKind::Value, "arange: step must not be zero"};
    // ceil((stop - start) / step) in exact integer arithmetic.
    __int128 span = static_cast<__int128>(s1) - s0;
    __int128 q = span / st, r = span % st;
    if (r != 0 && ((r > 0) == (st > 0)))
      ++q;
    if (q > static_cast<__int128>(INT64_MAX))
      return sem::Error{sem::ErrorKind::Value,
                        "arange: the length does not fit in int64"};
    return q > 0 ? static_cast<int64_t>(q) : int64_t(0);
  }
  auto asDouble = [](Attribute a) -> std::optional<double> {
    if (auto f = dyn_cast<FloatAttr>(a))
      return f.getValueAsDouble();
    if (auto i = dyn_cast<IntegerAttr>(a))
      return static_cast<double>(i.getInt());
    return std::nullopt;
  };
  std::optional<double> d0 = asDouble(start), d1 = asDouble(stop),
                        d2 = asDouble(step);
  if (!d0 || !d1 || !d2)
    return sem::Error{sem::ErrorKind::Value,
                      "arange bounds must be integers or floats"};
  if (*d2 == 0.0)
    return sem::Error{sem::ErrorKind::Value, "arange: step must not be zero"};
  double n = std::ceil((*d1 - *d0) / *d2);
  if (!std::isfinite(n) || n > 9.0e18)
    return sem::Error{sem::ErrorKind::Value,
                      "arange: the length is not a finite int64"};
  return n > 0 ? static_cast<int64_t>(n) : int64_t(0);
}

static TypedAttr scalarAttr(OpBuilder &b, const sem::Scalar &s, bool asInt) {
  if (asInt && s.kind != sem::Scalar::Kind::Float &&
      s.kind != sem::Scalar::Kind::Complex)
    return b.getI64IntegerAttr(s.asInt64().value_or(0));
  return b.getF64FloatAttr(s.asDouble());
}

SemExpected<Value> mlir::tnp::buildArange(OpBuilder &b, Location loc,
                                          const sem::Scalar &start,
                                          const sem::Scalar &stop,
                                          const sem::Scalar &step,
                                          std::optional<sem::DType> dtype,
                                          const sem::PromotionOptions &o) {
  for (const sem::Scalar *s : {&start, &stop, &step}) {
    if (s->kind == sem::Scalar::Kind::Complex)
      return sem::Error{sem::ErrorKind::Unsupported,
                        "arange with complex bounds"};
    if (s->kind == sem::Scalar::Kind::Int && !s->asInt64())
      return sem::Error{sem::ErrorKind::Overflow,
                        "arange bound " + s->str() + " does not fit in int64"};
  }
  sem::PromotedType t;
  if (dtype) {
    t = strong(*dtype);
  } else {
    std::vector<sem::PromotionOperand> ops;
    for (const sem::Scalar *s : {&start, &stop, &step}) {
      sem::Expected<sem::PromotionOperand> op = sem::literalOperand(*s, o);
      if (!op)
        return op.error();
      ops.push_back(*op);
    }
    sem::Expected<sem::PromotedType> p = sem::promote(ops, o);
    if (!p)
      return p.error();
    t = *p;
    // A created array is weak only in the auto modes (TF's WeakTensor).
    t.weak = o.isAuto();
  }
  bool asInt = sem::isInteger(t.dtype) || t.dtype == sem::DType::Bool;
  bool allInt = asInt || (start.kind == sem::Scalar::Kind::Int &&
                          stop.kind == sem::Scalar::Kind::Int &&
                          step.kind == sem::Scalar::Kind::Int);
  TypedAttr a0 = scalarAttr(b, start, allInt), a1 = scalarAttr(b, stop, allInt),
            a2 = scalarAttr(b, step, allInt);
  SemExpected<int64_t> n = arangeLength(a0, a1, a2);
  if (!n)
    return n.error();
  SemExpected<RankedTensorType> type =
      checkedType(makeTensorType(b.getContext(), {*n}, t));
  if (!type)
    return type.error();
  return ArangeOp::create(b, loc, *type, a0, a1, a2).getResult();
}

SemExpected<Value> mlir::tnp::buildLinspace(OpBuilder &b, Location loc,
                                            double start, double stop,
                                            int64_t num, bool endpoint,
                                            std::optional<sem::DType> dtype,
                                            const sem::PromotionOptions &o) {
  if (num < 0)
    return sem::Error{sem::ErrorKind::Value,
                      "number of samples, " + std::to_string(num) +
                          ", must be non-negative"};
  SemExpected<RankedTensorType> t =
      creationType(b, {num}, dtype.value_or(defaultFloat(o)));
  if (!t)
    return t.error();
  return LinspaceOp::create(b, loc, *t, b.getF64FloatAttr(start),
                            b.getF64FloatAttr(stop), b.getBoolAttr(endpoint))
      .getResult();
}

SemExpected<Value> mlir::tnp::buildEye(OpBuilder &b, Location loc, int64_t n,
                                       std::optional<int64_t> m, int64_t k,
                                       std::optional<sem::DType> dtype,
                                       const sem::PromotionOptions &o) {
  SemExpected<RankedTensorType> t =
      creationType(b, {n, m.value_or(n)}, dtype.value_or(defaultFloat(o)));
  if (!t)
    return t.error();
  return EyeOp::create(b, loc, *t, b.getI64IntegerAttr(k)).getResult();
}
