//===- TNPToLinalg.cpp - The tnp-convert-to-linalg pass -------------------===//
//
// Part of tnp. The pass, the type converter (the early signless conversion,
// function signatures included), shared helpers and the contract check.
//
//===----------------------------------------------------------------------===//

#include "tnp/Conversion/TNPToLinalg.h"
#include "Utils.h"
#include "tnp/Conversion/Passes.h"

#include "TNP/IR/TNPOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir {
namespace tnp {
#define GEN_PASS_DEF_TNPCONVERTTOLINALG
#define GEN_PASS_DEF_TNPVERIFYLINALGCONTRACT
#include "tnp/Conversion/Passes.h.inc"
} // namespace tnp
} // namespace mlir

using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::optional<sem::DType> mlir::tnp::detail::dtypeOfType(Type t) {
  if (auto rt = dyn_cast<RankedTensorType>(t))
    return toDType(rt.getElementType());
  return toDType(t);
}

std::optional<sem::DType> mlir::tnp::detail::dtypeOf(Value v) {
  return dtypeOfType(v.getType());
}

RankedTensorType mlir::tnp::detail::signlessType(RankedTensorType t) {
  std::optional<sem::DType> dt = toDType(t.getElementType());
  if (!dt)
    return t;
  return RankedTensorType::get(t.getShape(),
                               signlessElementType(t.getContext(), *dt));
}

Value mlir::tnp::detail::dimOf(OpBuilder &b, Location loc, Value v,
                               int64_t d) {
  auto t = cast<RankedTensorType>(v.getType());
  if (!t.isDynamicDim(d))
    return arith::ConstantIndexOp::create(b, loc, t.getDimSize(d));
  while (auto r = dyn_cast<OpResult>(v)) {
    Operation *owner = r.getOwner();
    if (auto empty = dyn_cast<tensor::EmptyOp>(owner))
      return empty.getDynamicSize(d);
    auto dps = dyn_cast<DestinationStyleOpInterface>(owner);
    if (!dps || !dps.hasPureTensorSemantics())
      break;
    v = dps.getTiedOpOperand(r)->get();
  }
  return tensor::DimOp::create(b, loc, v, d);
}

SmallVector<Value> mlir::tnp::detail::dynamicDimsFrom(OpBuilder &b, Location loc,
                                           Value source, RankedTensorType type) {
  SmallVector<Value> dims;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dims.push_back(dimOf(b, loc, source, i));
  return dims;
}

Value mlir::tnp::detail::emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                          ValueRange dynamicSizes) {
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

AffineMap mlir::tnp::detail::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> operandShape,
                               ArrayRef<int64_t> resultShape) {
  int64_t r = resultShape.size(), n = operandShape.size();
  SmallVector<AffineExpr> exprs;
  for (int64_t j = 0; j < n; ++j) {
    int64_t d = j + r - n;
    if (operandShape[j] == 1 && resultShape[d] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(d, ctx));
  }
  return AffineMap::get(r, 0, exprs, ctx);
}

FailureOr<linalg::GenericOp> mlir::tnp::detail::buildGeneric(
    ConversionPatternRewriter &rewriter, Location loc, TypeRange resultTypes,
    ValueRange inputs, ValueRange outputs, ArrayRef<AffineMap> maps,
    ArrayRef<utils::IteratorType> iterators,
    mlir::tnp::detail::FallibleBodyBuilder body) {
  bool failedBody = false;
  auto generic = linalg::GenericOp::create(
      rewriter, loc, resultTypes, inputs, outputs, maps, iterators,
      [&](OpBuilder &b, Location l, ValueRange args) {
        FailureOr<SmallVector<Value>> results = body(b, l, args);
        if (failed(results)) {
          failedBody = true;
          return;
        }
        linalg::YieldOp::create(b, l, *results);
      });
  if (failedBody) {
    rewriter.eraseOp(generic);
    return failure();
  }
  return generic;
}

/// Raises the first failing one of `checks` (the runtime keeps the first
/// error raised: the checks' order is their priority), at the insertion
/// point of `b`, where at least one has failed.
static void emitRaises(OpBuilder &b, Location loc,
                       ArrayRef<mlir::tnp::detail::RuntimeCheck> checks) {
  if (checks.size() == 1) {
    emitRuntimeError(b, loc, checks.front().error, checks.front().args);
    return;
  }
  for (const mlir::tnp::detail::RuntimeCheck &c : checks) {
    auto one = scf::IfOp::create(b, loc, TypeRange{}, c.failed,
                                 /*withElseRegion=*/false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(&one.getThenRegion().front());
    emitRuntimeError(b, loc, c.error, c.args);
  }
}

static Value anyFailed(OpBuilder &b, Location loc,
                       ArrayRef<mlir::tnp::detail::RuntimeCheck> checks) {
  Value failed = checks.front().failed;
  for (const mlir::tnp::detail::RuntimeCheck &c : checks.drop_front())
    failed = arith::OrIOp::create(b, loc, failed, c.failed);
  return failed;
}

scf::IfOp mlir::tnp::detail::guardRuntimeChecks(OpBuilder &b, Location loc,
                                               ArrayRef<RuntimeCheck> checks,
                                               TypeRange resultTypes,
                                               ValueRange failureSizes) {
  auto guard = scf::IfOp::create(b, loc, resultTypes, anyFailed(b, loc, checks),
                                 /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(&guard.getThenRegion().front());
    emitRaises(b, loc, checks);
    SmallVector<Value> empties;
    for (auto [i, t] : llvm::enumerate(resultTypes)) {
      auto rt = cast<RankedTensorType>(t);
      SmallVector<Value> sizes(i == 0 ? failureSizes : ValueRange{});
      if (sizes.empty())
        sizes.assign(rt.getNumDynamicDims(),
                     arith::ConstantIndexOp::create(b, loc, 0));
      empties.push_back(emptyTensor(b, loc, rt, sizes));
    }
    scf::YieldOp::create(b, loc, empties);
  }
  b.setInsertionPointToStart(&guard.getElseRegion().front());
  return guard;
}

Value mlir::tnp::detail::raiseFailedChecks(OpBuilder &b, Location loc,
                                           ArrayRef<mlir::tnp::detail::RuntimeCheck> checks) {
  Value failed = anyFailed(b, loc, checks);
  auto raise = scf::IfOp::create(b, loc, TypeRange{}, failed,
                                 /*withElseRegion=*/false);
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(&raise.getThenRegion().front());
  emitRaises(b, loc, checks);
  return failed;
}

SmallVector<Value> mlir::tnp::detail::runtimeDims(OpBuilder &b, Location loc,
                                                  Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<Value> dims;
  for (int64_t i = 0; i < t.getRank(); ++i)
    dims.push_back(dimOf(b, loc, v, i));
  return dims;
}

/// `a * b` of non-negative index values and whether it overflowed int64.
std::pair<Value, Value> mlir::tnp::detail::checkedMul(OpBuilder &b, Location loc, Value x,
                                          Value y) {
  Type i64 = b.getI64Type();
  Value xi = arith::IndexCastOp::create(b, loc, i64, x);
  Value yi = arith::IndexCastOp::create(b, loc, i64, y);
  auto mul = arith::MulSIExtendedOp::create(b, loc, xi, yi);
  Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
  Value overflow = arith::OrIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, mul.getHigh(),
                            zero),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, mul.getLow(),
                            zero));
  return {arith::IndexCastOp::create(b, loc, b.getIndexType(), mul.getLow()),
          overflow};
}

SmallVector<mlir::tnp::detail::RuntimeCheck>
mlir::tnp::detail::shapeChecks(OpBuilder &b, Location loc, RankedTensorType type,
                               ValueRange dynamicSizes) {
  SmallVector<Value> dims;
  unsigned next = 0;
  for (int64_t d : type.getShape())
    dims.push_back(ShapedType::isDynamic(d)
                       ? dynamicSizes[next++]
                       : arith::ConstantIndexOp::create(b, loc, d).getResult());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value negative = arith::ConstantIntOp::create(b, loc, 0, 1);
  Value overflow = negative;
  unsigned itemBytes =
      std::max(1u, type.getElementType().getIntOrFloatBitWidth() / 8);
  if (auto c = dyn_cast<ComplexType>(type.getElementType()))
    itemBytes = 2 * c.getElementType().getIntOrFloatBitWidth() / 8;
  Value bytes = arith::ConstantIndexOp::create(b, loc, itemBytes);
  for (Value d : dims) {
    negative = arith::OrIOp::create(
        b, loc, negative,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, d, zero));
    auto [product, ovf] = checkedMul(b, loc, bytes, d);
    bytes = product;
    overflow = arith::OrIOp::create(b, loc, overflow, ovf);
  }
  SmallVector<Value> args;
  appendShapeArgs(b, loc, args, dims);
  // A negative size makes the product meaningless: it is reported first.
  return {{negative, RuntimeError::NegativeDims},
          {overflow, RuntimeError::TooBig, args}};
}

LogicalResult mlir::tnp::detail::requireExplicitDType(Operation *op,
                                                      ValueRange operands,
                                                      sem::DType want) {
  for (Value v : operands)
    if (dtypeOf(v) != want)
      return op->emitOpError()
             << "is not in the explicit-dtypes form (operand of dtype "
             << describeType(v.getType()) << ", the op computes in "
             << sem::dtypeName(want) << "); run tnp-make-casts-explicit first";
  return success();
}

void mlir::tnp::detail::replaceGuarded(ConversionPatternRewriter &rewriter,
                                       Operation *op, scf::IfOp guard,
                                       ValueRange results) {
  if (!guard) {
    rewriter.replaceOp(op, results);
    return;
  }
  scf::YieldOp::create(rewriter, op->getLoc(), results);
  rewriter.replaceOp(op, guard.getResults());
}

LogicalResult mlir::tnp::detail::unsupportedOp(Operation *op, const Twine &why) {
  return op->emitOpError() << "unsupported error: " << why;
}

//===----------------------------------------------------------------------===//
// Type converter
//===----------------------------------------------------------------------===//

TNPTypeConverter::TNPTypeConverter() {
  addConversion([](Type t) { return t; });
  addConversion([](RankedTensorType t) -> Type {
    return mlir::tnp::detail::signlessType(t);
  });
  auto materialize = [](OpBuilder &b, Type type, ValueRange inputs,
                        Location loc) -> Value {
    return UnrealizedConversionCastOp::create(b, loc, type, inputs).getResult(0);
  };
  addSourceMaterialization(materialize);
  addTargetMaterialization(materialize);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct ConvertToLinalgPass
    : mlir::tnp::impl::TNPConvertToLinalgBase<ConvertToLinalgPass> {
  using TNPConvertToLinalgBase::TNPConvertToLinalgBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    declareRuntimeErrorSymbols(getOperation());
    mlir::tnp::detail::annotateEqualDims(getOperation());
    TNPTypeConverter converter;
    RewritePatternSet patterns(ctx);
    populateTNPElementwiseToLinalgPatterns(converter, patterns);
    populateTNPReductionToLinalgPatterns(converter, patterns);
    populateTNPLinearAlgebraToLinalgPatterns(converter, patterns);
    populateTNPDataMovementToLinalgPatterns(converter, patterns);
    populateTNPCreationToLinalgPatterns(converter, patterns);
    int64_t chunks = maskChunks;
    if (auto attr = getOperation()->getAttrOfType<IntegerAttr>(
            TNPDialect::kMaskChunksAttrName))
      chunks = attr.getInt();
    if (chunks < 1) {
      getOperation().emitError()
          << "tnp-convert-to-linalg: mask-chunks must be at least 1, got "
          << chunks;
      return signalPassFailure();
    }
    populateTNPIndexingToLinalgPatterns(converter, patterns, chunks);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<TNPDialect>();
    target.addLegalOp<ModuleOp, UnrealizedConversionCastOp>();
    target.addLegalDialect<arith::ArithDialect, complex::ComplexDialect,
                           LLVM::LLVMDialect,
                           linalg::LinalgDialect, math::MathDialect,
                           scf::SCFDialect, tensor::TensorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    if (failed(applyFullConversion(getOperation(), target, std::move(patterns))))
      return signalPassFailure();
    eraseUnusedRuntimeErrorSymbols(getOperation());
    // tnp arrays are immutable: a function never writes into the buffers of
    // its arguments (the caller's arrays). One-shot bufferization then
    // copies before an in-place update (tnp.index_update, tnp.scatter)
    // instead of writing into an argument.
    getOperation().walk([&](func::FuncOp f) {
      if (f.isExternal())
        return;
      for (unsigned i = 0; i < f.getNumArguments(); ++i)
        if (isa<TensorType>(f.getArgument(i).getType()))
          f.setArgAttr(i, "bufferization.writable", BoolAttr::get(ctx, false));
    });
  }
};

/// Whether a type still carries tnp's signed/unsigned integers or encoding.
static bool isTNPSpecific(Type t) {
  if (auto it = dyn_cast<IntegerType>(t))
    return !it.isSignless();
  if (auto st = dyn_cast<ShapedType>(t)) {
    if (auto rt = dyn_cast<RankedTensorType>(t))
      if (rt.getEncoding() && isa<WeakAttr>(rt.getEncoding()))
        return true;
    return isTNPSpecific(st.getElementType());
  }
  if (auto ct = dyn_cast<ComplexType>(t))
    return isTNPSpecific(ct.getElementType());
  if (auto ft = dyn_cast<FunctionType>(t))
    return llvm::any_of(ft.getInputs(), isTNPSpecific) ||
           llvm::any_of(ft.getResults(), isTNPSpecific);
  return false;
}

struct VerifyLinalgContractPass
    : mlir::tnp::impl::TNPVerifyLinalgContractBase<VerifyLinalgContractPass> {
  void runOnOperation() override {
    bool bad = false;
    getOperation()->walk([&](Operation *op) {
      if (isa_and_nonnull<TNPDialect>(op->getDialect())) {
        op->emitOpError() << "is left after tnp-convert-to-linalg";
        bad = true;
        return;
      }
      auto check = [&](Type t, StringRef what) {
        if (!isTNPSpecific(t))
          return;
        op->emitOpError() << "has a " << what << " of type " << t
                          << " with signed/unsigned integers or a tnp "
                             "encoding after tnp-convert-to-linalg";
        bad = true;
      };
      for (Type t : op->getOperandTypes())
        check(t, "operand");
      for (Type t : op->getResultTypes())
        check(t, "result");
      if (auto fn = dyn_cast<func::FuncOp>(op))
        check(fn.getFunctionType(), "signature");
    });
    if (bad)
      signalPassFailure();
  }
};
} // namespace
