//===- TNPOps.cpp - tnp op verifiers and custom syntax ---------------------===//
//
// Part of tnp. Every verifier calls the semantics library (through the type
// inference of TNPBuilders.cpp) so the rules live in one place; messages are
// prefixed with the error kind of SPEC.md policy rule 6.
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPOps.h"
#include "TNP/IR/TNPBuilders.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>


using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;

//===----------------------------------------------------------------------===//
// Dialect-wide invariants
//===----------------------------------------------------------------------===//

static LogicalResult verifyOneType(Operation *op, Type t, StringRef what,
                                   unsigned idx) {
  if (isa<IndexType>(t))
    return success();
  auto rt = dyn_cast<RankedTensorType>(t);
  if (!rt)
    return op->emitOpError() << what << " #" << idx
                             << " must be a ranked tensor, got " << t;
  if (rt.getEncoding() && !isa<WeakAttr>(rt.getEncoding()))
    return op->emitOpError() << what << " #" << idx
                             << " has an unknown tensor encoding "
                             << rt.getEncoding()
                             << " (only #tnp.weak is allowed)";
  std::optional<sem::DType> dt = toDType(rt.getElementType());
  if (!dt)
    return op->emitOpError()
           << "dtype error: illegal dtype " << rt.getElementType() << " of "
           << what << " #" << idx
           << "; tnp dtypes are i1 (bool), si8-si64, ui8-ui64, f16, bf16, "
              "f32, f64, complex<f32>, complex<f64>";
  sem::Expected<int64_t> size =
      sem::checkedNumElements(toShape(rt), sem::byteSize(*dt));
  if (!size)
    return emitSemanticsError(op, size.error());
  return success();
}

LogicalResult mlir::tnp::detail::verifyTensorTypes(Operation *op) {
  for (auto [i, t] : llvm::enumerate(op->getOperandTypes()))
    if (failed(verifyOneType(op, t, "operand", i)))
      return failure();
  for (auto [i, t] : llvm::enumerate(op->getResultTypes()))
    if (failed(verifyOneType(op, t, "result", i)))
      return failure();
  return success();
}

/// Checks that the op's single result has the type the semantics library
/// infers, or reports the library's error.
static LogicalResult checkInferred(Operation *op,
                                   const SemExpected<RankedTensorType> &inferred) {
  if (!inferred)
    return emitSemanticsError(op, inferred.error());
  Type actual = op->getResult(0).getType();
  if (actual != *inferred)
    return op->emitOpError()
           << "result type " << actual << " does not match the inferred type "
           << *inferred << " (" << describeType(*inferred) << ")";
  return success();
}

LogicalResult mlir::tnp::detail::verifyUfuncOp(Operation *op) {
  auto ufunc = cast<UfuncOpInterface>(op);
  return checkInferred(op, inferUfuncType(ufunc.getUfunc(), op->getOperands(),
                                          getPromotionOptions(op)));
}

//===----------------------------------------------------------------------===//
// Constants and creation
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  auto type = cast<RankedTensorType>(getType());
  ShapedType valueType = getValue().getShapedType();
  if (valueType != type)
    return emitOpError() << "value type " << valueType
                         << " does not match the result type " << type;
  if (!isWeak(type))
    return success();
  if (type.getRank() > 1)
    return emitOpError() << "a weak constant (a Python literal or a flat list "
                            "of literals) must be 0-d or 1-d, got "
                         << type;
  sem::PromotionOptions o = getPromotionOptions(*this);
  sem::DType dt = *toDType(type.getElementType());
  using D = sem::DType;
  bool ok;
  if (o.isAuto())
    ok = dt == D::Int32 || dt == D::Int64 || dt == D::Float32 ||
         dt == D::Float64 || dt == D::Complex128;
  else
    ok = dt == D::Bool || dt == D::Int64 || dt == D::UInt64 ||
         dt == D::Float64 || dt == D::Complex128 ||
         (o.preferFloat32 && (dt == D::Float32 || dt == D::Complex64));
  if (!ok)
    return emitOpError() << "a weak literal cannot have dtype "
                         << sem::dtypeName(dt) << " in promotion mode "
                         << sem::promotionModeName(o.mode)
                         << (o.preferFloat32 ? " with prefer_float32" : "");
  return success();
}

ParseResult ConstantOp::parse(OpAsmParser &parser, OperationState &result) {
  ElementsAttr value;
  if (parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseAttribute(value, "value", result.attributes))
    return failure();
  result.addTypes(value.getType());
  return success();
}

void ConstantOp::print(OpAsmPrinter &p) {
  p.printOptionalAttrDict((*this)->getAttrs(), /*elidedAttrs=*/{"value"});
  p << ' ';
  p.printAttribute(getValue());
}

/// One index operand per dynamic dimension of the result.
static LogicalResult verifyDynamicSizes(Operation *op, RankedTensorType type,
                                        ValueRange sizes) {
  if (static_cast<int64_t>(sizes.size()) != type.getNumDynamicDims())
    return op->emitOpError()
           << "expects one size operand per dynamic dimension of " << type
           << " (" << type.getNumDynamicDims() << "), got " << sizes.size();
  for (int64_t d : type.getShape())
    if (d < 0 && d != ShapedType::kDynamic)
      return op->emitOpError() << "value error: negative dimensions are not "
                                  "allowed";
  return success();
}

static LogicalResult verifyFill(Operation *op, Type resultType,
                                ValueRange sizes) {
  return verifyDynamicSizes(op, cast<RankedTensorType>(resultType), sizes);
}

LogicalResult ZerosOp::verify() {
  return verifyFill(*this, getType(), getDynamicSizes());
}
LogicalResult OnesOp::verify() {
  return verifyFill(*this, getType(), getDynamicSizes());
}
LogicalResult EmptyOp::verify() {
  return verifyFill(*this, getType(), getDynamicSizes());
}

static LogicalResult verifyScalarValue(Operation *op, Value v) {
  if (cast<RankedTensorType>(v.getType()).getRank() != 0)
    return op->emitOpError() << "value error: the fill value must be 0-d, got "
                             << describeType(v.getType());
  return success();
}

LogicalResult FullOp::verify() {
  if (failed(verifyScalarValue(*this, getValue())))
    return failure();
  return verifyFill(*this, getType(), getDynamicSizes());
}

static LogicalResult verifyLike(Operation *op, Value input, Type resultType) {
  auto in = cast<RankedTensorType>(input.getType());
  auto out = cast<RankedTensorType>(resultType);
  if (in.getShape() != out.getShape())
    return op->emitOpError() << "shape error: result shape "
                             << sem::shapeStr(toShape(out))
                             << " differs from the input shape "
                             << sem::shapeStr(toShape(in));
  return success();
}

LogicalResult ZerosLikeOp::verify() {
  return verifyLike(*this, getInput(), getType());
}
LogicalResult OnesLikeOp::verify() {
  return verifyLike(*this, getInput(), getType());
}
LogicalResult EmptyLikeOp::verify() {
  return verifyLike(*this, getInput(), getType());
}
LogicalResult FullLikeOp::verify() {
  if (failed(verifyScalarValue(*this, getValue())))
    return failure();
  return verifyLike(*this, getInput(), getType());
}

/// Requires a static 1-D result; returns its length.
static FailureOr<int64_t> staticVectorLength(Operation *op, Type t) {
  auto rt = cast<RankedTensorType>(t);
  if (rt.getRank() != 1 || rt.isDynamicDim(0))
    return op->emitOpError() << "expects a static 1-D result, got " << t;
  return rt.getDimSize(0);
}

/// An integer or float attribute as Python would print the number.
static std::string numberStr(Attribute a) {
  if (auto i = dyn_cast<IntegerAttr>(a))
    return std::to_string(i.getInt());
  if (auto f = dyn_cast<FloatAttr>(a)) {
    SmallString<16> s;
    f.getValue().toString(s);
    return std::string(s);
  }
  return "?";
}

LogicalResult ArangeOp::verify() {
  FailureOr<int64_t> len = staticVectorLength(*this, getType());
  if (failed(len))
    return failure();
  SemExpected<int64_t> expected = arangeLength(getStart(), getStop(), getStep());
  if (!expected)
    return emitSemanticsError(*this, expected.error());
  if (*expected != *len)
    return emitOpError() << "shape error: arange(" << numberStr(getStart())
                         << ", " << numberStr(getStop()) << ", "
                         << numberStr(getStep()) << ") has "
                         << *expected << " elements, but the result type has "
                         << *len;
  return success();
}

LogicalResult LinspaceOp::verify() {
  if (failed(staticVectorLength(*this, getType())))
    return failure();
  return success();
}

LogicalResult EyeOp::verify() {
  auto rt = cast<RankedTensorType>(getType());
  if (rt.getRank() != 2 || !rt.hasStaticShape())
    return emitOpError() << "expects a static 2-D result, got " << rt;
  return success();
}

/// The result of a random op: a float dtype, one size per dynamic dim.
static LogicalResult verifyRandom(Operation *op, Type resultType,
                                  ValueRange sizes) {
  auto rt = cast<RankedTensorType>(resultType);
  std::optional<sem::DType> dt = toDType(rt.getElementType());
  if (!dt || !sem::isFloat(*dt))
    return op->emitOpError()
           << "dtype error: random numbers are float16, bfloat16, float32 or "
              "float64, got "
           << describeType(resultType);
  return verifyDynamicSizes(op, rt, sizes);
}

LogicalResult RandomUniformOp::verify() {
  if (!std::isfinite(getLow().convertToDouble()) ||
      !std::isfinite(getHigh().convertToDouble()))
    return emitOpError() << "value error: low and high must be finite";
  return verifyRandom(*this, getType(), getDynamicSizes());
}

LogicalResult RandomNormalOp::verify() {
  if (getStddev().convertToDouble() < 0)
    return emitOpError() << "value error: scale < 0";
  return verifyRandom(*this, getType(), getDynamicSizes());
}

//===----------------------------------------------------------------------===//
// Conversion, reductions, linear algebra, shapes
//===----------------------------------------------------------------------===//

LogicalResult AstypeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getType());
  if (in.getShape() != out.getShape())
    return emitOpError() << "shape error: astype keeps the shape; input "
                         << sem::shapeStr(toShape(in)) << ", result "
                         << sem::shapeStr(toShape(out));
  return success();
}

template <typename OpTy>
static LogicalResult verifyReduction(OpTy op) {
  std::optional<ArrayRef<int64_t>> axes;
  if (op.getAxis())
    axes = *op.getAxis();
  return checkInferred(op, inferReductionType(OpTy::getReduction(),
                                              op.getInput(), axes,
                                              op.getKeepdims(),
                                              getPromotionOptions(op)));
}

LogicalResult SumOp::verify() { return verifyReduction(*this); }
LogicalResult ProdOp::verify() { return verifyReduction(*this); }
LogicalResult MeanOp::verify() { return verifyReduction(*this); }
LogicalResult MaxOp::verify() { return verifyReduction(*this); }
LogicalResult MinOp::verify() { return verifyReduction(*this); }
LogicalResult AnyOp::verify() { return verifyReduction(*this); }
LogicalResult AllOp::verify() { return verifyReduction(*this); }

template <typename OpTy>
static LogicalResult verifyArgReduction(OpTy op) {
  std::optional<ArrayRef<int64_t>> axes;
  int64_t axis = 0;
  if (std::optional<int64_t> a = op.getAxis()) {
    axis = *a;
    axes = ArrayRef<int64_t>(axis);
  }
  return checkInferred(op, inferReductionType(OpTy::getReduction(),
                                              op.getInput(), axes,
                                              op.getKeepdims(),
                                              getPromotionOptions(op)));
}

LogicalResult ArgMaxOp::verify() { return verifyArgReduction(*this); }
LogicalResult ArgMinOp::verify() { return verifyArgReduction(*this); }

LogicalResult MatmulOp::verify() {
  return checkInferred(*this, inferMatmulType(getLhs(), getRhs(),
                                              getPromotionOptions(*this)));
}

LogicalResult DotOp::verify() {
  return checkInferred(*this, inferDotType(getLhs(), getRhs(),
                                           getPromotionOptions(*this)));
}

/// Shape ops keep the dtype (and weakness).
static LogicalResult verifySameDType(Operation *op, Value input, Type result) {
  auto in = cast<RankedTensorType>(input.getType());
  auto out = cast<RankedTensorType>(result);
  if (in.getElementType() != out.getElementType() ||
      in.getEncoding() != out.getEncoding())
    return op->emitOpError() << "dtype error: the result dtype "
                             << describeType(out)
                             << " differs from the input dtype "
                             << describeType(in);
  return success();
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifySameDType(*this, getInput(), getType())))
    return failure();
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getType());
  if (!getDynamicSizes().empty()) {
    // Run-time sizes: one per `?`; the checks run at run time.
    if (static_cast<int64_t>(getDynamicSizes().size()) != out.getNumDynamicDims())
      return emitOpError() << "expects one size operand per dynamic dimension "
                              "of the result ("
                           << out.getNumDynamicDims() << "), got "
                           << getDynamicSizes().size();
    std::vector<int64_t> known;
    for (int64_t d : out.getShape())
      if (!ShapedType::isDynamic(d))
        known.push_back(d);
    sem::Expected<int64_t> n = sem::checkedNumElements(known);
    if (!n)
      return emitSemanticsError(*this, n.error());
    return success();
  }
  if (out.getNumDynamicDims() > 1)
    return emitOpError() << "value error: can only specify one unknown "
                            "dimension, got "
                         << sem::shapeStr(toShape(out))
                         << " (pass the run-time sizes as operands)";
  if (in.hasStaticShape()) {
    // A `?` in the result of a static reshape is NumPy's -1: it must be the
    // one size that fits.
    std::vector<int64_t> target;
    for (int64_t d : out.getShape())
      target.push_back(ShapedType::isDynamic(d) ? -1 : d);
    sem::Expected<sem::Shape> resolved = sem::reshapeShape(toShape(in), target);
    if (!resolved)
      return emitSemanticsError(*this, resolved.error());
  }
  return success();
}

LogicalResult TransposeOp::verify() {
  if (failed(verifySameDType(*this, getInput(), getType())))
    return failure();
  auto in = cast<RankedTensorType>(getInput().getType());
  std::vector<int64_t> perm(getPermutation().begin(), getPermutation().end());
  sem::Expected<std::vector<int64_t>> norm =
      sem::normalizePermutation(perm, in.getRank());
  if (!norm)
    return emitSemanticsError(*this, norm.error());
  if (*norm != perm)
    return emitOpError() << "the permutation must be normalized (0 <= axis < "
                         << in.getRank() << "), got " << getPermutationAttr();
  sem::Shape expected = sem::permuteShape(toShape(in), *norm);
  if (toShape(cast<RankedTensorType>(getType())) != expected)
    return emitOpError() << "shape error: transposing "
                         << sem::shapeStr(toShape(in)) << " by "
                         << getPermutationAttr() << " gives "
                         << sem::shapeStr(expected) << ", but the result is "
                         << describeType(getType());
  return success();
}

LogicalResult BroadcastToOp::verify() {
  if (failed(verifySameDType(*this, getInput(), getType())))
    return failure();
  auto in = cast<RankedTensorType>(getInput().getType());
  auto out = cast<RankedTensorType>(getType());
  sem::Expected<bool> ok = sem::checkBroadcastTo(toShape(in), toShape(out));
  if (!ok)
    return emitSemanticsError(*this, ok.error());
  if (!getDynamicSizes().empty()) {
    if (static_cast<int64_t>(getDynamicSizes().size()) != out.getNumDynamicDims())
      return emitOpError() << "expects one size operand per dynamic dimension "
                              "of the result ("
                           << out.getNumDynamicDims() << "), got "
                           << getDynamicSizes().size();
    return success();
  }
  // Without size operands a dynamic result dim must come from a dynamic
  // input dim (nothing else determines its size).
  for (int64_t i = 0; i < out.getRank(); ++i) {
    int64_t j = i - (out.getRank() - in.getRank());
    if (out.isDynamicDim(i) && (j < 0 || !in.isDynamicDim(j)))
      return emitOpError() << "broadcast error: result dim " << i
                           << " is dynamic but no dynamic input dim "
                              "determines it";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

LogicalResult WhereOp::verify() {
  return checkInferred(*this, inferWhereType(getCondition(), getX(), getY(),
                                             getPromotionOptions(*this)));
}

LogicalResult ClipOp::verify() {
  return checkInferred(*this, inferClipType(getInput(), getMin(), getMax(),
                                            getPromotionOptions(*this)));
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

/// Checks that a result has the expected shape (the dtype is checked
/// separately).
static LogicalResult checkShape(Operation *op, Type result,
                                const sem::Shape &expected, StringRef what) {
  if (toShape(cast<RankedTensorType>(result)) == expected)
    return success();
  return op->emitOpError() << "shape error: " << what << " gives "
                           << sem::shapeStr(expected) << ", but the result is "
                           << describeType(result);
}

LogicalResult ExpandDimsOp::verify() {
  if (failed(verifySameDType(*this, getInput(), getType())))
    return failure();
  auto in = cast<RankedTensorType>(getInput().getType());
  std::vector<int64_t> axes(getAxes().begin(), getAxes().end());
  sem::Expected<std::vector<int64_t>> norm =
      sem::expandDimsAxes(axes, in.getRank());
  if (!norm)
    return emitSemanticsError(*this, norm.error());
  if (*norm != axes)
    return emitOpError() << "the axes must be normalized (sorted, 0 <= axis < "
                         << in.getRank() + int64_t(axes.size()) << "), got "
                         << getAxesAttr();
  return checkShape(*this, getType(), sem::expandDimsShape(toShape(in), axes),
                    "expand_dims");
}

LogicalResult SqueezeOp::verify() {
  if (failed(verifySameDType(*this, getInput(), getType())))
    return failure();
  auto in = cast<RankedTensorType>(getInput().getType());
  std::vector<int64_t> axes(getAxes().begin(), getAxes().end());
  sem::Expected<std::vector<int64_t>> norm =
      sem::squeezeAxes(toShape(in), axes);
  if (!norm)
    return emitSemanticsError(*this, norm.error());
  if (*norm != axes)
    return emitOpError() << "the axes must be normalized (sorted, 0 <= axis < "
                         << in.getRank() << "), got " << getAxesAttr();
  return checkShape(*this, getType(), sem::squeezeShape(toShape(in), axes),
                    "squeeze");
}

/// concatenate and stack: a normalized axis for a result of `rank`.
static LogicalResult checkJoinAxis(Operation *op, int64_t axis, int64_t rank) {
  if (axis < 0 || axis >= rank)
    return op->emitOpError() << "the axis must be normalized (0 <= axis < "
                             << rank << "), got " << axis;
  return success();
}

LogicalResult ConcatenateOp::verify() {
  SemExpected<RankedTensorType> t =
      inferConcatenateType(getInputs(), getAxis(), getPromotionOptions(*this));
  if (failed(checkInferred(*this, t)))
    return failure();
  return checkJoinAxis(*this, getAxis(), t->getRank());
}

LogicalResult StackOp::verify() {
  SemExpected<RankedTensorType> t =
      inferStackType(getInputs(), getAxis(), getPromotionOptions(*this));
  if (failed(checkInferred(*this, t)))
    return failure();
  return checkJoinAxis(*this, getAxis(), t->getRank());
}

sem::SplitSpec SplitOp::getSplitSpec() {
  sem::SplitSpec spec;
  if (std::optional<int64_t> n = getSections())
    spec.sections = *n;
  else if (std::optional<ArrayRef<int64_t>> idx = getIndices())
    spec.indices.assign(idx->begin(), idx->end());
  return spec;
}

LogicalResult SplitOp::verify() {
  if (getSections().has_value() == getIndices().has_value())
    return emitOpError() << "expects exactly one of `sections` and `indices`";
  auto in = cast<RankedTensorType>(getInput().getType());
  // The piece count first: the inference builds one type per piece.
  sem::SplitSpec spec = getSplitSpec();
  if (spec.count() > 0 && spec.count() != int64_t(getNumResults()))
    return emitOpError() << "shape error: the split gives " << spec.count()
                         << " pieces, but the op has " << getNumResults()
                         << " results";
  SemExpected<std::vector<RankedTensorType>> types =
      inferSplitTypes(getInput(), spec, getAxis());
  if (!types)
    return emitSemanticsError(*this, types.error());
  if (getAxis() < 0 || getAxis() >= in.getRank())
    return emitOpError() << "the axis must be normalized (0 <= axis < "
                         << in.getRank() << "), got " << getAxis();
  for (auto [i, want, got] : llvm::enumerate(*types, getResultTypes()))
    if (want != got)
      return emitOpError() << "result #" << i << " has type " << got
                           << ", but the split gives " << want << " ("
                           << describeType(want) << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// An integer (`2`, `-3`) or float (`0.5`, `1.0e+20`) attribute without a
/// type suffix: integers become i64 attributes, floats f64.
static ParseResult parseNumber(OpAsmParser &parser, Attribute &attr) {
  Builder &b = parser.getBuilder();
  APInt intValue;
  OptionalParseResult ir = parser.parseOptionalInteger(intValue);
  if (ir.has_value()) {
    if (failed(*ir))
      return failure();
    if (intValue.getSignificantBits() > 64)
      return parser.emitError(parser.getCurrentLocation(),
                              "integer does not fit in 64 bits");
    attr = b.getI64IntegerAttr(intValue.getSExtValue());
    return success();
  }
  double d;
  if (parser.parseFloat(d))
    return failure();
  attr = b.getF64FloatAttr(d);
  return success();
}

static void printNumber(OpAsmPrinter &p, Operation *, Attribute attr) {
  if (auto i = dyn_cast<IntegerAttr>(attr)) {
    p << i.getInt();
    return;
  }
  if (auto f = dyn_cast<FloatAttr>(attr)) {
    p.printFloat(f.getValue());
    return;
  }
  p << attr;
}

#include "TNP/IR/TNPInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "TNP/IR/TNPOps.cpp.inc"
