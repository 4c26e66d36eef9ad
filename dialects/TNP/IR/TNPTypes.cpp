//===- TNPTypes.cpp - Mapping between MLIR types and tnp dtypes ---------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPTypes.h"
#include "TNP/IR/TNPDialect.h"
#include "TNP/IR/TNPOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;

std::optional<sem::DType> mlir::tnp::toDType(Type t) {
  if (auto it = dyn_cast<IntegerType>(t)) {
    unsigned w = it.getWidth();
    if (w == 1)
      return it.isSignless() ? std::optional(sem::DType::Bool) : std::nullopt;
    if (it.isSignless())
      return std::nullopt;
    bool s = it.isSigned();
    switch (w) {
    case 8:
      return s ? sem::DType::Int8 : sem::DType::UInt8;
    case 16:
      return s ? sem::DType::Int16 : sem::DType::UInt16;
    case 32:
      return s ? sem::DType::Int32 : sem::DType::UInt32;
    case 64:
      return s ? sem::DType::Int64 : sem::DType::UInt64;
    default:
      return std::nullopt;
    }
  }
  if (t.isF16())
    return sem::DType::Float16;
  if (t.isBF16())
    return sem::DType::BFloat16;
  if (t.isF32())
    return sem::DType::Float32;
  if (t.isF64())
    return sem::DType::Float64;
  if (auto ct = dyn_cast<ComplexType>(t)) {
    if (ct.getElementType().isF32())
      return sem::DType::Complex64;
    if (ct.getElementType().isF64())
      return sem::DType::Complex128;
  }
  return std::nullopt;
}

bool mlir::tnp::isTNPDType(Type t) { return toDType(t).has_value(); }

Type mlir::tnp::toElementType(MLIRContext *ctx, sem::DType t) {
  auto si = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Signed);
  };
  auto ui = [&](unsigned w) {
    return IntegerType::get(ctx, w, IntegerType::Unsigned);
  };
  switch (t) {
  case sem::DType::Bool:
    return IntegerType::get(ctx, 1);
  case sem::DType::UInt8:
    return ui(8);
  case sem::DType::UInt16:
    return ui(16);
  case sem::DType::UInt32:
    return ui(32);
  case sem::DType::UInt64:
    return ui(64);
  case sem::DType::Int8:
    return si(8);
  case sem::DType::Int16:
    return si(16);
  case sem::DType::Int32:
    return si(32);
  case sem::DType::Int64:
    return si(64);
  case sem::DType::BFloat16:
    return BFloat16Type::get(ctx);
  case sem::DType::Float16:
    return Float16Type::get(ctx);
  case sem::DType::Float32:
    return Float32Type::get(ctx);
  case sem::DType::Float64:
    return Float64Type::get(ctx);
  case sem::DType::Complex64:
    return ComplexType::get(Float32Type::get(ctx));
  case sem::DType::Complex128:
    return ComplexType::get(Float64Type::get(ctx));
  }
  return Float64Type::get(ctx);
}

bool mlir::tnp::isWeak(Type type) {
  auto rt = dyn_cast<RankedTensorType>(type);
  return rt && isa_and_nonnull<WeakAttr>(rt.getEncoding());
}

std::optional<sem::PromotedType> mlir::tnp::toPromotedType(Type type) {
  auto rt = dyn_cast<RankedTensorType>(type);
  if (!rt)
    return std::nullopt;
  std::optional<sem::DType> dt = toDType(rt.getElementType());
  if (!dt)
    return std::nullopt;
  return sem::PromotedType{*dt, isWeak(rt)};
}

RankedTensorType mlir::tnp::makeTensorType(MLIRContext *ctx,
                                           ArrayRef<int64_t> shape,
                                           sem::PromotedType t) {
  Attribute enc = t.weak ? WeakAttr::get(ctx) : Attribute();
  return RankedTensorType::get(shape, toElementType(ctx, t.dtype), enc);
}

RankedTensorType mlir::tnp::withPromotedType(RankedTensorType type,
                                             sem::PromotedType t) {
  return makeTensorType(type.getContext(), type.getShape(), t);
}

sem::Shape mlir::tnp::toShape(RankedTensorType t) {
  // ShapedType::kDynamic and sem::kDynamicDim are the same value.
  static_assert(sem::kDynamicDim == ShapedType::kDynamic,
                "dynamic dim markers must agree");
  return sem::Shape(t.getShape().begin(), t.getShape().end());
}

std::string mlir::tnp::describeType(Type t) {
  auto rt = dyn_cast<RankedTensorType>(t);
  if (!rt) {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << t;
    return s;
  }
  std::string s;
  if (std::optional<sem::DType> dt = toDType(rt.getElementType()))
    s = std::string(sem::dtypeName(*dt));
  else {
    llvm::raw_string_ostream os(s);
    os << rt.getElementType();
  }
  if (isWeak(rt))
    s += "*";
  return s + " " + sem::shapeStr(toShape(rt));
}

sem::PromotionOptions mlir::tnp::getPromotionOptions(Operation *op) {
  sem::PromotionOptions o;
  for (Operation *p = op; p; p = p->getParentOp()) {
    auto mode = p->getAttrOfType<StringAttr>(TNPDialect::kModeAttrName);
    auto pf32 = p->getAttrOfType<BoolAttr>(TNPDialect::kPreferFloat32AttrName);
    if (!mode && !pf32)
      continue;
    if (mode)
      if (std::optional<sem::PromotionMode> m =
              sem::parsePromotionMode(mode.getValue()))
        o.mode = *m;
    if (pf32)
      o.preferFloat32 = pf32.getValue();
    break;
  }
  return o;
}

void mlir::tnp::setPromotionOptions(ModuleOp module,
                                    const sem::PromotionOptions &o) {
  Builder b(module.getContext());
  module->setAttr(TNPDialect::kModeAttrName,
                  b.getStringAttr(sem::promotionModeName(o.mode)));
  module->setAttr(TNPDialect::kPreferFloat32AttrName,
                  b.getBoolAttr(o.preferFloat32));
}

/// The literal values of a weak constant, as Python scalars.
static std::vector<sem::Scalar> literalValues(ConstantOp cst) {
  std::vector<sem::Scalar> out;
  auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
  if (!dense)
    return out;
  Type et = dense.getElementType();
  if (auto it = dyn_cast<IntegerType>(et)) {
    for (const APInt &v : dense.getValues<APInt>()) {
      if (it.getWidth() == 1)
        out.push_back(sem::Scalar::fromBool(!v.isZero()));
      else if (it.isUnsigned())
        out.push_back(sem::Scalar::fromUInt(v.getZExtValue()));
      else
        out.push_back(sem::Scalar::fromInt(v.getSExtValue()));
    }
  } else if (isa<FloatType>(et)) {
    for (const APFloat &v : dense.getValues<APFloat>())
      out.push_back(sem::Scalar::fromFloat(v.convertToDouble()));
  } else if (auto ct = dyn_cast<ComplexType>(et)) {
    for (const std::complex<APFloat> &v :
         dense.getValues<std::complex<APFloat>>())
      out.push_back(sem::Scalar::fromComplex(v.real().convertToDouble(),
                                             v.imag().convertToDouble()));
  }
  return out;
}

std::optional<sem::PromotionOperand> mlir::tnp::toPromotionOperand(Value v) {
  std::optional<sem::PromotedType> t = toPromotedType(v.getType());
  if (!t)
    return std::nullopt;
  sem::PromotionOperand op{*t, {}};
  if (t->weak)
    if (auto cst = v.getDefiningOp<ConstantOp>())
      op.values = literalValues(cst);
  return op;
}

static std::string semanticsMessage(const sem::Error &e) {
  return std::string(sem::errorKindName(e.kind)) + " error: " + e.message;
}

InFlightDiagnostic mlir::tnp::emitSemanticsError(Operation *op,
                                                 const sem::Error &e) {
  return op->emitOpError() << semanticsMessage(e);
}

InFlightDiagnostic mlir::tnp::emitSemanticsError(Location loc,
                                                 const sem::Error &e) {
  return emitError(loc) << semanticsMessage(e);
}
