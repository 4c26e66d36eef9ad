//===- Creation.cpp - tnp constants and creation ops to linalg ------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"
#include "tnp/Conversion/TNPToLinalg.h"

#include "TNP/IR/TNPOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <array>
#include <cmath>

using namespace mlir;
using namespace mlir::tnp;
using namespace mlir::tnp::detail;
namespace sem = ::tnp::sem;

/// A filled tensor of the op's (signless) result type.
static Value fill(ConversionPatternRewriter &rewriter, Location loc,
                  RankedTensorType type, ValueRange dynamicSizes, Value scalar) {
  Value init = emptyTensor(rewriter, loc, type, dynamicSizes);
  return linalg::FillOp::create(rewriter, loc, scalar, init).getResult(0);
}

/// fill() with sizes given at run time: NumPy's shape checks run first.
static Value checkedFill(ConversionPatternRewriter &rewriter, Location loc,
                         RankedTensorType type, ValueRange dynamicSizes,
                         Value scalar) {
  if (dynamicSizes.empty())
    return fill(rewriter, loc, type, dynamicSizes, scalar);
  scf::IfOp guard = guardRuntimeChecks(
      rewriter, loc, shapeChecks(rewriter, loc, type, dynamicSizes), type);
  scf::YieldOp::create(rewriter, loc,
                       fill(rewriter, loc, type, dynamicSizes, scalar));
  rewriter.setInsertionPointAfter(guard);
  return guard.getResult(0);
}

/// A parallel generic with no inputs over the op's result, computing each
/// element from its indices.
static LogicalResult
generateFromIndices(Operation *op, ConversionPatternRewriter &rewriter,
                    function_ref<Value(OpBuilder &, Location, ValueRange)> element) {
  Location loc = op->getLoc();
  RankedTensorType outType =
      signlessType(cast<RankedTensorType>(op->getResult(0).getType()));
  FailureOr<linalg::GenericOp> generic = buildGeneric(
      rewriter, loc, outType, ValueRange{}, emptyTensor(rewriter, loc, outType),
      rewriter.getMultiDimIdentityMap(outType.getRank()),
      SmallVector<utils::IteratorType>(outType.getRank(),
                                       utils::IteratorType::parallel),
      [&](OpBuilder &b, Location l,
          ValueRange) -> FailureOr<SmallVector<Value>> {
        SmallVector<Value> idx;
        for (int64_t i = 0; i < outType.getRank(); ++i)
          idx.push_back(arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, i)));
        return SmallVector<Value>{element(b, l, idx)};
      });
  if (failed(generic))
    return failure();
  rewriter.replaceOp(op, generic->getResults());
  return success();
}

namespace {
struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!dense)
      return unsupportedOp(op, "a constant that is not a dense elements "
                               "attribute");
    RankedTensorType outType = signlessType(op.getType());
    // si/ui and signless integers of one width store the same bits.
    DenseElementsAttr signless = DenseElementsAttr::getFromRawBuffer(
        outType, dense.getRawData());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, outType, signless);
    return success();
  }
};

template <typename OpTy, int Value_>
struct FillLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    // tnp.empty is zero-filled: deterministic results on every target.
    Value scalar = emitScalarConstant(rewriter, op.getLoc(), t, Value_);
    rewriter.replaceOp(op, checkedFill(rewriter, op.getLoc(),
                                       signlessType(op.getType()),
                                       adaptor.getDynamicSizes(), scalar));
    return success();
  }
};

template <typename OpTy, int Value_>
struct FillLikeLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    RankedTensorType outType = signlessType(op.getType());
    Value scalar = emitScalarConstant(rewriter, op.getLoc(), t, Value_);
    rewriter.replaceOp(op, fill(rewriter, op.getLoc(), outType,
                                dynamicDimsFrom(rewriter, op.getLoc(),
                                                adaptor.getInput(), outType),
                                scalar));
    return success();
  }
};

/// The fill value of full/full_like: the 0-d value cast to the result dtype.
static Value fullScalar(ConversionPatternRewriter &rewriter, Location loc,
                        Value original, Value converted, sem::DType to) {
  Value v = tensor::ExtractOp::create(rewriter, loc, converted, ValueRange{});
  return emitScalarCast(rewriter, loc, v, *dtypeOf(original), to);
}

struct FullLowering : OpConversionPattern<FullOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FullOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value scalar = fullScalar(rewriter, op.getLoc(), op.getValue(),
                              adaptor.getValue(), *dtypeOf(op.getResult()));
    rewriter.replaceOp(op, checkedFill(rewriter, op.getLoc(),
                                       signlessType(op.getType()),
                                       adaptor.getDynamicSizes(), scalar));
    return success();
  }
};

struct FullLikeLowering : OpConversionPattern<FullLikeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FullLikeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType outType = signlessType(op.getType());
    Value scalar = fullScalar(rewriter, op.getLoc(), op.getValue(),
                              adaptor.getValue(), *dtypeOf(op.getResult()));
    rewriter.replaceOp(op, fill(rewriter, op.getLoc(), outType,
                                dynamicDimsFrom(rewriter, op.getLoc(),
                                                adaptor.getInput(), outType),
                                scalar));
    return success();
  }
};

static double attrAsDouble(Attribute a) {
  if (auto f = dyn_cast<FloatAttr>(a))
    return f.getValueAsDouble();
  return static_cast<double>(cast<IntegerAttr>(a).getInt());
}

struct ArangeLowering : OpConversionPattern<ArangeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(ArangeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    auto is = dyn_cast<IntegerAttr>(op.getStart());
    auto ip = dyn_cast<IntegerAttr>(op.getStep());
    bool intBounds = is && ip && isa<IntegerAttr>(op.getStop());
    return generateFromIndices(op, rewriter, [&](OpBuilder &b, Location l,
                                                 ValueRange idx) -> Value {
      if (intBounds) {
        // start + i * step in int64 (wrapping like NumPy), then astype.
        Value start = arith::ConstantOp::create(b, l, b.getI64IntegerAttr(is.getInt()));
        Value step = arith::ConstantOp::create(b, l, b.getI64IntegerAttr(ip.getInt()));
        Value v = arith::AddIOp::create(b, l, start,
                                        arith::MulIOp::create(b, l, idx[0], step));
        return emitScalarCast(b, l, v, sem::DType::Int64, t);
      }
      // Floats: start + i * step in float64, as NumPy fills arange.
      Value start = emitScalarConstant(b, l, sem::DType::Float64,
                                       attrAsDouble(op.getStart()));
      Value step = emitScalarConstant(b, l, sem::DType::Float64,
                                      attrAsDouble(op.getStep()));
      Value i = arith::SIToFPOp::create(b, l, b.getF64Type(), idx[0]);
      Value v = arith::AddFOp::create(b, l, start,
                                      arith::MulFOp::create(b, l, i, step));
      return emitScalarCast(b, l, v, sem::DType::Float64, t);
    });
  }
};

struct LinspaceLowering : OpConversionPattern<LinspaceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LinspaceOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    int64_t num = op.getType().getDimSize(0);
    bool endpoint = op.getEndpoint();
    double start = op.getStart().convertToDouble();
    double stop = op.getStop().convertToDouble();
    int64_t div = endpoint ? num - 1 : num;
    double step = div > 0 ? (stop - start) / div : 0.0;
    return generateFromIndices(op, rewriter, [&](OpBuilder &b, Location l,
                                                 ValueRange idx) -> Value {
      // NumPy: arange(num) * step + start, the last sample exactly stop.
      Value i = arith::SIToFPOp::create(b, l, b.getF64Type(), idx[0]);
      Value v = arith::AddFOp::create(
          b, l,
          arith::MulFOp::create(b, l, i,
                                emitScalarConstant(b, l, sem::DType::Float64, step)),
          emitScalarConstant(b, l, sem::DType::Float64, start));
      if (endpoint && num > 1) {
        Value last = arith::CmpIOp::create(
            b, l, arith::CmpIPredicate::eq, idx[0],
            arith::ConstantOp::create(b, l, b.getI64IntegerAttr(num - 1)));
        v = arith::SelectOp::create(
            b, l, last, emitScalarConstant(b, l, sem::DType::Float64, stop), v);
      }
      return emitScalarCast(b, l, v, sem::DType::Float64, t);
    });
  }
};

struct EyeLowering : OpConversionPattern<EyeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(EyeOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    sem::DType t = *dtypeOf(op.getResult());
    int64_t k = op.getK();
    return generateFromIndices(op, rewriter, [&](OpBuilder &b, Location l,
                                                 ValueRange idx) -> Value {
      Value diff = arith::SubIOp::create(b, l, idx[1], idx[0]);
      Value on = arith::CmpIOp::create(
          b, l, arith::CmpIPredicate::eq, diff,
          arith::ConstantOp::create(b, l, b.getI64IntegerAttr(k)));
      return emitScalarCast(b, l, on, sem::DType::Bool, t);
    });
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

namespace {
/// Philox4x32-10 on i32 values (Salmon et al., SC'11; Random123's
/// constants). Integer arithmetic only: the same bits on every target.
struct Philox {
  OpBuilder &b;
  Location loc;

  Value i32(uint32_t v) {
    return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(int32_t(v)));
  }
  /// (hi, lo) of the 64-bit product of two u32.
  std::pair<Value, Value> mulhilo(uint32_t m, Value x) {
    Type i64 = b.getI64Type();
    Value p = arith::MulIOp::create(
        b, loc,
        arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(int64_t(m))),
        arith::ExtUIOp::create(b, loc, i64, x));
    Value hi = arith::TruncIOp::create(
        b, loc, b.getI32Type(),
        arith::ShRUIOp::create(
            b, loc, p, arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(32))));
    Value lo = arith::TruncIOp::create(b, loc, b.getI32Type(), p);
    return {hi, lo};
  }
  Value xor3(Value x, Value y, Value z) {
    return arith::XOrIOp::create(b, loc, arith::XOrIOp::create(b, loc, x, y), z);
  }
  std::array<Value, 4> operator()(std::array<Value, 4> c, uint32_t k0,
                                  uint32_t k1) {
    for (int round = 0; round < 10; ++round) {
      if (round) {
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
      }
      auto [hi0, lo0] = mulhilo(0xD2511F53u, c[0]);
      auto [hi1, lo1] = mulhilo(0xCD9E8D57u, c[2]);
      c = {xor3(hi1, c[1], i32(k0)), lo1, xor3(hi0, c[3], i32(k1)), lo0};
    }
    return c;
  }
};
} // namespace

/// A float64 uniform in [0, 1) from the top 53 bits of (hi, lo).
static Value uniform53(OpBuilder &b, Location loc, Value hi, Value lo) {
  Type i64 = b.getI64Type();
  auto c64 = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  Value bits = arith::OrIOp::create(
      b, loc,
      arith::ShLIOp::create(b, loc, arith::ExtUIOp::create(b, loc, i64, hi),
                            c64(21)),
      arith::ShRUIOp::create(b, loc, arith::ExtUIOp::create(b, loc, i64, lo),
                             c64(11)));
  Value f = arith::UIToFPOp::create(b, loc, b.getF64Type(), bits);
  return arith::MulFOp::create(
      b, loc, f,
      arith::ConstantOp::create(b, loc, b.getF64FloatAttr(std::ldexp(1.0, -53))));
}

/// (low, high) of uniform, (mean, stddev) of normal.
static std::pair<double, double> parameters(RandomUniformOp op) {
  return {op.getLow().convertToDouble(), op.getHigh().convertToDouble()};
}
static std::pair<double, double> parameters(RandomNormalOp op) {
  return {op.getMean().convertToDouble(), op.getStddev().convertToDouble()};
}

/// Lowers random.uniform / random.normal: a generic with no inputs over the
/// result; each element runs Philox on (its row-major index, stream).
template <typename OpTy, bool Normal>
struct RandomLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<OpTy>::OpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType outType = signlessType(op.getType());
    auto elemType = cast<FloatType>(outType.getElementType());
    int64_t rank = outType.getRank();
    uint64_t seed = static_cast<uint64_t>(op.getSeed());
    uint64_t stream = static_cast<uint64_t>(op.getStream());
    std::pair<double, double> params = parameters(op);
    double a = params.first, bnd = params.second;
    ValueRange sizes = adaptor.getDynamicSizes();
    SmallVector<RuntimeCheck> checks;
    if (!sizes.empty())
      checks = shapeChecks(rewriter, loc, outType, sizes);
    scf::IfOp guard;
    if (!checks.empty())
      guard = guardRuntimeChecks(rewriter, loc, checks, outType);
    // Run-time dims for the row-major index.
    SmallVector<Value> dims;
    unsigned next = 0;
    for (int64_t d : outType.getShape())
      dims.push_back(ShapedType::isDynamic(d)
                         ? sizes[next++]
                         : arith::ConstantIndexOp::create(rewriter, loc, d)
                               .getResult());
    Value init = emptyTensor(rewriter, loc, outType, sizes);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outType}, ValueRange{}, ValueRange{init},
        ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          Value linear = arith::ConstantIndexOp::create(b, l, 0);
          for (int64_t i = 0; i < rank; ++i)
            linear = arith::AddIOp::create(
                b, l, arith::MulIOp::create(b, l, linear, dims[i]),
                linalg::IndexOp::create(b, l, i));
          Type i64 = b.getI64Type(), i32 = b.getI32Type();
          Value n = arith::IndexCastUIOp::create(b, l, i64, linear);
          Value nLo = arith::TruncIOp::create(b, l, i32, n);
          Value nHi = arith::TruncIOp::create(
              b, l, i32,
              arith::ShRUIOp::create(
                  b, l, n,
                  arith::ConstantOp::create(b, l, b.getI64IntegerAttr(32))));
          Philox philox{b, l};
          std::array<Value, 4> x =
              philox({nLo, nHi, philox.i32(uint32_t(stream)),
                      philox.i32(uint32_t(stream >> 32))},
                     uint32_t(seed), uint32_t(seed >> 32));
          auto f64c = [&](double v) {
            return arith::ConstantOp::create(b, l, b.getF64FloatAttr(v))
                .getResult();
          };
          Value r;
          if constexpr (Normal) {
            // Box-Muller: u1 in (0, 1], u2 in [0, 1).
            Value u1 =
                arith::SubFOp::create(b, l, f64c(1.0), uniform53(b, l, x[0], x[1]));
            Value u2 = uniform53(b, l, x[2], x[3]);
            Value radius = math::SqrtOp::create(
                b, l,
                arith::MulFOp::create(b, l, f64c(-2.0),
                                      math::LogOp::create(b, l, u1)));
            Value angle = arith::MulFOp::create(
                b, l, f64c(2.0 * 3.14159265358979323846), u2);
            Value z = arith::MulFOp::create(b, l, radius,
                                            math::CosOp::create(b, l, angle));
            r = arith::AddFOp::create(b, l, f64c(a),
                                      arith::MulFOp::create(b, l, f64c(bnd), z));
            if (elemType.getWidth() != 64)
              r = arith::TruncFOp::create(b, l, elemType, r);
          } else if (elemType.getWidth() == 64) {
            r = arith::AddFOp::create(
                b, l, f64c(a),
                arith::MulFOp::create(b, l, f64c(bnd - a),
                                      uniform53(b, l, x[0], x[1])));
          } else {
            // float32 arithmetic on a 24-bit uniform (then narrower types).
            Type f32 = b.getF32Type();
            Value bits = arith::ShRUIOp::create(b, l, x[0], philox.i32(8));
            Value u = arith::MulFOp::create(
                b, l, arith::UIToFPOp::create(b, l, f32, bits),
                arith::ConstantOp::create(
                    b, l, b.getF32FloatAttr(std::ldexp(1.0f, -24))));
            Value lo32 = arith::ConstantOp::create(
                b, l, b.getF32FloatAttr(static_cast<float>(a)));
            Value span = arith::ConstantOp::create(
                b, l, b.getF32FloatAttr(static_cast<float>(bnd - a)));
            r = arith::AddFOp::create(b, l, lo32,
                                      arith::MulFOp::create(b, l, span, u));
            if (elemType.getWidth() != 32)
              r = arith::TruncFOp::create(b, l, elemType, r);
          }
          linalg::YieldOp::create(b, l, r);
        });
    replaceGuarded(rewriter, op, guard, generic.getResults());
    return success();
  }
};

void mlir::tnp::populateTNPCreationToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ConstantLowering, FillLowering<ZerosOp, 0>, FillLowering<OnesOp, 1>,
               FillLowering<EmptyOp, 0>, FillLikeLowering<ZerosLikeOp, 0>,
               FillLikeLowering<OnesLikeOp, 1>, FillLikeLowering<EmptyLikeOp, 0>,
               FullLowering, FullLikeLowering, ArangeLowering, LinspaceLowering,
               EyeLowering, RandomLowering<RandomUniformOp, false>,
               RandomLowering<RandomNormalOp, true>>(converter, ctx);
}
