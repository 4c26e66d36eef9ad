//===- ScalarOps.cpp - NumPy scalar semantics on signless values ----------===//
//
// Part of tnp. See ScalarOps.h. NumPy 1.24 is the reference for every
// element rule; the comments name the C code of NumPy's loops where the
// semantics are not the plain IEEE / two's-complement operation.
//
//===----------------------------------------------------------------------===//

#include "ScalarOps.h"

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

static Value floatConst(OpBuilder &b, Location loc, Type t, double v) {
  auto ft = cast<FloatType>(t);
  APFloat f(v);
  bool lost;
  f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  return arith::ConstantOp::create(b, loc, ft, b.getFloatAttr(ft, f));
}

static Value intConst(OpBuilder &b, Location loc, Type t, const APInt &v) {
  return arith::ConstantOp::create(b, loc, t, b.getIntegerAttr(t, v));
}

static Value intConst(OpBuilder &b, Location loc, Type t, int64_t v) {
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
// Complex elementary functions
//===----------------------------------------------------------------------===//
//
// NumPy 1.24 computes complex sin, cos, sinh, cosh, arcsin, arccos, arctan and
// the general case of power with the C library's csin, ccos, csinh, ccosh,
// casin, cacos, catan and cpow (glibc on Linux), so their special values are
// C99 Annex G's. The functions here reproduce those results:
//  - csin, csinh, ccosh (ccos(z) = ccosh(iz)) and cexp follow glibc's
//    algorithms step by step (same libm calls, same scaling past overflow);
//  - casinh (casin(z) = i conj(casinh(i conj(z)))), cacos and catanh
//    (catan likewise) are the algorithms of FreeBSD's msun (Hull, Fairgrieve
//    and Tang), which NumPy's npy_math_complex.c carries for platforms
//    without them; they stay within a few ulps of glibc for every finite
//    input, small and huge ones included, and the special values are glibc's.
// Branches are selects: every side is computed (no traps in IEEE arithmetic)
// and the taken one kept, so the code is straight-line. No fast-math flags:
// the compensated steps below rely on IEEE rounding.

namespace {
/// IEEE arithmetic on one float type (f32 or f64) for the complex functions.
/// Comparisons have C's semantics (false with a NaN).
struct FOps {
  OpBuilder &b;
  Location loc;
  FloatType t;

  using P = arith::CmpFPredicate;

  bool isF32() { return t.getWidth() == 32; }
  double eps() {
    return isF32() ? std::numeric_limits<float>::epsilon()
                   : std::numeric_limits<double>::epsilon();
  }
  double maxValue() {
    return isF32() ? std::numeric_limits<float>::max()
                   : std::numeric_limits<double>::max();
  }
  /// The smallest normal number (FLT_MIN / DBL_MIN).
  double minNormal() {
    return isF32() ? std::numeric_limits<float>::min()
                   : std::numeric_limits<double>::min();
  }
  int mantDigits() { return isF32() ? 24 : 53; }

  Value c(double v) { return floatConst(b, loc, t, v); }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  /// max/min of values known not to be NaN where the result matters.
  Value max(Value x, Value y) {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value min(Value x, Value y) {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value copysign(Value x, Value s) {
    return math::CopySignOp::create(b, loc, x, s);
  }
  Value sqrt(Value x) { return math::SqrtOp::create(b, loc, x); }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value log(Value x) { return math::LogOp::create(b, loc, x); }
  Value sin(Value x) { return math::SinOp::create(b, loc, x); }
  Value cos(Value x) { return math::CosOp::create(b, loc, x); }
  Value sinh(Value x) { return math::SinhOp::create(b, loc, x); }
  Value cosh(Value x) { return math::CoshOp::create(b, loc, x); }
  Value asin(Value x) { return math::AsinOp::create(b, loc, x); }
  Value acos(Value x) { return math::AcosOp::create(b, loc, x); }
  Value atan(Value x) { return math::AtanOp::create(b, loc, x); }
  Value atan2(Value y, Value x) { return math::Atan2Op::create(b, loc, y, x); }
  Value floor(Value x) { return math::FloorOp::create(b, loc, x); }

  Value cmp(P p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value lt(Value x, Value y) { return cmp(P::OLT, x, y); }
  Value le(Value x, Value y) { return cmp(P::OLE, x, y); }
  Value gt(Value x, Value y) { return cmp(P::OGT, x, y); }
  Value ge(Value x, Value y) { return cmp(P::OGE, x, y); }
  Value eq(Value x, Value y) { return cmp(P::OEQ, x, y); }
  Value eq(Value x, double v) { return eq(x, c(v)); }
  Value sel(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, loc, cond, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value notI(Value x) {
    return arith::XOrIOp::create(b, loc, x, intConst(b, loc, b.getI1Type(), 1));
  }
  Value isNan(Value x) { return cmp(P::UNO, x, x); }
  Value isInf(Value x) { return eq(abs(x), INFINITY); }
  Value isFinite(Value x) { return lt(abs(x), c(INFINITY)); }
  Value signbit(Value x) {
    Type it = b.getIntegerType(t.getWidth());
    Value bits = arith::BitcastOp::create(b, loc, it, x);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, bits,
                                 intConst(b, loc, it, 0));
  }

  /// 2^(bias + 1 - e) for the biased exponent e of a normal m > 0, so that
  /// m times it is in [2, 4) (FreeBSD's SET_HIGH_WORD(scale, 0x7ff00000 - ix)).
  Value pow2Scale(Value m) {
    unsigned w = t.getWidth();
    int64_t mant = mantDigits() - 1, bias = isF32() ? 127 : 1023;
    Type it = b.getIntegerType(w);
    Value bits = arith::BitcastOp::create(b, loc, it, m);
    Value e = arith::ShRUIOp::create(b, loc, bits, intConst(b, loc, it, mant));
    Value se =
        arith::SubIOp::create(b, loc, intConst(b, loc, it, 2 * bias + 1), e);
    Value sb = arith::ShLIOp::create(b, loc, se, intConst(b, loc, it, mant));
    return arith::BitcastOp::create(b, loc, t, sb);
  }

  /// hypot(x, y) without spurious overflow or underflow: +inf if either is
  /// infinite, else NaN if either is NaN. f32 squares and sums in f64 (one
  /// rounding); f64 is max * sqrt(1 + (min / max)^2), within 2 ulps.
  Value hypot(Value x, Value y) {
    Value ax = abs(x), ay = abs(y), h;
    if (isF32()) {
      Type f64 = b.getF64Type();
      Value wx = arith::ExtFOp::create(b, loc, f64, ax);
      Value wy = arith::ExtFOp::create(b, loc, f64, ay);
      h = arith::TruncFOp::create(b, loc, t,
                                  sqrt(add(mul(wx, wx), mul(wy, wy))));
    } else {
      Value hi = max(ax, ay), lo = min(ax, ay);
      Value r = div(lo, hi);
      h = mul(hi, sqrt(add(c(1), mul(r, r))));
      h = sel(eq(hi, 0.0), c(0), h);
      h = sel(isInf(hi), c(INFINITY), h);
    }
    Value nanOrInf = sel(orI(isInf(x), isInf(y)), c(INFINITY), c(NAN));
    return sel(orI(isNan(x), isNan(y)), nanOrInf, h);
  }

  /// log1p(x) = log(u) * (x / (u - 1)) with u = 1 + x (Goldberg's
  /// correction: a few ulps). math.log1p is not used: convert-math-to-llvm
  /// lowers it to log(1 + x), which loses all accuracy for tiny x.
  Value log1p(Value x) {
    Value u = add(c(1), x);
    Value r = mul(log(u), div(x, sub(u, c(1))));
    r = sel(eq(u, 1.0), x, r);
    return sel(eq(u, INFINITY), u, r);
  }

  /// expm1(x) = (u - 1) * x / log(u) with u = exp(x) (Kahan's correction: a
  /// few ulps); math.expm1 is not used for the same reason as math.log1p.
  Value expm1(Value x) {
    Value u = exp(x), um1 = sub(u, c(1));
    Value r = mul(um1, div(x, log(u)));
    r = sel(eq(um1, -1.0), c(-1), r);
    r = sel(eq(u, 1.0), x, r);
    return sel(eq(u, INFINITY), u, r);
  }

  /// atanh(x) for |x| <= 1 as FreeBSD's e_atanh: log1p(2|x| + 2|x|^2 /
  /// (1 - |x|)) / 2 below 1/2, log1p(2|x| / (1 - |x|)) / 2 above, with the
  /// sign of x. (math.atanh becomes a libm call through a func.func
  /// declaration, which the C-interface wrappers of the pipeline break.)
  Value atanh(Value x) {
    Value ax = abs(x), one = c(1), half = c(0.5);
    Value t = add(ax, ax);
    Value small = log1p(add(t, div(mul(t, ax), sub(one, ax))));
    Value large = log1p(div(t, sub(one, ax)));
    return copysign(mul(half, sel(lt(ax, half), small, large)), x);
  }
};

/// A complex number as its two parts.
using CPair = std::pair<Value, Value>;
} // namespace

/// FreeBSD's _clog_for_large_values: clog(x + iy) for finite |z| larger than
/// about 1/eps (and for infinite parts: +inf + i atan2(y, x)).
static CPair clogForLargeValues(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value hi = f.max(ax, ay), lo = f.min(ax, ay);
  Value e = f.c(llvm::numbers::e);
  // Both near the maximum: hypot(x/e, y/e) does not overflow; add log(e).
  Value r1 = f.add(f.log(f.hypot(f.div(x, e), f.div(y, e))), f.c(1));
  Value r2 = f.log(f.hypot(x, y));
  Value r3 = f.div(f.log(f.add(f.mul(hi, hi), f.mul(lo, lo))), f.c(2));
  Value quarterSqrtMax = f.c(std::sqrt(f.maxValue()) / 4);
  Value sqrtMin = f.c(std::sqrt(f.minNormal()));
  Value rr =
      f.sel(f.gt(hi, f.c(f.maxValue() / 2)), r1,
            f.sel(f.orI(f.gt(hi, quarterSqrtMax), f.lt(lo, sqrtMin)), r2, r3));
  return {rr, f.atan2(y, x)};
}

/// FreeBSD's f(a, b, hypot(a, b)) = (hypot(a, b) - b) / 2 without
/// cancellation.
static Value hypotMinusB(FOps &f, Value a, Value bv, Value h) {
  Value two = f.c(2);
  Value pos = f.div(f.div(f.mul(a, a), f.add(h, bv)), two);
  Value r = f.sel(f.eq(bv, 0.0), f.div(a, two), pos);
  return f.sel(f.lt(bv, f.c(0)), f.div(f.sub(h, bv), two), r);
}

namespace {
/// The results of FreeBSD's _do_hard_work for casinh/cacos.
struct HardWork {
  Value rx;        // Re(casinh(x + iy)) = -Im(cacos(y + ix))
  Value bUsable;   // i1: asin(b) / acos(b) is accurate
  Value bv;        // B = y / A
  Value sqrtA2my2; // sqrt(A^2 - y^2), possibly rescaled with newY
  Value newY;
};
} // namespace

/// FreeBSD's _do_hard_work (Hull et al.'s algorithm): x, y >= 0 finite and
/// below 1/eps. A = (|z + i| + |z - i|) / 2, B = y / A; log(A + sqrt(A^2-1))
/// and asin(B) are rewritten where they would cancel (z near [-i, i] or near
/// the cuts [i, i inf)).
static HardWork hardWork(FOps &f, Value x, Value y) {
  double eps = f.eps();
  Value one = f.c(1), two = f.c(2);
  Value r = f.hypot(x, f.add(y, one)); // |z + i|
  Value s = f.hypot(x, f.sub(y, one)); // |z - i|
  Value a = f.div(f.add(r, s), two);
  a = f.sel(f.lt(a, one), one, a); // A >= 1 mathematically.
  Value ym1 = f.sub(y, one), yp1 = f.add(y, one), omy = f.sub(one, y);
  Value xBig = f.ge(x, f.mul(f.c(eps), f.abs(ym1))); // no underflow in f()
  Value yIs1 = f.eq(y, 1.0);

  // rx = log(A + sqrt(A^2 - 1)), via log1p(Am1 + sqrt(Am1 * (A + 1))) below
  // the crossover, Am1 = A - 1 = f(x, 1 + y) + f(x, 1 - y).
  Value am1 = f.add(hypotMinusB(f, x, yp1, r), hypotMinusB(f, x, omy, s));
  Value rx = f.log1p(f.add(am1, f.sqrt(f.mul(am1, f.add(a, one)))));
  Value rxSmallX = f.sel(f.lt(y, one), f.div(x, f.sqrt(f.mul(omy, yp1))),
                         f.log1p(f.add(ym1, f.sqrt(f.mul(ym1, yp1)))));
  rx = f.sel(xBig, rx, rxSmallX);
  rx = f.sel(f.andI(yIs1, f.lt(x, f.c(eps * eps / 128))), f.sqrt(x), rx);
  Value rxLarge = f.log(f.add(a, f.sqrt(f.sub(f.mul(a, a), one))));
  rx = f.sel(f.lt(a, f.c(10)), rx, rxLarge);

  // B, and sqrt(A^2 - y^2) = sqrt(Amy * (A + y)) where B > 0.6417 would make
  // asin(B) inaccurate, Amy = A - y = f(x, y + 1) + f(x, y - 1).
  Value bv = f.div(y, a);
  Value amy = f.add(hypotMinusB(f, x, yp1, r), hypotMinusB(f, x, ym1, s));
  Value sq = f.sqrt(f.mul(amy, f.add(a, y)));
  Value scaleY = f.c(4 / eps / eps);
  Value sqYGt1 = f.div(f.mul(f.mul(x, scaleY), y), f.sqrt(f.mul(yp1, ym1)));
  Value sqYLt1 = f.sqrt(f.mul(omy, yp1));
  Value yGt1 = f.gt(y, one);
  sq = f.sel(xBig, sq, f.sel(yGt1, sqYGt1, sqYLt1));
  Value newY = f.sel(f.andI(f.notI(xBig), yGt1), f.mul(y, scaleY), y);
  Value tinyX = f.andI(yIs1, f.lt(x, f.c(eps / 128)));
  sq = f.sel(tinyX, f.mul(f.sqrt(x), f.sqrt(f.div(f.add(a, y), two))), sq);
  newY = f.sel(tinyX, y, newY);
  Value usable = f.le(bv, f.c(0.6417));
  // y / A could underflow: go through atan2 with both sides scaled.
  Value ySmall = f.lt(y, f.c(4 * std::sqrt(f.minNormal())));
  usable = f.andI(usable, f.notI(ySmall));
  sq = f.sel(ySmall, f.mul(a, f.c(2 / eps)), sq);
  newY = f.sel(ySmall, f.mul(y, f.c(2 / eps)), newY);
  return {rx, usable, bv, sq, newY};
}

/// casinh(x + iy) (FreeBSD): ~z for tiny |z|, sign(x) (log 2 + clog(|z|))
/// for huge |z|, Hull et al. in between.
static CPair cAsinh(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  HardWork h = hardWork(f, ax, ay);
  Value ry = f.sel(h.bUsable, f.asin(h.bv), f.atan2(h.newY, h.sqrtA2my2));
  Value re = f.copysign(h.rx, x), im = f.copysign(ry, y);
  Value tiny = f.c(std::sqrt(6 * f.eps()) / 4);
  Value isTiny = f.andI(f.lt(ax, tiny), f.lt(ay, tiny));
  re = f.sel(isTiny, x, re);
  im = f.sel(isTiny, y, im);
  Value negX = f.signbit(x);
  CPair w =
      clogForLargeValues(f, f.sel(negX, f.neg(x), x), f.sel(negX, f.neg(y), y));
  Value wx = f.add(w.first, f.c(llvm::numbers::ln2));
  Value recipEps = f.c(1 / f.eps());
  Value large = f.orI(f.gt(ax, recipEps), f.gt(ay, recipEps));
  re = f.sel(large, f.copysign(wx, x), re);
  im = f.sel(large, f.copysign(w.second, y), im);
  // NaNs: casinh(+-inf + i NaN) = +-inf + i NaN, casinh(NaN +- i inf) =
  // inf + i NaN, casinh(NaN + i 0) = NaN + i 0, else NaN + i NaN.
  Value nan = f.c(NAN);
  Value xInf = f.isInf(x), yInf = f.isInf(y), y0 = f.eq(y, 0.0);
  Value nre = f.sel(xInf, x, f.sel(yInf, ay, f.sel(y0, f.add(x, x), nan)));
  Value nim =
      f.sel(xInf, f.add(y, y), f.sel(yInf, f.add(x, x), f.sel(y0, y, nan)));
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  return {f.sel(anyNan, nre, re), f.sel(anyNan, nim, im)};
}

/// pi/2 as FreeBSD splits it: hi + lo (lo only rounds; f32's lo is msun's).
static std::pair<double, double> pio2Parts(FOps &f) {
  if (f.isF32())
    return {static_cast<float>(llvm::numbers::pi / 2), 7.5497899549e-9};
  return {llvm::numbers::pi / 2, 6.1232339957367659e-17};
}

/// cacos(x + iy) (FreeBSD).
static CPair cAcos(FOps &f, Value x, Value y) {
  Value sx = f.signbit(x), sy = f.signbit(y);
  Value ax = f.abs(x), ay = f.abs(y);
  auto [pio2Hi, pio2Lo] = pio2Parts(f);
  HardWork h = hardWork(f, ay, ax);
  Value rx = f.sel(h.bUsable, f.acos(f.sel(sx, f.neg(h.bv), h.bv)),
                   f.atan2(h.sqrtA2my2, f.sel(sx, f.neg(h.newY), h.newY)));
  Value ry = f.sel(sy, h.rx, f.neg(h.rx));
  // Tiny |z|: pi/2 - x - iy.
  Value tiny = f.c(std::sqrt(6 * f.eps()) / 4);
  Value isTiny = f.andI(f.lt(ax, tiny), f.lt(ay, tiny));
  rx = f.sel(isTiny, f.sub(f.c(pio2Hi), f.sub(x, f.c(pio2Lo))), rx);
  ry = f.sel(isTiny, f.neg(y), ry);
  // cacos(1 + i0) = 0 - i0 exactly.
  Value one0 = f.andI(f.eq(x, 1.0), f.eq(y, 0.0));
  rx = f.sel(one0, f.c(0), rx);
  ry = f.sel(one0, f.neg(y), ry);
  // Huge |z|: |arg z| - i sign(y) (log 2 + log|z|).
  CPair w = clogForLargeValues(f, x, y);
  Value recipEps = f.c(1 / f.eps());
  Value large = f.orI(f.gt(ax, recipEps), f.gt(ay, recipEps));
  Value lry = f.add(w.first, f.c(llvm::numbers::ln2));
  rx = f.sel(large, f.abs(w.second), rx);
  ry = f.sel(large, f.sel(sy, lry, f.neg(lry)), ry);
  // NaNs: cacos(+-inf + i NaN) = NaN - i inf, cacos(NaN +- i inf) =
  // NaN -+ i inf, cacos(0 + i NaN) = pi/2 + i NaN, else NaN + i NaN.
  Value nan = f.c(NAN);
  Value xInf = f.isInf(x), yInf = f.isInf(y), x0 = f.eq(x, 0.0);
  Value nre = f.sel(xInf, f.add(y, y),
                    f.sel(yInf, f.add(x, x), f.sel(x0, f.c(pio2Hi), nan)));
  Value nim = f.sel(xInf, f.c(-INFINITY),
                    f.sel(yInf, f.neg(y), f.sel(x0, f.add(y, y), nan)));
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  return {f.sel(anyNan, nre, rx), f.sel(anyNan, nim, ry)};
}

/// FreeBSD's real_part_reciprocal: x / (x^2 + y^2) for |z| > 1/eps without
/// spurious overflow or underflow (scaled by a power of 2).
static Value realPartReciprocal(FOps &f, Value x, Value y) {
  Value m = f.max(f.abs(x), f.abs(y));
  m = f.sel(f.isInf(m), f.c(1), m);
  Value s = f.pow2Scale(m);
  Value xs = f.mul(x, s), ys = f.mul(y, s);
  Value r = f.mul(f.div(xs, f.add(f.mul(xs, xs), f.mul(ys, ys))), s);
  r = f.sel(f.isInf(y), f.div(f.div(x, y), y), r);
  return f.sel(f.isInf(x), f.div(f.c(1), x), r);
}

/// catanh(x + iy) (FreeBSD).
static CPair cAtanh(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value one = f.c(1), two = f.c(2), four = f.c(4);
  double eps = f.eps();
  auto [pio2Hi, pio2Lo] = pio2Parts(f);
  Value pio2 = f.c(pio2Hi + pio2Lo);
  // Re = log1p(4|x| / ((|x| - 1)^2 + y^2)) / 4, Im = atan2(2|y|, (1 - |x|)
  // (1 + |x|) - y^2) / 2, with the cancelling cases rewritten.
  Value xm1 = f.sub(ax, one);
  Value sumSq = f.sel(f.lt(ay, f.c(std::sqrt(f.minNormal()))), f.mul(xm1, xm1),
                      f.add(f.mul(xm1, xm1), f.mul(ay, ay)));
  Value ax1 = f.eq(ax, 1.0), ayTiny = f.lt(ay, f.c(eps));
  Value rx = f.sel(f.andI(ax1, ayTiny),
                   f.div(f.sub(f.c(llvm::numbers::ln2), f.log(ay)), two),
                   f.div(f.log1p(f.div(f.mul(four, ax), sumSq)), four));
  Value t = f.mul(f.sub(one, ax), f.add(one, ax));
  Value twoAy = f.mul(two, ay);
  Value ry =
      f.sel(ayTiny, f.atan2(twoAy, t), f.atan2(twoAy, f.sub(t, f.mul(ay, ay))));
  ry = f.div(f.sel(ax1, f.atan2(two, f.neg(ay)), ry), two);
  Value re = f.copysign(rx, x), im = f.copysign(ry, y);
  Value tiny = f.c(std::sqrt(3 * eps) / 2);
  Value isTiny = f.andI(f.lt(ax, tiny), f.lt(ay, tiny));
  re = f.sel(isTiny, x, re);
  im = f.sel(isTiny, y, im);
  Value recipEps = f.c(1 / eps);
  Value large = f.orI(f.gt(ax, recipEps), f.gt(ay, recipEps));
  re = f.sel(large, realPartReciprocal(f, x, y), re);
  im = f.sel(large, f.copysign(pio2, y), im);
  // NaNs: catanh(+-inf + i NaN) = +-0 + i NaN, catanh(NaN +- i inf) =
  // +-0 +- i pi/2, else NaN + i NaN.
  Value nan = f.c(NAN);
  Value xInf = f.isInf(x), yInf = f.isInf(y);
  Value nre = f.sel(f.orI(xInf, yInf), f.copysign(f.c(0), x), nan);
  Value nim = f.sel(xInf, f.add(y, y), f.sel(yInf, f.copysign(pio2, y), nan));
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  re = f.sel(anyNan, nre, re);
  im = f.sel(anyNan, nim, im);
  // x == 0: x + i atan(y) (exactly as accurate as atan); y == 0, |x| <= 1:
  // atanh(x) + i y.
  Value x0 = f.eq(x, 0.0);
  re = f.sel(x0, x, re);
  im = f.sel(x0, f.atan(y), im);
  Value real = f.andI(f.eq(y, 0.0), f.le(ax, one));
  return {f.sel(real, f.atanh(x), re), f.sel(real, y, im)};
}

/// glibc's t = (int)((MAX_EXP - 1) * ln 2) past which exp overflows, and
/// exp(t).
static std::pair<Value, Value> expThreshold(FOps &f) {
  if (f.isF32())
    return {f.c(88), f.c(std::exp(88.0f))};
  return {f.c(709), f.c(std::exp(709.0))};
}

/// glibc's (sin v, cos v), except (v, 1) for |v| <= the smallest normal.
static CPair sinCosSmall(FOps &f, Value v) {
  Value big = f.gt(f.abs(v), f.c(f.minNormal()));
  return {f.sel(big, f.sin(v), v), f.sel(big, f.cos(v), f.c(1))};
}

/// glibc's tail of csin/csinh/ccosh for an argument r > t: u and v are the
/// factors already multiplied by exp(t) / 2; returns exp(r) * (u, v) with
/// one more exp(t) step and saturation to MAX * (u, v) past 3t.
static CPair expScaledTail(FOps &f, Value r, Value u, Value v) {
  auto [t, expT] = expThreshold(f);
  r = f.sub(r, t);
  Value again = f.gt(r, t);
  r = f.sel(again, f.sub(r, t), r);
  u = f.sel(again, f.mul(u, expT), u);
  v = f.sel(again, f.mul(v, expT), v);
  Value over = f.gt(r, t);
  Value e = f.sel(over, f.c(f.maxValue()), f.exp(r));
  return {f.mul(e, u), f.mul(e, v)};
}

/// csinh(x + iy) as glibc: sinh x cos y + i cosh x sin y.
static CPair cSinh(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value negX = f.signbit(x), ax = f.abs(x);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), y0 = f.eq(y, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN);
  auto [s, c] = sinCosSmall(f, y);
  // Both finite.
  Value cn = f.sel(negX, f.neg(c), c);
  Value re = f.mul(f.sinh(ax), cn), im = f.mul(f.cosh(ax), s);
  Value half = f.div(expT, f.c(2));
  CPair big = expScaledTail(f, ax, f.mul(cn, half), f.mul(s, half));
  Value isBig = f.gt(ax, t);
  re = f.sel(isBig, big.first, re);
  im = f.sel(isBig, big.second, im);
  // x finite, y inf or NaN: +-0 + i NaN for x == +-0, else NaN + i NaN.
  Value x0 = f.eq(x, 0.0);
  Value yNotFin = f.andI(xFin, f.notI(yFin));
  re = f.sel(yNotFin, f.sel(x0, f.copysign(f.c(0), x), nan), re);
  im = f.sel(yNotFin, f.sel(x0, f.sub(y, y), nan), im);
  // x = +-inf: +-inf * cis(y) for y finite nonzero, +-inf + i y for y = 0,
  // inf + i NaN for y inf or NaN.
  Value yFinNz = f.andI(yFin, f.notI(y0));
  Value infRe = f.copysign(inf, c);
  infRe = f.sel(negX, f.neg(infRe), infRe);
  Value iRe = f.sel(yFinNz, infRe, f.sel(y0, f.copysign(inf, x), inf));
  Value iIm = f.sel(yFinNz, f.copysign(inf, s), f.sel(y0, y, f.sub(y, y)));
  Value xInf = f.isInf(x);
  re = f.sel(xInf, iRe, re);
  im = f.sel(xInf, iIm, im);
  // x NaN: NaN + i y for y == 0, else NaN + i NaN.
  Value xNan = f.isNan(x);
  return {f.sel(xNan, nan, re), f.sel(xNan, f.sel(y0, y, nan), im)};
}

/// ccosh(x + iy) as glibc: cosh x cos y + i sinh x sin y.
static CPair cCosh(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value ax = f.abs(x);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), y0 = f.eq(y, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN), one = f.c(1);
  auto [s, c] = sinCosSmall(f, y);
  Value re = f.mul(f.cosh(x), c), im = f.mul(f.sinh(x), s);
  Value half = f.div(expT, f.c(2));
  Value sn = f.sel(f.signbit(x), f.neg(s), s);
  CPair big = expScaledTail(f, ax, f.mul(c, half), f.mul(sn, half));
  Value isBig = f.gt(ax, t);
  re = f.sel(isBig, big.first, re);
  im = f.sel(isBig, big.second, im);
  // x finite, y inf or NaN: NaN + i 0 for x == 0, else NaN + i NaN.
  Value yNotFin = f.andI(xFin, f.notI(yFin));
  re = f.sel(yNotFin, f.sub(y, y), re);
  im = f.sel(yNotFin, f.sel(f.eq(x, 0.0), f.c(0), nan), im);
  // x = +-inf: inf * cis(y) (imaginary part times sign x) for y finite
  // nonzero, inf + i y sign(x) for y = 0, inf + i NaN otherwise.
  Value yFinNz = f.andI(yFin, f.notI(y0));
  Value sgnX = f.copysign(one, x);
  Value iRe = f.sel(yFinNz, f.copysign(inf, c), inf);
  Value iIm = f.sel(yFinNz, f.mul(f.copysign(inf, s), sgnX),
                    f.sel(y0, f.mul(y, sgnX), f.sub(y, y)));
  Value xInf = f.isInf(x);
  re = f.sel(xInf, iRe, re);
  im = f.sel(xInf, iIm, im);
  Value xNan = f.isNan(x);
  return {f.sel(xNan, nan, re), f.sel(xNan, f.sel(y0, y, nan), im)};
}

/// ctanh(x + iy) as glibc: (sinh x cosh x + i sin y cos y) / (sinh^2 x +
/// cos^2 y), with the real part +-1 and the imaginary part scaled by
/// exp(-2|x|) past glibc's t = (int)((MAX_EXP - 1) ln 2 / 2).
static CPair cTanh(FOps &f, Value x, Value y) {
  double tv = f.isF32() ? 44 : 354;
  Value t = f.c(tv), exp2t = f.c(f.isF32() ? std::exp(88.0f) : std::exp(708.0));
  Value one = f.c(1), nan = f.c(NAN);
  auto [s, c] = sinCosSmall(f, y);
  // |x| > t: +-1 + i 4 sin y cos y / exp(2|x|), in two steps.
  Value ax = f.abs(x);
  Value r = f.sub(ax, t);
  Value bigIm = f.div(f.mul(f.c(4), f.mul(s, c)), exp2t);
  bigIm = f.sel(f.gt(r, t), f.div(bigIm, exp2t),
                f.div(bigIm, f.exp(f.mul(f.c(2), r))));
  // Otherwise the quotient (sinh x, cosh x replaced by x, 1 when tiny).
  Value xSmall = f.le(ax, f.c(f.minNormal()));
  Value sh = f.sel(xSmall, x, f.sinh(x)), ch = f.sel(xSmall, one, f.cosh(x));
  Value cc = f.mul(c, c);
  Value den = f.sel(f.gt(f.abs(sh), f.mul(f.abs(c), f.c(f.eps()))),
                    f.add(f.mul(sh, sh), cc), cc);
  Value isBig = f.gt(ax, t);
  Value re = f.sel(isBig, f.copysign(one, x), f.div(f.mul(sh, ch), den));
  Value im = f.sel(isBig, bigIm, f.div(f.mul(s, c), den));
  // x or y not finite: x = +-inf gives +-1 + i 0 (signed like sin y cos y
  // for a finite |y| > 1, else like y); y == 0 keeps z; otherwise NaN + i
  // NaN, but a zero x stays.
  Value yFin = f.isFinite(y);
  Value infIm = f.copysign(
      f.c(0), f.sel(f.andI(yFin, f.gt(f.abs(y), one)), f.mul(s, c), y));
  Value nfRe = f.sel(f.isInf(x), f.copysign(one, x),
                     f.sel(f.eq(y, 0.0), x, f.sel(f.eq(x, 0.0), x, nan)));
  Value nfIm = f.sel(f.isInf(x), infIm, f.sel(f.eq(y, 0.0), y, nan));
  Value notFin = f.orI(f.notI(f.isFinite(x)), f.notI(yFin));
  return {f.sel(notFin, nfRe, re), f.sel(notFin, nfIm, im)};
}

/// csin(x + iy) as glibc: sin x cosh y + i cos x sinh y.
static CPair cSin(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value negX = f.signbit(x), ax = f.abs(x), ay = f.abs(y);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), x0 = f.eq(x, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN);
  auto [s, c] = sinCosSmall(f, ax);
  Value sn = f.sel(negX, f.neg(s), s);
  Value re = f.mul(f.cosh(y), sn), im = f.mul(f.sinh(y), c);
  Value half = f.div(expT, f.c(2));
  Value cn = f.sel(f.signbit(y), f.neg(c), c);
  CPair big = expScaledTail(f, ay, f.mul(sn, half), f.mul(cn, half));
  Value isBig = f.gt(ay, t);
  re = f.sel(isBig, big.first, re);
  im = f.sel(isBig, big.second, im);
  // y finite, x inf or NaN: NaN + i y for y == 0, else NaN + i NaN.
  Value y0 = f.eq(y, 0.0);
  Value xNotFin = f.andI(yFin, f.notI(xFin));
  re = f.sel(xNotFin, f.sel(y0, f.sub(ax, ax), nan), re);
  im = f.sel(xNotFin, f.sel(y0, y, nan), im);
  // y = +-inf: +-0 + i y for x == +-0; inf-signed sin x + i inf-signed
  // cos x (times sign y) for x finite; NaN + i inf for x inf or NaN.
  Value signedZero = f.copysign(f.c(0), x);
  Value fRe = f.copysign(inf, s);
  fRe = f.sel(negX, f.neg(fRe), fRe);
  Value fIm = f.copysign(inf, c);
  fIm = f.sel(f.signbit(y), f.neg(fIm), fIm);
  Value yInf = f.isInf(y);
  re = f.sel(yInf, f.sel(x0, signedZero, f.sel(xFin, fRe, f.sub(ax, ax))), re);
  im = f.sel(yInf, f.sel(x0, y, f.sel(xFin, fIm, inf)), im);
  // y NaN: +-0 + i NaN for x == +-0, else NaN + i NaN.
  Value yNan = f.isNan(y);
  return {f.sel(yNan, f.sel(x0, signedZero, nan), re), f.sel(yNan, nan, im)};
}

/// cexp(x + iy) as glibc.
static CPair cExp(FOps &f, Value x, Value y) {
  auto [t, expT] = expThreshold(f);
  Value xFin = f.isFinite(x), yFin = f.isFinite(y), y0 = f.eq(y, 0.0);
  Value inf = f.c(INFINITY), nan = f.c(NAN), zero = f.c(0);
  auto [s, c] = sinCosSmall(f, y);
  // Finite: exp(x) (cos y + i sin y), x past t in up to two exp(t) steps.
  Value big = f.gt(x, t);
  Value x1 = f.sel(big, f.sub(x, t), x);
  Value s1 = f.sel(big, f.mul(s, expT), s), c1 = f.sel(big, f.mul(c, expT), c);
  Value big2 = f.andI(big, f.gt(x1, t));
  Value x2 = f.sel(big2, f.sub(x1, t), x1);
  s1 = f.sel(big2, f.mul(s1, expT), s1);
  c1 = f.sel(big2, f.mul(c1, expT), c1);
  Value e = f.sel(f.gt(x2, t), f.c(f.maxValue()), f.exp(x2));
  Value re = f.mul(e, c1), im = f.mul(e, s1);
  // x finite, y inf or NaN: NaN + i NaN.
  Value yNotFin = f.andI(xFin, f.notI(yFin));
  re = f.sel(yNotFin, nan, re);
  im = f.sel(yNotFin, nan, im);
  // x = +-inf: (0 or inf) * cis(y) for y finite (y itself when 0); inf +
  // i NaN for x = +inf, 0 +- i 0 for x = -inf, when y is inf or NaN.
  Value negX = f.signbit(x);
  Value v = f.sel(negX, zero, inf);
  Value iRe = f.sel(yFin, f.sel(y0, v, f.copysign(v, c)), v);
  Value iIm = f.sel(yFin, f.sel(y0, y, f.copysign(v, s)),
                    f.sel(negX, f.copysign(zero, y), f.sub(y, y)));
  Value xInf = f.isInf(x);
  re = f.sel(xInf, iRe, re);
  im = f.sel(xInf, iIm, im);
  Value xNan = f.isNan(x);
  return {f.sel(xNan, nan, re), f.sel(xNan, f.sel(y0, y, nan), im)};
}

/// csqrt(x + iy) as glibc: sqrt((|z| + |x|) / 2) on the side of the larger
/// root and y / (2 root) on the other (no cancellation), with the
/// arguments scaled by 1/4 near overflow and up near underflow.
static CPair cSqrt(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value half = f.c(0.5), zero = f.c(0), inf = f.c(INFINITY), nan = f.c(NAN);
  double minN = f.minNormal(), quarterMax = f.maxValue() / 4;
  int k = (f.mantDigits() + 1) / 2;
  // Scaling.
  Value bigX = f.gt(ax, f.c(quarterMax));
  Value up = f.orI(bigX, f.gt(ay, f.c(quarterMax)));
  Value down = f.andI(f.notI(up), f.andI(f.lt(ax, f.c(2 * minN)),
                                         f.lt(ay, f.c(2 * minN))));
  Value q = f.c(0.25), w = f.c(std::ldexp(1.0, 2 * k));
  Value xs = f.sel(up,
                   f.sel(f.orI(bigX, f.ge(ax, f.c(4 * minN))), f.mul(x, q), zero),
                   f.sel(down, f.mul(x, w), x));
  Value ys = f.sel(up, f.mul(y, q), f.sel(down, f.mul(y, w), y));
  Value d = f.hypot(xs, ys);
  Value early = f.andI(up, f.lt(f.abs(ys), f.c(1)));
  // x > 0: r = sqrt((d + x) / 2), s = y / (2r); else s = sqrt((d - x) / 2),
  // r = |y / (2s)|. `early` applies the factor 2 of the 1/4 scaling first.
  Value rp = f.sqrt(f.mul(half, f.add(d, xs)));
  Value sp = f.sel(early, f.div(ys, rp), f.mul(half, f.div(ys, rp)));
  rp = f.sel(early, f.mul(rp, f.c(2)), rp);
  Value sn = f.sqrt(f.mul(half, f.sub(d, xs)));
  Value rn = f.sel(early, f.abs(f.div(ys, sn)), f.abs(f.mul(half, f.div(ys, sn))));
  sn = f.sel(early, f.mul(sn, f.c(2)), sn);
  Value pos = f.gt(xs, zero);
  Value r = f.sel(pos, rp, rn), sv = f.sel(pos, sp, sn);
  Value post = f.sel(f.andI(up, f.notI(early)), f.c(2),
                     f.sel(down, f.c(std::ldexp(1.0, -k)), f.c(1)));
  r = f.mul(r, post);
  sv = f.mul(sv, post);
  Value re = r, im = f.copysign(sv, y);
  // x == 0 (y finite nonzero): r = sqrt(|y| / 2) on both sides.
  Value r0 = f.sel(f.ge(ay, f.c(2 * minN)), f.sqrt(f.mul(half, ay)),
                   f.mul(half, f.sqrt(f.mul(f.c(2), ay))));
  Value x0 = f.eq(x, 0.0);
  re = f.sel(x0, r0, re);
  im = f.sel(x0, f.copysign(r0, y), im);
  // y == 0: the real square root on one side, a signed zero on the other.
  Value y0 = f.eq(y, 0.0), negX = f.lt(x, zero);
  re = f.sel(y0, f.sel(negX, zero, f.abs(f.sqrt(x))), re);
  im = f.sel(y0, f.sel(negX, f.copysign(f.sqrt(f.neg(x)), y),
                       f.copysign(zero, y)),
             im);
  // Not finite: y = +-inf gives inf + i y; x = -inf gives (0 or NaN) +-
  // i inf; x = +inf gives inf + i (+-0 or NaN); else NaN + i NaN.
  Value yNan = f.isNan(y);
  Value nfRe = f.sel(f.isInf(y), inf,
                     f.sel(f.isInf(x), f.sel(negX, f.sel(yNan, nan, zero), x),
                           nan));
  Value nfIm = f.sel(f.isInf(y), y,
                     f.sel(f.isInf(x),
                           f.sel(negX, f.copysign(inf, y),
                                 f.sel(yNan, nan, f.copysign(zero, y))),
                           nan));
  Value notFin = f.orI(f.notI(f.isFinite(x)), f.notI(f.isFinite(y)));
  return {f.sel(notFin, nfRe, re), f.sel(notFin, nfIm, im)};
}

/// Dekker's exact product a * b = p + e (Veltkamp splitting; |a|, |b| < 2).
static CPair twoProduct(FOps &f, Value a, Value bv) {
  Value splitter = f.c(f.isF32() ? 4097.0 : 134217729.0);
  auto split = [&](Value v) -> CPair {
    Value c = f.mul(splitter, v);
    Value hi = f.sub(c, f.sub(c, v));
    return {hi, f.sub(v, hi)};
  };
  auto [ah, al] = split(a);
  auto [bh, bl] = split(bv);
  Value p = f.mul(a, bv);
  Value e =
      f.add(f.add(f.add(f.sub(f.mul(ah, bh), p), f.mul(ah, bl)), f.mul(al, bh)),
            f.mul(al, bl));
  return {p, e};
}

/// Knuth's exact sum a + b = s + e.
static CPair twoSum(FOps &f, Value a, Value bv) {
  Value s = f.add(a, bv);
  Value bb = f.sub(s, a);
  Value e = f.add(f.sub(a, f.sub(s, bb)), f.sub(bv, bb));
  return {s, e};
}

/// clog(x + iy) with glibc's special values: log|z| from hypot, scaled at
/// the ends of the range, and near |z| = 1 glibc's log1p(x^2 + y^2 - 1) / 2
/// with the square sum in double-word arithmetic, so that log|z| is within a
/// few ulps there too. Power relies on it: an exponent b turns an absolute
/// error d of log|a| into a relative error |b| d of a ** b.
static CPair cLog(FOps &f, Value x, Value y) {
  Value ax = f.abs(x), ay = f.abs(y);
  Value hi = f.max(ax, ay), lo = f.min(ax, ay);
  Value two = f.c(2), ln2 = f.c(llvm::numbers::ln2);
  Value rHuge = f.add(f.log(f.hypot(f.div(hi, two), f.div(lo, two))), ln2);
  double up = std::ldexp(1.0, f.mantDigits());
  Value rTiny = f.sub(f.log(f.hypot(f.mul(hi, f.c(up)), f.mul(lo, f.c(up)))),
                      f.c(f.mantDigits() * llvm::numbers::ln2));
  Value rr = f.log(f.hypot(hi, lo));
  rr = f.sel(f.gt(hi, f.c(f.maxValue() / 2)), rHuge,
             f.sel(f.lt(hi, f.c(f.minNormal())), rTiny, rr));
  // 1/2 <= hi < 2, lo < 1: x^2 + y^2 - 1 = (px - 1) + py + ex + ey exactly
  // enough with px + ex = hi^2, py + ey = lo^2.
  auto [px, ex] = twoProduct(f, hi, hi);
  auto [py, ey] = twoProduct(f, lo, lo);
  auto [s1, e1] = twoSum(f, px, f.c(-1));
  auto [s2, e2] = twoSum(f, s1, py);
  Value d = f.add(s2, f.add(f.add(f.add(e1, e2), ex), ey));
  Value near1 =
      f.andI(f.andI(f.ge(hi, f.c(0.5)), f.lt(hi, two)), f.lt(lo, f.c(1)));
  rr = f.sel(near1, f.div(f.log1p(d), two), rr);
  Value ri = f.atan2(y, x);
  // log(+-0 +- i0) = -inf + i arg; NaN parts: inf + i NaN if the other part
  // is infinite, else NaN + i NaN.
  rr = f.sel(f.andI(f.eq(x, 0.0), f.eq(y, 0.0)), f.c(-INFINITY), rr);
  Value anyNan = f.orI(f.isNan(x), f.isNan(y));
  Value nanRe = f.sel(f.orI(f.isInf(x), f.isInf(y)), f.c(INFINITY), f.c(NAN));
  return {f.sel(anyNan, nanRe, rr), f.sel(anyNan, f.c(NAN), ri)};
}

/// (a + ib)(c + id) as C99 Annex G (GCC's __muldc3, which glibc's cpow
/// uses): the plain formula, redone with infinities boxed to +-1 and NaNs to
/// +-0 when both parts are NaN although a factor or a product is infinite.
static CPair cmulAnnexG(FOps &f, Value a, Value bv, Value c, Value d) {
  Value ac = f.mul(a, c), bd = f.mul(bv, d), ad = f.mul(a, d),
        bc = f.mul(bv, c);
  Value x = f.sub(ac, bd), y = f.add(ad, bc);
  Value one = f.c(1), zero = f.c(0);
  auto box = [&](Value v) {
    return f.copysign(f.sel(f.isInf(v), one, zero), v);
  };
  auto nanTo0 = [&](Value v) {
    return f.sel(f.isNan(v), f.copysign(zero, v), v);
  };
  Value abInf = f.orI(f.isInf(a), f.isInf(bv));
  Value cdInf = f.orI(f.isInf(c), f.isInf(d));
  Value a1 = f.sel(abInf, box(a), a), b1 = f.sel(abInf, box(bv), bv);
  Value c1 = f.sel(abInf, nanTo0(c), c), d1 = f.sel(abInf, nanTo0(d), d);
  c1 = f.sel(cdInf, box(c1), c1);
  d1 = f.sel(cdInf, box(d1), d1);
  a1 = f.sel(cdInf, nanTo0(a1), a1);
  b1 = f.sel(cdInf, nanTo0(b1), b1);
  Value recalc = f.orI(abInf, cdInf);
  Value prodInf =
      f.orI(f.orI(f.isInf(ac), f.isInf(bd)), f.orI(f.isInf(ad), f.isInf(bc)));
  Value only = f.andI(f.notI(recalc), prodInf);
  a1 = f.sel(only, nanTo0(a1), a1);
  b1 = f.sel(only, nanTo0(b1), b1);
  c1 = f.sel(only, nanTo0(c1), c1);
  d1 = f.sel(only, nanTo0(d1), d1);
  recalc = f.orI(recalc, prodInf);
  Value inf = f.c(INFINITY);
  Value xr = f.mul(inf, f.sub(f.mul(a1, c1), f.mul(b1, d1)));
  Value yr = f.mul(inf, f.add(f.mul(a1, d1), f.mul(b1, c1)));
  Value redo = f.andI(f.andI(f.isNan(x), f.isNan(y)), recalc);
  return {f.sel(redo, xr, x), f.sel(redo, yr, y)};
}

/// The plain product NumPy's npy_cpow uses for integer exponents (cmul).
static CPair cmulPlain(FOps &f, CPair a, CPair bv) {
  return {f.sub(f.mul(a.first, bv.first), f.mul(a.second, bv.second)),
          f.add(f.mul(a.first, bv.second), f.mul(a.second, bv.first))};
}

/// npy_cpow's quotient (Smith's algorithm, cdiv).
static CPair cdivSmith(FOps &f, CPair a, CPair bv) {
  auto [ar, ai] = a;
  auto [br, bi] = bv;
  Value abr = f.abs(br), abi = f.abs(bi), one = f.c(1);
  Value rat1 = f.div(bi, br);
  Value scl1 = f.div(one, f.add(br, f.mul(bi, rat1)));
  Value r1 = f.mul(f.add(ar, f.mul(ai, rat1)), scl1);
  Value i1 = f.mul(f.sub(ai, f.mul(ar, rat1)), scl1);
  // Division by zero: a complex inf or NaN.
  Value bothZero = f.andI(f.eq(abr, 0.0), f.eq(abi, 0.0));
  r1 = f.sel(bothZero, f.div(ar, abr), r1);
  i1 = f.sel(bothZero, f.div(ai, abi), i1);
  Value rat2 = f.div(br, bi);
  Value scl2 = f.div(one, f.add(bi, f.mul(br, rat2)));
  Value r2 = f.mul(f.add(f.mul(ar, rat2), ai), scl2);
  Value i2 = f.mul(f.sub(f.mul(ai, rat2), ar), scl2);
  Value first = f.ge(abr, abi);
  return {f.sel(first, r1, r2), f.sel(first, i1, i2)};
}

/// NumPy 1.24's npy_cpow: a ** 0 = 1; 0 ** b = 0 for real b > 0, else NaN
/// + i NaN; integer real exponents in (-100, 100) by repeated squaring with
/// the plain product (a ** 1 = a, a ** 2 = a a, a ** 3 = a (a a); negative
/// ones then 1 / r by Smith's division); otherwise the C library's cpow,
/// which is cexp(b * clog(a)) with the Annex G product.
static CPair cPow(FOps &f, CPair a, CPair bv) {
  auto [ar, ai] = a;
  auto [br, bi] = bv;
  Value zero = f.c(0), one = f.c(1);
  CPair l = cLog(f, ar, ai);
  CPair p = cmulAnnexG(f, br, bi, l.first, l.second);
  CPair r = cExp(f, p.first, p.second);
  // Integer exponents: |n| < 100 has at most 7 bits; bits past the top one
  // are 0 and leave the accumulator as NumPy's loop leaves it.
  Value isInt = f.andI(f.andI(f.eq(bi, 0.0), f.gt(br, f.c(-100))),
                       f.andI(f.lt(br, f.c(100)), f.eq(f.floor(br), br)));
  Type i32 = f.b.getI32Type();
  Value n =
      arith::FPToSIOp::create(f.b, f.loc, i32, f.abs(f.sel(isInt, br, zero)));
  CPair acc{one, zero}, pw = a;
  for (int k = 0; k < 7; ++k) {
    Value bit = arith::TruncIOp::create(
        f.b, f.loc, f.b.getI1Type(),
        arith::ShRUIOp::create(f.b, f.loc, n, intConst(f.b, f.loc, i32, k)));
    CPair m = cmulPlain(f, acc, pw);
    acc = {f.sel(bit, m.first, acc.first), f.sel(bit, m.second, acc.second)};
    if (k < 6)
      pw = cmulPlain(f, pw, pw);
  }
  CPair inv = cdivSmith(f, {one, zero}, acc);
  Value negN = f.lt(br, zero);
  CPair ip{f.sel(negN, inv.first, acc.first),
           f.sel(negN, inv.second, acc.second)};
  CPair sq = cmulPlain(f, a, a);
  CPair cube = cmulPlain(f, a, sq);
  Value is1 = f.eq(br, 1.0), is2 = f.eq(br, 2.0), is3 = f.eq(br, 3.0);
  ip = {f.sel(is1, ar, f.sel(is2, sq.first, f.sel(is3, cube.first, ip.first))),
        f.sel(is1, ai,
              f.sel(is2, sq.second, f.sel(is3, cube.second, ip.second)))};
  Value re = f.sel(isInt, ip.first, r.first),
        im = f.sel(isInt, ip.second, r.second);
  Value aZero = f.andI(f.eq(ar, 0.0), f.eq(ai, 0.0));
  Value zeroRes = f.andI(f.gt(br, zero), f.eq(bi, 0.0));
  Value nan = f.c(NAN);
  re = f.sel(aZero, f.sel(zeroRes, zero, nan), re);
  im = f.sel(aZero, f.sel(zeroRes, zero, nan), im);
  Value bZero = f.andI(f.eq(br, 0.0), f.eq(bi, 0.0));
  return {f.sel(bZero, one, re), f.sel(bZero, zero, im)};
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
