//===- ScalarOps.cpp - NumPy scalar semantics on signless values ----------===//
//
// Part of tnp. See ScalarOps.h. NumPy 1.24 is the reference for every
// element rule; the comments name the C code of NumPy's loops where the
// semantics are not the plain IEEE / two's-complement operation.
//
//===----------------------------------------------------------------------===//

#include "ScalarOps.h"
#include "ComplexMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Complex/IR/Complex.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;
using namespace mlir::tnp::detail;
using D = sem::DType;
using U = sem::Ufunc;

//===----------------------------------------------------------------------===//
// Types and constants
//===----------------------------------------------------------------------===//

Type mlir::tnp::signlessElementType(MLIRContext *ctx, D t) {
  switch (t) {
  case D::Bool:
    return IntegerType::get(ctx, 1);
  case D::Int8:
  case D::UInt8:
    return IntegerType::get(ctx, 8);
  case D::Int16:
  case D::UInt16:
    return IntegerType::get(ctx, 16);
  case D::Int32:
  case D::UInt32:
    return IntegerType::get(ctx, 32);
  case D::Int64:
  case D::UInt64:
    return IntegerType::get(ctx, 64);
  case D::BFloat16:
    return BFloat16Type::get(ctx);
  case D::Float16:
    return Float16Type::get(ctx);
  case D::Float32:
    return Float32Type::get(ctx);
  case D::Float64:
    return Float64Type::get(ctx);
  case D::Complex64:
    return ComplexType::get(Float32Type::get(ctx));
  case D::Complex128:
    return ComplexType::get(Float64Type::get(ctx));
  }
  return Float64Type::get(ctx);
}

/// The real float dtype of a complex dtype.
static D complexPart(D t) { return t == D::Complex64 ? D::Float32 : D::Float64; }

Value mlir::tnp::detail::floatConst(OpBuilder &b, Location loc, Type t,
                                   double v) {
  auto ft = cast<FloatType>(t);
  APFloat f(v);
  bool lost;
  f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  return arith::ConstantOp::create(b, loc, ft, b.getFloatAttr(ft, f));
}

Value mlir::tnp::detail::intConst(OpBuilder &b, Location loc, Type t,
                                 const APInt &v) {
  return arith::ConstantOp::create(b, loc, t, b.getIntegerAttr(t, v));
}

Value mlir::tnp::detail::intConst(OpBuilder &b, Location loc, Type t,
                                 int64_t v) {
  unsigned w = t.getIntOrFloatBitWidth();
  return intConst(b, loc, t, APInt(w, static_cast<uint64_t>(v), /*isSigned=*/true,
                                   /*implicitTrunc=*/true));
}

Value mlir::tnp::emitScalarConstant(OpBuilder &b, Location loc, D t, double v) {
  Type et = signlessElementType(b.getContext(), t);
  if (t == D::Bool)
    return intConst(b, loc, et, v != 0.0 ? 1 : 0);
  if (sem::isInteger(t)) {
    if (sem::isUnsigned(t) && v >= 9.2233720368547758e18)
      return intConst(b, loc, et,
                      APInt(64, static_cast<uint64_t>(v)).trunc(
                          et.getIntOrFloatBitWidth()));
    return intConst(b, loc, et, static_cast<int64_t>(v));
  }
  if (sem::isComplex(t)) {
    Type ft = signlessElementType(b.getContext(), complexPart(t));
    Value re = floatConst(b, loc, ft, v), im = floatConst(b, loc, ft, 0.0);
    return complex::CreateOp::create(b, loc, et, re, im);
  }
  return floatConst(b, loc, et, v);
}

//===----------------------------------------------------------------------===//
// astype
//===----------------------------------------------------------------------===//

/// Saturating float -> integer conversion: NaN -> 0, below the range -> min,
/// above -> max, else truncation toward zero (fptosi/fptoui would be poison
/// out of range).
static Value floatToInt(OpBuilder &b, Location loc, Value x, D to) {
  Type it = signlessElementType(b.getContext(), to);
  Type ft = x.getType();
  unsigned w = it.getIntOrFloatBitWidth();
  bool isSigned = sem::isSigned(to);
  double lo = isSigned ? -std::ldexp(1.0, w - 1) : 0.0;
  double hi = isSigned ? std::ldexp(1.0, w - 1) : std::ldexp(1.0, w);
  Value isNan = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  // Unsigned: anything <= -1 saturates to 0 (values in (-1, 0) truncate to 0).
  Value tooLow =
      isSigned ? arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                       floatConst(b, loc, ft, lo))
               : arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, x,
                                       floatConst(b, loc, ft, -1.0));
  Value tooHigh = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x,
                                        floatConst(b, loc, ft, hi));
  Value bad = arith::OrIOp::create(
      b, loc, isNan, arith::OrIOp::create(b, loc, tooLow, tooHigh));
  Value safe = arith::SelectOp::create(b, loc, bad, floatConst(b, loc, ft, 0.0), x);
  Value r = isSigned ? Value(arith::FPToSIOp::create(b, loc, it, safe))
                     : Value(arith::FPToUIOp::create(b, loc, it, safe));
  APInt minV = isSigned ? APInt::getSignedMinValue(w) : APInt::getMinValue(w);
  APInt maxV = isSigned ? APInt::getSignedMaxValue(w) : APInt::getMaxValue(w);
  r = arith::SelectOp::create(b, loc, tooLow, intConst(b, loc, it, minV), r);
  r = arith::SelectOp::create(b, loc, tooHigh, intConst(b, loc, it, maxV), r);
  return r;
}

static Value floatToFloat(OpBuilder &b, Location loc, Value x, Type to) {
  Type from = x.getType();
  if (from == to)
    return x;
  unsigned wf = from.getIntOrFloatBitWidth(), wt = to.getIntOrFloatBitWidth();
  if (wf == wt) // bf16 <-> f16: through f32 (exact for both).
    return arith::TruncFOp::create(
        b, loc, to, arith::ExtFOp::create(b, loc, b.getF32Type(), x));
  if (wt > wf)
    return arith::ExtFOp::create(b, loc, to, x);
  return arith::TruncFOp::create(b, loc, to, x);
}

Value mlir::tnp::emitScalarCast(OpBuilder &b, Location loc, Value v, D from,
                                D to) {
  if (from == to)
    return v;
  MLIRContext *ctx = b.getContext();
  Type dst = signlessElementType(ctx, to);
  if (sem::isComplex(from)) {
    Value re = complex::ReOp::create(b, loc, v);
    if (sem::isComplex(to)) {
      Value im = complex::ImOp::create(b, loc, v);
      Type ft = signlessElementType(ctx, complexPart(to));
      return complex::CreateOp::create(b, loc, dst, floatToFloat(b, loc, re, ft),
                                       floatToFloat(b, loc, im, ft));
    }
    if (to == D::Bool) {
      Value im = complex::ImOp::create(b, loc, v);
      Value zero = floatConst(b, loc, re.getType(), 0.0);
      return arith::OrIOp::create(
          b, loc,
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, re, zero),
          arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, im, zero));
    }
    return emitScalarCast(b, loc, re, complexPart(from), to);
  }
  if (sem::isComplex(to)) {
    D part = complexPart(to);
    Value re = emitScalarCast(b, loc, v, from, part);
    Value im = floatConst(b, loc, re.getType(), 0.0);
    return complex::CreateOp::create(b, loc, dst, re, im);
  }
  if (to == D::Bool) {
    if (sem::isFloat(from))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v,
                                   floatConst(b, loc, v.getType(), 0.0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v,
                                 intConst(b, loc, v.getType(), 0));
  }
  if (from == D::Bool) {
    if (sem::isFloat(to))
      return arith::UIToFPOp::create(b, loc, dst, v);
    return arith::ExtUIOp::create(b, loc, dst, v);
  }
  if (sem::isInteger(from) && sem::isInteger(to)) {
    unsigned wf = sem::bitWidth(from), wt = sem::bitWidth(to);
    if (wt > wf)
      return sem::isSigned(from) ? Value(arith::ExtSIOp::create(b, loc, dst, v))
                                 : Value(arith::ExtUIOp::create(b, loc, dst, v));
    if (wt < wf)
      return arith::TruncIOp::create(b, loc, dst, v);
    return v; // same width: the bits are the value (two's complement).
  }
  if (sem::isInteger(from)) // -> float
    return sem::isSigned(from) ? Value(arith::SIToFPOp::create(b, loc, dst, v))
                               : Value(arith::UIToFPOp::create(b, loc, dst, v));
  if (sem::isInteger(to)) // float ->
    return floatToInt(b, loc, v, to);
  return floatToFloat(b, loc, v, dst);
}

//===----------------------------------------------------------------------===//
// Run-time errors
//===----------------------------------------------------------------------===//

namespace {
struct RuntimeErrorInfo {
  sem::ErrorKind kind;
  const char *symbol;
  const char *message;
};
} // namespace

/// Every run-time error compiled code can raise, with NumPy's message.
static const RuntimeErrorInfo kRuntimeErrors[] = {
    {sem::ErrorKind::Value, "__tnp_error_negative_power",
     "Integers to negative integer powers are not allowed."},
    {sem::ErrorKind::Reduction, "__tnp_error_empty_maximum",
     "zero-size array to reduction operation maximum which has no identity"},
    {sem::ErrorKind::Reduction, "__tnp_error_empty_minimum",
     "zero-size array to reduction operation minimum which has no identity"},
    {sem::ErrorKind::Reduction, "__tnp_error_empty_arg_reduction",
     "attempt to get argmax or argmin of an empty sequence"},
    {sem::ErrorKind::Broadcast, "__tnp_error_dynamic_broadcast",
     "operands could not be broadcast together with shapes {S}"},
    {sem::ErrorKind::Shape, "__tnp_error_reshape_size",
     "cannot reshape array of size {} into shape {s}"},
    {sem::ErrorKind::Value, "__tnp_error_reshape_unknown",
     "can only specify one unknown dimension"},
    {sem::ErrorKind::Value, "__tnp_error_negative_dims",
     "negative dimensions are not allowed"},
    {sem::ErrorKind::Value, "__tnp_error_too_big",
     "array is too big; `arr.size * arr.dtype.itemsize` is larger than the "
     "maximum possible size (shape {s})"},
    {sem::ErrorKind::Broadcast, "__tnp_error_broadcast_to",
     "operands could not be broadcast together with remapped shapes "
     "[original->remapped]: {s}  and requested shape {s}"},
    {sem::ErrorKind::Value, "__tnp_error_broadcast_to_negative",
     "all elements of broadcast shape must be non-negative"},
    {sem::ErrorKind::Shape, "__tnp_error_matmul_core",
     "matmul: Input operand 1 has a mismatch in its core dimension 0, with "
     "gufunc signature (n?,k),(k,m?)->(n?,m?) (size {} is different from {})"},
    {sem::ErrorKind::Broadcast, "__tnp_error_matmul_batch",
     "operands could not be broadcast together with remapped shapes "
     "[original->remapped]: {s}->{s} {s}->{s}  and requested shape {s}"},
    {sem::ErrorKind::Shape, "__tnp_error_dot_aligned",
     "shapes {s} and {s} not aligned: {} (dim {}) != {} (dim {})"},
    {sem::ErrorKind::Index, "__tnp_error_index_bounds",
     "index {} is out of bounds for axis {} with size {}"},
    {sem::ErrorKind::Shape, "__tnp_error_squeeze",
     "cannot select an axis to squeeze out which has size not equal to one "
     "(axis {} of shape {s})"},
    {sem::ErrorKind::Shape, "__tnp_error_concatenate",
     "all the input array dimensions except for the concatenation axis must "
     "match exactly, but along dimension {}, the array at index 0 has size {} "
     "and the array at index {} has size {}"},
    {sem::ErrorKind::Shape, "__tnp_error_stack",
     "all input arrays must have the same shape (got {S})"},
    {sem::ErrorKind::Value, "__tnp_error_split",
     "array split does not result in an equal division ({} into {} "
     "sections)"},
    {sem::ErrorKind::Index, "__tnp_error_mask_mismatch",
     "boolean index did not match indexed array along dimension {}; "
     "dimension is {} but corresponding boolean dimension is {}"},
    {sem::ErrorKind::Broadcast, "__tnp_error_update_broadcast",
     "could not broadcast input array from shape {s} into shape {s}"},
    {sem::ErrorKind::Index, "__tnp_error_index_broadcast",
     "shape mismatch: indexing arrays could not be broadcast together with "
     "shapes {S}"},
};
static_assert(std::size(kRuntimeErrors) ==
                  static_cast<size_t>(RuntimeError::IndexBroadcast) + 1,
              "one table row per RuntimeError");

static constexpr llvm::StringLiteral kRaise = "tnp_rt_error_raise";
static constexpr llvm::StringLiteral kRaiseFmt = "tnp_rt_error_raise_fmt";

void mlir::tnp::declareRuntimeErrorSymbols(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  Location loc = module.getLoc();
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  // An llvm.func, not a func.func: the runtime symbol must keep its C name
  // (func.func declarations get _mlir_ciface_ wrappers in the pipeline).
  if (!module.lookupSymbol(kRaise))
    LLVM::LLVMFuncOp::create(
        b, loc, kRaise,
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                    {b.getI32Type(), ptrType}));
  if (!module.lookupSymbol(kRaiseFmt))
    LLVM::LLVMFuncOp::create(
        b, loc, kRaiseFmt,
        LLVM::LLVMFunctionType::get(
            LLVM::LLVMVoidType::get(ctx),
            {b.getI32Type(), ptrType, ptrType, b.getI32Type()}));
  for (const RuntimeErrorInfo &e : kRuntimeErrors) {
    if (module.lookupSymbol(e.symbol))
      continue;
    std::string text = std::string(e.message) + '\0';
    LLVM::GlobalOp::create(b, loc,
                           LLVM::LLVMArrayType::get(b.getI8Type(), text.size()),
                           /*isConstant=*/true, LLVM::Linkage::Internal, e.symbol,
                           b.getStringAttr(text));
  }
}

void mlir::tnp::eraseUnusedRuntimeErrorSymbols(ModuleOp module) {
  // emitRuntimeError is their only user: llvm.mlir.addressof of a message,
  // llvm.call of an entry point. One walk collects what is used.
  llvm::StringSet<> used;
  module.walk([&](Operation *op) {
    if (auto address = dyn_cast<LLVM::AddressOfOp>(op))
      used.insert(address.getGlobalName());
    else if (auto call = dyn_cast<LLVM::CallOp>(op))
      if (std::optional<StringRef> callee = call.getCallee())
        used.insert(*callee);
  });
  auto eraseIfUnused = [&](StringRef name) {
    if (used.contains(name))
      return;
    if (Operation *symbol = module.lookupSymbol(name))
      symbol->erase();
  };
  for (const RuntimeErrorInfo &e : kRuntimeErrors)
    eraseIfUnused(e.symbol);
  eraseIfUnused(kRaise);
  eraseIfUnused(kRaiseFmt);
}

void mlir::tnp::emitRuntimeError(OpBuilder &b, Location loc, RuntimeError which,
                                 ValueRange args) {
  const RuntimeErrorInfo &e = kRuntimeErrors[static_cast<unsigned>(which)];
  // The runtime's status codes are the error kinds + 1 (0 is ok).
  Value code = arith::ConstantOp::create(
      b, loc, b.getI32IntegerAttr(static_cast<int32_t>(e.kind) + 1));
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  Value msg = LLVM::AddressOfOp::create(b, loc, ptrType, e.symbol);
  if (args.empty()) {
    LLVM::CallOp::create(b, loc, TypeRange{}, kRaise, ValueRange{code, msg});
    return;
  }
  // The values go to the runtime's formatter through a stack array of i64.
  Type i64 = b.getI64Type();
  Value count = arith::ConstantOp::create(
      b, loc, b.getI64IntegerAttr(static_cast<int64_t>(args.size())));
  Value array = LLVM::AllocaOp::create(b, loc, ptrType, i64, count);
  for (auto [i, v] : llvm::enumerate(args)) {
    Value x = v;
    if (x.getType().isIndex())
      x = arith::IndexCastOp::create(b, loc, i64, x);
    else if (x.getType() != i64)
      x = arith::ExtSIOp::create(b, loc, i64, x);
    Value slot = LLVM::GEPOp::create(b, loc, ptrType, i64, array,
                                     ArrayRef<LLVM::GEPArg>{(int32_t)i});
    LLVM::StoreOp::create(b, loc, x, slot);
  }
  Value n = arith::ConstantOp::create(
      b, loc, b.getI32IntegerAttr(static_cast<int32_t>(args.size())));
  LLVM::CallOp::create(b, loc, TypeRange{}, kRaiseFmt,
                       ValueRange{code, msg, array, n});
}

void mlir::tnp::appendShapeArgs(OpBuilder &b, Location loc,
                                SmallVectorImpl<Value> &args, ValueRange dims) {
  args.push_back(arith::ConstantIndexOp::create(b, loc, dims.size()));
  llvm::append_range(args, dims);
}

//===----------------------------------------------------------------------===//
// clip
//===----------------------------------------------------------------------===//

Value mlir::tnp::emitClipScalar(OpBuilder &b, Location loc, D t, Value x,
                                Value min, bool minScalar, Value max,
                                bool maxScalar) {
  using P = arith::CmpFPredicate;
  auto sel = [&](Value c, Value p, Value q) {
    return Value(arith::SelectOp::create(b, loc, c, p, q));
  };
  // Whether a (float or complex) value is NaN.
  auto isNan = [&](Value v) -> Value {
    if (!sem::isComplex(t))
      return arith::CmpFOp::create(b, loc, P::UNO, v, v);
    Value re = complex::ReOp::create(b, loc, v);
    Value im = complex::ImOp::create(b, loc, v);
    return arith::OrIOp::create(b, loc,
                                arith::CmpFOp::create(b, loc, P::UNO, re, re),
                                arith::CmpFOp::create(b, loc, P::UNO, im, im));
  };
  // NumPy's _NPY_MAX / _NPY_MIN of clip's loops.
  auto extreme = [&](Value a, Value bound, bool isMax) -> Value {
    if (t == D::Bool)
      return isMax ? Value(arith::OrIOp::create(b, loc, a, bound))
                   : Value(arith::AndIOp::create(b, loc, a, bound));
    if (sem::isInteger(t)) {
      bool s = sem::isSigned(t);
      if (isMax)
        return s ? Value(arith::MaxSIOp::create(b, loc, a, bound))
                 : Value(arith::MaxUIOp::create(b, loc, a, bound));
      return s ? Value(arith::MinSIOp::create(b, loc, a, bound))
               : Value(arith::MinUIOp::create(b, loc, a, bound));
    }
    if (sem::isComplex(t)) {
      // (isnan(a) || a > b) ? a : b with NumPy's lexicographic CGT (CLT
      // for the minimum): a NaN bound fails the comparison and propagates.
      Value ar = complex::ReOp::create(b, loc, a);
      Value ai = complex::ImOp::create(b, loc, a);
      Value br = complex::ReOp::create(b, loc, bound);
      Value bi = complex::ImOp::create(b, loc, bound);
      P strict = isMax ? P::OGT : P::OLT;
      Value better = sel(arith::CmpFOp::create(b, loc, P::OEQ, ar, br),
                         arith::CmpFOp::create(b, loc, strict, ai, bi),
                         arith::CmpFOp::create(b, loc, strict, ar, br));
      return sel(arith::OrIOp::create(b, loc, isNan(a), better), a, bound);
    }
    // isnan(a) ? a : (a > b ? a : b) (< for the minimum): a NaN bound fails
    // the comparison and propagates. NumPy's float16 loop compares with >=
    // (<=), so of two equal values (+0 and -0) it keeps `a` where the other
    // float loops take the bound.
    P pred =
        t == D::Float16 ? (isMax ? P::OGE : P::OLE) : (isMax ? P::OGT : P::OLT);
    Value better = arith::CmpFOp::create(b, loc, pred, a, bound);
    return sel(isNan(a), a, sel(better, a, bound));
  };
  auto apply = [&](Value a, Value bound, bool scalar, bool isMax) -> Value {
    if (!bound)
      return a;
    Value r = extreme(a, bound, isMax);
    if (scalar && (sem::isFloat(t) || sem::isComplex(t)))
      r = sel(isNan(bound), a, r);
    return r;
  };
  return apply(apply(x, min, minScalar, /*isMax=*/true), max, maxScalar,
               /*isMax=*/false);
}

//===----------------------------------------------------------------------===//
// Integer rules
//===----------------------------------------------------------------------===//

namespace {
struct IntOps {
  OpBuilder &b;
  Location loc;
  Type t;
  bool isSigned;

  Value c(int64_t v) { return intConst(b, loc, t, v); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value sel(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value isZero(Value x) { return cmp(arith::CmpIPredicate::eq, x, c(0)); }
  Value isNeg(Value x) { return cmp(arith::CmpIPredicate::slt, x, c(0)); }

  /// The divisor with 0 (and, signed, -1: INT_MIN / -1 traps on x86)
  /// replaced by 1, so the hardware division is always defined.
  Value safeDivisor(Value y) {
    Value bad = isZero(y);
    if (isSigned)
      bad = arith::OrIOp::create(b, loc, bad,
                                 cmp(arith::CmpIPredicate::eq, y, c(-1)));
    return sel(bad, c(1), y);
  }

  /// NumPy floor_divide: division by 0 gives 0; INT_MIN // -1 wraps to
  /// INT_MIN (= -x); otherwise the quotient rounded toward -inf.
  Value floorDiv(Value x, Value y) {
    Value sy = safeDivisor(y);
    if (!isSigned) {
      Value q = arith::DivUIOp::create(b, loc, x, sy);
      return sel(isZero(y), c(0), q);
    }
    Value q = arith::DivSIOp::create(b, loc, x, sy);
    Value r = arith::RemSIOp::create(b, loc, x, sy);
    Value adjust = arith::AndIOp::create(
        b, loc, cmp(arith::CmpIPredicate::ne, r, c(0)),
        cmp(arith::CmpIPredicate::ne, isNeg(r), isNeg(sy)));
    q = sel(adjust, arith::SubIOp::create(b, loc, q, c(1)), q);
    Value negX = arith::SubIOp::create(b, loc, c(0), x);
    q = sel(cmp(arith::CmpIPredicate::eq, y, c(-1)), negX, q);
    return sel(isZero(y), c(0), q);
  }

  /// NumPy remainder: the sign of the divisor; x % 0 == 0; x % -1 == 0.
  Value mod(Value x, Value y) {
    Value sy = safeDivisor(y);
    if (!isSigned) {
      Value r = arith::RemUIOp::create(b, loc, x, sy);
      return sel(isZero(y), c(0), r);
    }
    Value r = arith::RemSIOp::create(b, loc, x, sy);
    Value adjust = arith::AndIOp::create(
        b, loc, cmp(arith::CmpIPredicate::ne, r, c(0)),
        cmp(arith::CmpIPredicate::ne, isNeg(r), isNeg(sy)));
    r = sel(adjust, arith::AddIOp::create(b, loc, r, sy), r);
    Value bad = arith::OrIOp::create(b, loc, isZero(y),
                                     cmp(arith::CmpIPredicate::eq, y, c(-1)));
    return sel(bad, c(0), r);
  }

  /// x ** y by repeated squaring; wraps like NumPy. A negative exponent is
  /// NumPy's `value` error, checked over the whole exponent before the
  /// elementwise loop runs (the ufunc lowering does it); here it only has
  /// to end: the loop shifts logically, so it does for any bit pattern.
  Value power(Value x, Value y) {
    Type i1 = b.getI1Type();
    auto loop = scf::WhileOp::create(b, loc, TypeRange{t, t, t},
                                     ValueRange{c(1), x, y});
    {
      Block *before = b.createBlock(&loop.getBefore(), {}, {t, t, t},
                                    {loc, loc, loc});
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(before);
      Value e = before->getArgument(2);
      Value more = cmp(arith::CmpIPredicate::ne, e, c(0));
      scf::ConditionOp::create(b, loc, more, before->getArguments());
    }
    {
      Block *after = b.createBlock(&loop.getAfter(), {}, {t, t, t},
                                   {loc, loc, loc});
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(after);
      Value acc = after->getArgument(0), base = after->getArgument(1),
            e = after->getArgument(2);
      Value odd = arith::TruncIOp::create(b, loc, i1, e);
      Value accNext = sel(odd, arith::MulIOp::create(b, loc, acc, base), acc);
      Value baseNext = arith::MulIOp::create(b, loc, base, base);
      Value eNext = arith::ShRUIOp::create(b, loc, e, c(1));
      scf::YieldOp::create(b, loc, ValueRange{accNext, baseNext, eNext});
    }
    b.setInsertionPointAfter(loop);
    return loop.getResult(0);
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Float rules
//===----------------------------------------------------------------------===//

/// NumPy's npy_divmod for floats: returns (floor quotient, remainder with the
/// sign of the divisor). Division by zero gives a/b and fmod(a, 0) (NaN).
static std::pair<Value, Value> floatDivmod(OpBuilder &b, Location loc, Value a,
                                           Value d) {
  Type t = a.getType();
  auto cmpf = [&](arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y).getResult();
  };
  auto sel = [&](Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y).getResult();
  };
  Value zero = floatConst(b, loc, t, 0.0);
  Value one = floatConst(b, loc, t, 1.0);
  Value half = floatConst(b, loc, t, 0.5);
  Value mod = arith::RemFOp::create(b, loc, a, d);
  Value div = arith::DivFOp::create(b, loc, arith::SubFOp::create(b, loc, a, mod), d);
  // if (mod) { if ((d < 0) != (mod < 0)) { mod += d; div -= 1; } }
  // else mod = copysign(0, d)
  Value modNonZero = cmpf(arith::CmpFPredicate::UNE, mod, zero);
  Value signsDiffer = arith::XOrIOp::create(
      b, loc, cmpf(arith::CmpFPredicate::OLT, d, zero),
      cmpf(arith::CmpFPredicate::OLT, mod, zero));
  Value fix = arith::AndIOp::create(b, loc, modNonZero, signsDiffer);
  Value modFixed = sel(fix, arith::AddFOp::create(b, loc, mod, d), mod);
  Value divFixed = sel(fix, arith::SubFOp::create(b, loc, div, one), div);
  modFixed = sel(modNonZero, modFixed, math::CopySignOp::create(b, loc, zero, d));
  // if (div) { fd = floor(div); if (div - fd > 0.5) fd += 1 }
  // else fd = copysign(0, a / d)
  Value fd = math::FloorOp::create(b, loc, divFixed);
  Value up = cmpf(arith::CmpFPredicate::OGT,
                  arith::SubFOp::create(b, loc, divFixed, fd), half);
  fd = sel(up, arith::AddFOp::create(b, loc, fd, one), fd);
  Value quotient = arith::DivFOp::create(b, loc, a, d);
  Value divNonZero = cmpf(arith::CmpFPredicate::UNE, divFixed, zero);
  fd = sel(divNonZero, fd, math::CopySignOp::create(b, loc, zero, quotient));
  // d == 0: a / d (inf or nan) and fmod(a, 0) (nan).
  Value dZero = cmpf(arith::CmpFPredicate::OEQ, d, zero);
  fd = sel(dZero, quotient, fd);
  modFixed = sel(dZero, mod, modFixed);
  return {fd, modFixed};
}

/// Runs a float function in float32 for the 16-bit floats (NumPy computes
/// half functions through float), else directly.
template <typename F>
static Value viaF32(OpBuilder &b, Location loc, ValueRange args, F &&fn) {
  Type t = args[0].getType();
  if (t.getIntOrFloatBitWidth() != 16)
    return fn(args);
  SmallVector<Value> wide;
  for (Value a : args)
    wide.push_back(arith::ExtFOp::create(b, loc, b.getF32Type(), a));
  Value r = fn(wide);
  return arith::TruncFOp::create(b, loc, t, r);
}

//===----------------------------------------------------------------------===//
// Ufuncs
//===----------------------------------------------------------------------===//

static FailureOr<Value> unsupported(Location loc, U u, D t) {
  return emitError(loc) << "unsupported error: no lowering of ufunc '"
                        << sem::ufuncName(u) << "' for dtype "
                        << sem::dtypeName(t) << " yet";
}

static FailureOr<Value> emitBoolUfunc(OpBuilder &b, Location loc, U u,
                                      ValueRange a) {
  auto orI = [&](Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); };
  auto andI = [&](Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); };
  auto xorI = [&](Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); };
  Value t = intConst(b, loc, b.getI1Type(), 1);
  switch (u) {
  // NumPy's bool loops: add is or, multiply and, maximum or, minimum and.
  case U::Add:
  case U::Maximum:
  case U::LogicalOr:
  case U::BitwiseOr:
    return Value(orI(a[0], a[1]));
  case U::Multiply:
  case U::Minimum:
  case U::LogicalAnd:
  case U::BitwiseAnd:
    return Value(andI(a[0], a[1]));
  case U::LogicalXor:
  case U::BitwiseXor:
  case U::NotEqual:
    return Value(xorI(a[0], a[1]));
  case U::Equal:
    return Value(xorI(xorI(a[0], a[1]), t));
  case U::LogicalNot:
  case U::Invert:
    return Value(xorI(a[0], t));
  case U::Positive:
  case U::Abs:
  case U::Round:
    return a[0];
  case U::Less:
    return Value(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, a[0], a[1]));
  case U::LessEqual:
    return Value(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, a[0], a[1]));
  case U::Greater:
    return Value(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ugt, a[0], a[1]));
  case U::GreaterEqual:
    return Value(arith::CmpIOp::create(b, loc, arith::CmpIPredicate::uge, a[0], a[1]));
  case U::IsNan:
  case U::IsInf:
    return Value(intConst(b, loc, b.getI1Type(), 0));
  case U::IsFinite:
    return t;
  default:
    return unsupported(loc, u, D::Bool);
  }
}

static FailureOr<Value> emitIntUfunc(OpBuilder &b, Location loc, U u, D dt,
                                     ValueRange a) {
  Type t = a[0].getType();
  IntOps ops{b, loc, t, sem::isSigned(dt)};
  bool s = ops.isSigned;
  using P = arith::CmpIPredicate;
  switch (u) {
  case U::Add:
    return Value(arith::AddIOp::create(b, loc, a[0], a[1]));
  case U::Subtract:
    return Value(arith::SubIOp::create(b, loc, a[0], a[1]));
  case U::Multiply:
    return Value(arith::MulIOp::create(b, loc, a[0], a[1]));
  case U::Square:
    return Value(arith::MulIOp::create(b, loc, a[0], a[0]));
  case U::FloorDivide:
    return ops.floorDiv(a[0], a[1]);
  case U::Mod:
    return ops.mod(a[0], a[1]);
  case U::Power:
    return ops.power(a[0], a[1]);
  case U::Negative:
    return Value(arith::SubIOp::create(b, loc, ops.c(0), a[0]));
  case U::Positive:
  case U::Round:
    return a[0];
  case U::Abs:
    return s ? ops.sel(ops.isNeg(a[0]),
                       arith::SubIOp::create(b, loc, ops.c(0), a[0]), a[0])
             : a[0];
  case U::Sign: {
    Value pos = arith::ExtUIOp::create(b, loc, t, ops.cmp(s ? P::sgt : P::ugt, a[0], ops.c(0)));
    if (!s)
      return pos;
    Value neg = arith::ExtUIOp::create(b, loc, t, ops.isNeg(a[0]));
    return Value(arith::SubIOp::create(b, loc, pos, neg));
  }
  case U::Reciprocal: {
    // NumPy computes 1.0 / x and converts back: 1 -> 1, -1 -> -1, other
    // nonzero values -> 0. 1 / 0 is undefined in NumPy's C; tnp gives 0.
    Value isOne = ops.cmp(P::eq, a[0], ops.c(1));
    Value r = ops.sel(isOne, ops.c(1), ops.c(0));
    if (s)
      r = ops.sel(ops.cmp(P::eq, a[0], ops.c(-1)), ops.c(-1), r);
    return r;
  }
  case U::Maximum:
    return s ? Value(arith::MaxSIOp::create(b, loc, a[0], a[1]))
             : Value(arith::MaxUIOp::create(b, loc, a[0], a[1]));
  case U::Minimum:
    return s ? Value(arith::MinSIOp::create(b, loc, a[0], a[1]))
             : Value(arith::MinUIOp::create(b, loc, a[0], a[1]));
  case U::Equal:
    return ops.cmp(P::eq, a[0], a[1]);
  case U::NotEqual:
    return ops.cmp(P::ne, a[0], a[1]);
  case U::Less:
    return ops.cmp(s ? P::slt : P::ult, a[0], a[1]);
  case U::LessEqual:
    return ops.cmp(s ? P::sle : P::ule, a[0], a[1]);
  case U::Greater:
    return ops.cmp(s ? P::sgt : P::ugt, a[0], a[1]);
  case U::GreaterEqual:
    return ops.cmp(s ? P::sge : P::uge, a[0], a[1]);
  case U::BitwiseAnd:
    return Value(arith::AndIOp::create(b, loc, a[0], a[1]));
  case U::BitwiseOr:
    return Value(arith::OrIOp::create(b, loc, a[0], a[1]));
  case U::BitwiseXor:
    return Value(arith::XOrIOp::create(b, loc, a[0], a[1]));
  case U::Invert:
    return Value(arith::XOrIOp::create(b, loc, a[0], ops.c(-1)));
  case U::IsNan:
  case U::IsInf:
    return Value(intConst(b, loc, b.getI1Type(), 0));
  case U::IsFinite:
    return Value(intConst(b, loc, b.getI1Type(), 1));
  default:
    return unsupported(loc, u, dt);
  }
}

static FailureOr<Value> emitFloatUfunc(OpBuilder &b, Location loc, U u, D dt,
                                       ValueRange a) {
  Type t = a[0].getType();
  using P = arith::CmpFPredicate;
  auto cmpf = [&](P p, Value x, Value y) {
    return Value(arith::CmpFOp::create(b, loc, p, x, y));
  };
  auto unary = [&](auto tag) -> Value {
    using OpTy = decltype(tag);
    return viaF32(b, loc, a, [&](ValueRange w) {
      return Value(OpTy::create(b, loc, w[0]));
    });
  };
  switch (u) {
  case U::Add:
    return Value(arith::AddFOp::create(b, loc, a[0], a[1]));
  case U::Subtract:
    return Value(arith::SubFOp::create(b, loc, a[0], a[1]));
  case U::Multiply:
    return Value(arith::MulFOp::create(b, loc, a[0], a[1]));
  case U::TrueDivide:
    return Value(arith::DivFOp::create(b, loc, a[0], a[1]));
  case U::FloorDivide:
    return floatDivmod(b, loc, a[0], a[1]).first;
  case U::Mod:
    return floatDivmod(b, loc, a[0], a[1]).second;
  case U::Power:
    return viaF32(b, loc, a, [&](ValueRange w) {
      return Value(math::PowFOp::create(b, loc, w[0], w[1]));
    });
  case U::Negative:
    return Value(arith::NegFOp::create(b, loc, a[0]));
  case U::Positive:
    return a[0];
  case U::Abs:
    return Value(math::AbsFOp::create(b, loc, a[0]));
  case U::Sign: {
    // in > 0 ? 1 : in < 0 ? -1 : in == 0 ? 0 : in (NaN stays NaN).
    Value one = floatConst(b, loc, t, 1.0), mone = floatConst(b, loc, t, -1.0),
          zero = floatConst(b, loc, t, 0.0);
    Value r = arith::SelectOp::create(b, loc, cmpf(P::OEQ, a[0], zero), zero, a[0]);
    r = arith::SelectOp::create(b, loc, cmpf(P::OLT, a[0], zero), mone, r);
    return Value(arith::SelectOp::create(b, loc, cmpf(P::OGT, a[0], zero), one, r));
  }
  case U::Square:
    return Value(arith::MulFOp::create(b, loc, a[0], a[0]));
  case U::Reciprocal:
    return Value(arith::DivFOp::create(b, loc, floatConst(b, loc, t, 1.0), a[0]));
  case U::Maximum:
    return Value(arith::MaximumFOp::create(b, loc, a[0], a[1]));
  case U::Minimum:
    return Value(arith::MinimumFOp::create(b, loc, a[0], a[1]));
  case U::Sqrt:
    return unary(math::SqrtOp());
  case U::Exp:
    return unary(math::ExpOp());
  case U::Log:
    return unary(math::LogOp());
  case U::Log1p:
    return viaF32(b, loc, a, [&](ValueRange w) {
      return FOps{b, loc, cast<FloatType>(w[0].getType())}.log1p(w[0]);
    });
  case U::Expm1:
    return viaF32(b, loc, a, [&](ValueRange w) {
      return FOps{b, loc, cast<FloatType>(w[0].getType())}.expm1(w[0]);
    });
  case U::Sin:
    return unary(math::SinOp());
  case U::Cos:
    return unary(math::CosOp());
  case U::Tan:
    return unary(math::TanOp());
  case U::Arcsin:
    return unary(math::AsinOp());
  case U::Arccos:
    return unary(math::AcosOp());
  case U::Arctan:
    return unary(math::AtanOp());
  case U::Sinh:
    return unary(math::SinhOp());
  case U::Cosh:
    return unary(math::CoshOp());
  case U::Tanh:
    return unary(math::TanhOp());
  case U::Floor:
    return Value(math::FloorOp::create(b, loc, a[0]));
  case U::Ceil:
    return Value(math::CeilOp::create(b, loc, a[0]));
  case U::Round:
    return Value(math::RoundEvenOp::create(b, loc, a[0]));
  case U::Arctan2:
    return viaF32(b, loc, a, [&](ValueRange w) {
      return Value(math::Atan2Op::create(b, loc, w[0], w[1]));
    });
  case U::IsNan:
    return cmpf(P::UNO, a[0], a[0]);
  case U::IsInf:
    return cmpf(P::OEQ, math::AbsFOp::create(b, loc, a[0]),
                floatConst(b, loc, t, INFINITY));
  case U::IsFinite:
    return cmpf(P::ONE, math::AbsFOp::create(b, loc, a[0]),
                floatConst(b, loc, t, INFINITY));
  case U::Equal:
    return cmpf(P::OEQ, a[0], a[1]);
  case U::NotEqual:
    return cmpf(P::UNE, a[0], a[1]);
  case U::Less:
    return cmpf(P::OLT, a[0], a[1]);
  case U::LessEqual:
    return cmpf(P::OLE, a[0], a[1]);
  case U::Greater:
    return cmpf(P::OGT, a[0], a[1]);
  case U::GreaterEqual:
    return cmpf(P::OGE, a[0], a[1]);
  default:
    return unsupported(loc, u, dt);
  }
}

static FailureOr<Value> emitComplexUfunc(OpBuilder &b, Location loc, U u, D dt,
                                         ValueRange a) {
  using P = arith::CmpFPredicate;
  auto re = [&](Value z) { return Value(complex::ReOp::create(b, loc, z)); };
  auto im = [&](Value z) { return Value(complex::ImOp::create(b, loc, z)); };
  auto cmpf = [&](P p, Value x, Value y) {
    return Value(arith::CmpFOp::create(b, loc, p, x, y));
  };
  auto andI = [&](Value x, Value y) { return Value(arith::AndIOp::create(b, loc, x, y)); };
  auto orI = [&](Value x, Value y) { return Value(arith::OrIOp::create(b, loc, x, y)); };
  // NumPy's lexicographic order of complex numbers (CLT/CLE/...).
  auto lexLess = [&](Value x, Value y, bool orEqual) {
    Value xr = re(x), xi = im(x), yr = re(y), yi = im(y);
    Value first = cmpf(P::OLT, xr, yr);
    Value tie = andI(cmpf(P::OEQ, xr, yr), cmpf(orEqual ? P::OLE : P::OLT, xi, yi));
    return orI(first, tie);
  };
  auto anyNan = [&](Value z) {
    return orI(cmpf(P::UNO, re(z), re(z)), cmpf(P::UNO, im(z), im(z)));
  };
  // The C99 Annex G functions above work on the parts.
  FOps f{b, loc,
         cast<FloatType>(cast<ComplexType>(a[0].getType()).getElementType())};
  auto pack = [&](CPair p) {
    return Value(
        complex::CreateOp::create(b, loc, a[0].getType(), p.first, p.second));
  };
  switch (u) {
  case U::Add:
    return Value(complex::AddOp::create(b, loc, a[0], a[1]));
  case U::Subtract:
    return Value(complex::SubOp::create(b, loc, a[0], a[1]));
  case U::Multiply:
    return Value(complex::MulOp::create(b, loc, a[0], a[1]));
  case U::TrueDivide:
    return Value(complex::DivOp::create(b, loc, a[0], a[1]));
  case U::Power:
    return pack(cPow(f, {re(a[0]), im(a[0])}, {re(a[1]), im(a[1])}));
  case U::Negative:
    return Value(complex::NegOp::create(b, loc, a[0]));
  case U::Positive:
    return a[0];
  case U::Square:
    return Value(complex::MulOp::create(b, loc, a[0], a[0]));
  case U::Reciprocal: {
    // NumPy 1.24's loop (Smith's method; 1 / 0 is NaN + i NaN):
    // |y| <= |x|: r = y / x, d = x + y r, 1 / d - i r / d;
    // otherwise:  r = x / y, d = x r + y, r / d - i / d.
    auto ct = cast<ComplexType>(a[0].getType());
    FOps f{b, loc, cast<FloatType>(ct.getElementType())};
    Value x = re(a[0]), y = im(a[0]);
    Value first = f.le(f.abs(y), f.abs(x));
    Value r = f.sel(first, f.div(y, x), f.div(x, y));
    Value d = f.sel(first, f.add(x, f.mul(y, r)), f.add(f.mul(x, r), y));
    Value one = f.c(1);
    return Value(complex::CreateOp::create(
        b, loc, ct, f.sel(first, f.div(one, d), f.div(r, d)),
        f.sel(first, f.neg(f.div(r, d)), f.neg(f.div(one, d)))));
  }
  case U::Abs:
    return Value(complex::AbsOp::create(b, loc, a[0]));
  case U::Sqrt:
  case U::Exp:
  case U::Log: {
    // NumPy 1.24 takes csqrt, cexp and clog from the C library (glibc).
    auto ct = cast<ComplexType>(a[0].getType());
    FOps f{b, loc, cast<FloatType>(ct.getElementType())};
    auto fn = u == U::Sqrt ? cSqrt : u == U::Exp ? cExp : cLog;
    auto [r, i] = fn(f, re(a[0]), im(a[0]));
    return Value(complex::CreateOp::create(b, loc, ct, r, i));
  }
  case U::Log1p: {
    // NumPy 1.24's nc_log1p: log(hypot(x + 1, y)) + i atan2(y, x + 1).
    auto ct = cast<ComplexType>(a[0].getType());
    FOps f{b, loc, cast<FloatType>(ct.getElementType())};
    Value xp1 = f.add(re(a[0]), f.c(1));
    return Value(complex::CreateOp::create(b, loc, ct,
                                           f.log(f.hypot(xp1, im(a[0]))),
                                           f.atan2(im(a[0]), xp1)));
  }
  case U::Expm1: {
    // NumPy 1.24's nc_expm1: expm1(x) cos(y) - 2 sin(y/2)^2 + i exp(x) sin(y).
    auto ct = cast<ComplexType>(a[0].getType());
    FOps f{b, loc, cast<FloatType>(ct.getElementType())};
    Value x = re(a[0]), y = im(a[0]);
    Value h = f.sin(f.div(y, f.c(2)));
    Value r = f.sub(f.mul(f.expm1(x), f.cos(y)), f.mul(f.c(2), f.mul(h, h)));
    return Value(complex::CreateOp::create(b, loc, ct, r,
                                           f.mul(f.exp(x), f.sin(y))));
  }
  case U::Sin:
    return pack(cSin(f, re(a[0]), im(a[0])));
  case U::Cos:
    // ccos(z) = ccosh(iz).
    return pack(cCosh(f, f.neg(im(a[0])), re(a[0])));
  case U::Sinh:
    return pack(cSinh(f, re(a[0]), im(a[0])));
  case U::Cosh:
    return pack(cCosh(f, re(a[0]), im(a[0])));
  case U::Arcsin: {
    // casin(z) = i conj(casinh(i conj(z))): swap the parts in and out.
    CPair w = cAsinh(f, im(a[0]), re(a[0]));
    return pack({w.second, w.first});
  }
  case U::Arccos:
    return pack(cAcos(f, re(a[0]), im(a[0])));
  case U::Arctan: {
    // catan(z) = i conj(catanh(i conj(z))).
    CPair w = cAtanh(f, im(a[0]), re(a[0]));
    return pack({w.second, w.first});
  }
  case U::Tan: {
    // glibc: ctan(z) = -i ctanh(iz).
    auto ct = cast<ComplexType>(a[0].getType());
    FOps f{b, loc, cast<FloatType>(ct.getElementType())};
    auto [r, i] = cTanh(f, f.neg(im(a[0])), re(a[0]));
    return Value(complex::CreateOp::create(b, loc, ct, i, f.neg(r)));
  }
  case U::Tanh: {
    auto ct = cast<ComplexType>(a[0].getType());
    FOps f{b, loc, cast<FloatType>(ct.getElementType())};
    auto [r, i] = cTanh(f, re(a[0]), im(a[0]));
    return Value(complex::CreateOp::create(b, loc, ct, r, i));
  }
  case U::Round:
    // np.round rounds both parts half to even.
    return Value(complex::CreateOp::create(
        b, loc, a[0].getType(), math::RoundEvenOp::create(b, loc, re(a[0])),
        math::RoundEvenOp::create(b, loc, im(a[0]))));
  case U::IsNan:
    return anyNan(a[0]);
  case U::IsInf: {
    Type ft = re(a[0]).getType();
    Value inf = floatConst(b, loc, ft, INFINITY);
    return orI(cmpf(P::OEQ, math::AbsFOp::create(b, loc, re(a[0])), inf),
               cmpf(P::OEQ, math::AbsFOp::create(b, loc, im(a[0])), inf));
  }
  case U::IsFinite: {
    Type ft = re(a[0]).getType();
    Value inf = floatConst(b, loc, ft, INFINITY);
    return andI(cmpf(P::ONE, math::AbsFOp::create(b, loc, re(a[0])), inf),
                cmpf(P::ONE, math::AbsFOp::create(b, loc, im(a[0])), inf));
  }
  case U::Equal:
    return andI(cmpf(P::OEQ, re(a[0]), re(a[1])), cmpf(P::OEQ, im(a[0]), im(a[1])));
  case U::NotEqual:
    return orI(cmpf(P::UNE, re(a[0]), re(a[1])), cmpf(P::UNE, im(a[0]), im(a[1])));
  case U::Less:
    return lexLess(a[0], a[1], false);
  case U::LessEqual:
    return lexLess(a[0], a[1], true);
  case U::Greater:
    return lexLess(a[1], a[0], false);
  case U::GreaterEqual:
    return lexLess(a[1], a[0], true);
  case U::Maximum:
  case U::Minimum: {
    // NumPy: (isnan(in1) || in1 >= in2) ? in1 : in2 for maximum (<= for
    // minimum), lexicographic; a NaN in in2 fails the comparison, so NaN
    // propagates from either side.
    Value keep = u == U::Maximum ? lexLess(a[1], a[0], true)
                                 : lexLess(a[0], a[1], true);
    keep = orI(anyNan(a[0]), keep);
    return Value(arith::SelectOp::create(b, loc, keep, a[0], a[1]));
  }
  case U::Sign: {
    // NumPy 1.24: sign of the real part, or of the imaginary part when the
    // real part is 0, as a complex number.
    Type ft = re(a[0]).getType();
    Value zero = floatConst(b, loc, ft, 0.0), one = floatConst(b, loc, ft, 1.0),
          mone = floatConst(b, loc, ft, -1.0);
    auto sgn = [&](Value x) {
      Value r = arith::SelectOp::create(b, loc, cmpf(P::OEQ, x, zero), zero, x);
      r = arith::SelectOp::create(b, loc, cmpf(P::OLT, x, zero), mone, r);
      return Value(arith::SelectOp::create(b, loc, cmpf(P::OGT, x, zero), one, r));
    };
    Value r = arith::SelectOp::create(b, loc, cmpf(P::OEQ, re(a[0]), zero),
                                      sgn(im(a[0])), sgn(re(a[0])));
    // A NaN in either part makes the sign NaN (NumPy 1.24).
    r = arith::SelectOp::create(b, loc, anyNan(a[0]), floatConst(b, loc, ft, NAN),
                                r);
    return Value(complex::CreateOp::create(b, loc, a[0].getType(), r, zero));
  }
  default:
    return unsupported(loc, u, dt);
  }
}

FailureOr<Value> mlir::tnp::emitUfuncScalar(OpBuilder &b, Location loc, U u,
                                            D compute, D result,
                                            ValueRange args) {
  FailureOr<Value> r;
  if (compute == D::Bool)
    r = emitBoolUfunc(b, loc, u, args);
  else if (sem::isInteger(compute))
    r = emitIntUfunc(b, loc, u, compute, args);
  else if (sem::isFloat(compute))
    r = emitFloatUfunc(b, loc, u, compute, args);
  else
    r = emitComplexUfunc(b, loc, u, compute, args);
  if (failed(r))
    return failure();
  // The loop's result dtype differs from the compute dtype only for bool
  // results (already i1) and abs of complex (the real part's float).
  Type want = signlessElementType(b.getContext(), result);
  if (r->getType() != want)
    return emitError(loc) << "internal error: ufunc '" << sem::ufuncName(u)
                          << "' produced " << r->getType() << ", expected "
                          << want;
  return r;
}
