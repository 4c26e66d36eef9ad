//===- EqualDims.cpp - Dynamic dims known equal before lowering -----------===//
//
// Part of tnp. A dynamic dim may be 1 at run time, and NumPy then
// broadcasts it; an elementwise op over dynamic dims therefore checks its
// shapes at run time and reads its operands at clamped indices (see
// Elementwise.cpp). Most dynamic dims of a program are the same run-time
// size, though: `S - S.max(axis=1, keepdims=True)` subtracts two arrays
// whose first dim is S's, and `exp(x)` has x's dims. This analysis finds
// those equalities before the lowering, which then builds the plain
// generic of static shapes (no check, indexing maps that fuse) for them.
//
// The claim must hold on every path, including the one after a run-time
// error: the ops after a failed check still run (the entry point discards
// their results), and a generic reads each operand within the loop bounds
// it takes from the first. So an op joins its result dims to its operands'
// only if its lowering keeps those sizes when its own check fails
// (guardRuntimeChecks's `failureSizes`): elementwise ops and reductions do;
// transpose and expand_dims have no checks; squeeze only when its squeezed
// dims are static; matmul (whose failed checks yield empty results) is
// left out.
//
//===----------------------------------------------------------------------===//

#include "Utils.h"

#include "TNP/IR/TNPOps.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tnp;

namespace {
/// A dim of a ranked tensor value.
using DimKey = std::pair<Value, unsigned>;

/// Union-find over dynamic dims: two dims of one class have the same size
/// at run time.
class DimClasses {
public:
  DimKey find(DimKey k) {
    auto it = parent.find(k);
    if (it == parent.end())
      return k;
    DimKey root = find(it->second);
    // find() inserts nothing, so `it` is still valid.
    it->second = root;
    return root;
  }
  void unite(DimKey a, DimKey b) {
    a = find(a);
    b = find(b);
    if (a != b)
      parent[a] = b;
  }
  bool equal(DimKey a, DimKey b) { return find(a) == find(b); }

private:
  DenseMap<DimKey, DimKey> parent;
};
} // namespace

static RankedTensorType rankedType(Value v) {
  return dyn_cast<RankedTensorType>(v.getType());
}

/// NumPy broadcasting: the first `n` dims of each operand (value, n),
/// aligned on the right, into the first `resultDims` dims of `result`. A
/// dynamic result dim whose operand dims other than static 1s are all
/// dynamic and of one class has that class (one such operand dim alone is
/// the result's size).
static void uniteBroadcast(DimClasses &classes,
                           ArrayRef<std::pair<Value, int64_t>> operands,
                           Value result, int64_t resultDims) {
  RankedTensorType rt = rankedType(result);
  if (!rt || resultDims > rt.getRank())
    return;
  for (int64_t d = 0; d < resultDims; ++d) {
    if (!rt.isDynamicDim(d))
      continue;
    std::optional<DimKey> cls;
    bool same = true;
    for (auto [v, n] : operands) {
      RankedTensorType t = rankedType(v);
      if (!t || n > resultDims || n > t.getRank()) {
        same = false;
        break;
      }
      int64_t j = d - (resultDims - n);
      if (j < 0 || t.getDimSize(j) == 1)
        continue;
      if (!t.isDynamicDim(j)) {
        same = false; // a static size other than 1: the type says so
        break;
      }
      DimKey k{v, static_cast<unsigned>(j)};
      if (!cls)
        cls = k;
      else if (!classes.equal(*cls, k))
        same = false;
    }
    if (same && cls)
      classes.unite({result, static_cast<unsigned>(d)}, *cls);
  }
}

/// Unites result dim i with input dim map[i] for each dynamic pair.
static void uniteMapped(DimClasses &classes, Value input, Value result,
                        ArrayRef<int64_t> inputDimOfResultDim) {
  RankedTensorType in = rankedType(input), out = rankedType(result);
  if (!in || !out || out.getRank() != (int64_t)inputDimOfResultDim.size())
    return;
  for (auto [i, j] : llvm::enumerate(inputDimOfResultDim))
    if (j >= 0 && j < in.getRank() && out.isDynamicDim(i) &&
        in.isDynamicDim(j))
      classes.unite({result, static_cast<unsigned>(i)},
                    {input, static_cast<unsigned>(j)});
}

/// The input dim of each result dim of a reduction over `axes` (normalized;
/// empty means every axis when `all`), -1 for a kept (size-1) reduced dim.
static SmallVector<int64_t> reductionDims(int64_t rank, ArrayRef<int64_t> axes,
                                          bool all, bool keepdims) {
  SmallVector<int64_t> map;
  for (int64_t j = 0; j < rank; ++j) {
    bool reduced = all || llvm::is_contained(axes, j);
    if (!reduced)
      map.push_back(j);
    else if (keepdims)
      map.push_back(-1);
  }
  return map;
}

template <typename OpTy>
static void uniteReduction(DimClasses &classes, OpTy op) {
  RankedTensorType in = rankedType(op.getInput());
  if (!in)
    return;
  int64_t rank = in.getRank();
  std::optional<ArrayRef<int64_t>> axisAttr = op.getAxis();
  SmallVector<int64_t> axes;
  if (axisAttr)
    for (int64_t a : *axisAttr)
      axes.push_back(a < 0 ? a + rank : a);
  uniteMapped(classes, op.getInput(), op.getResult(),
              reductionDims(rank, axes, !axisAttr, op.getKeepdims()));
}

template <typename OpTy>
static void uniteArgReduction(DimClasses &classes, OpTy op) {
  RankedTensorType in = rankedType(op.getInput());
  if (!in || !op.getAxis())
    return;
  int64_t rank = in.getRank();
  int64_t a = *op.getAxis();
  int64_t axis = a < 0 ? a + rank : a;
  uniteMapped(classes, op.getInput(), op.getResult(),
              reductionDims(rank, {axis}, false, op.getKeepdims()));
}

/// The operands an elementwise op broadcasts together (none for ops that
/// are not elementwise).
static SmallVector<Value> broadcastOperands(Operation *op) {
  if (isa<UfuncOpInterface, AstypeOp, WhereOp, ClipOp>(op))
    return SmallVector<Value>(op->getOperands());
  return {};
}

void mlir::tnp::detail::annotateEqualDims(Operation *root) {
  MLIRContext *ctx = root->getContext();
  StringAttr name = StringAttr::get(ctx, kEqualDimsAttrName);
  DimClasses classes;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    // Only this analysis may claim equal dims.
    op->removeAttr(name);
    SmallVector<Value> operands = broadcastOperands(op);
    if (!operands.empty()) {
      if (op->getNumResults() != 1)
        return;
      Value result = op->getResult(0);
      RankedTensorType rt = rankedType(result);
      if (!rt)
        return;
      SmallVector<std::pair<Value, int64_t>> parts;
      for (Value v : operands)
        if (RankedTensorType t = rankedType(v))
          parts.push_back({v, t.getRank()});
      if (parts.size() == operands.size())
        uniteBroadcast(classes, parts, result, rt.getRank());
      // Bit j of element k: dim j of operand k is dynamic and the same size
      // as its result dim.
      SmallVector<int64_t> masks;
      bool any = false;
      for (Value v : operands) {
        RankedTensorType t = rankedType(v);
        int64_t mask = 0;
        if (t && t.getRank() <= rt.getRank() && t.getRank() < 63)
          for (int64_t j = 0; j < t.getRank(); ++j) {
            int64_t d = j + rt.getRank() - t.getRank();
            if (t.isDynamicDim(j) && rt.isDynamicDim(d) &&
                classes.equal({v, static_cast<unsigned>(j)},
                              {result, static_cast<unsigned>(d)}))
              mask |= int64_t(1) << j;
          }
        any |= mask != 0;
        masks.push_back(mask);
      }
      if (any)
        op->setAttr(name, DenseI64ArrayAttr::get(ctx, masks));
      return;
    }
    llvm::TypeSwitch<Operation *>(op)
        .Case<SumOp, ProdOp, MeanOp, MaxOp, MinOp, AnyOp, AllOp>(
            [&](auto r) { uniteReduction(classes, r); })
        .Case<ArgMaxOp, ArgMinOp>(
            [&](auto r) { uniteArgReduction(classes, r); })
        .Case<TransposeOp>([&](TransposeOp t) {
          uniteMapped(classes, t.getInput(), t.getResult(),
                      t.getPermutation());
        })
        .Case<ExpandDimsOp>([&](ExpandDimsOp e) {
          RankedTensorType out = rankedType(e.getResult());
          if (!out)
            return;
          SmallVector<int64_t> map;
          int64_t next = 0;
          for (int64_t i = 0; i < out.getRank(); ++i)
            map.push_back(llvm::is_contained(e.getAxes(), i) ? -1 : next++);
          uniteMapped(classes, e.getInput(), e.getResult(), map);
        })
        .Case<SqueezeOp>([&](SqueezeOp s) {
          // A dynamic squeezed dim is checked at run time, and the failed
          // check yields an empty result: only static ones keep the sizes.
          RankedTensorType in = rankedType(s.getInput());
          if (!in || llvm::any_of(s.getAxes(), [&](int64_t a) {
                return a < 0 || a >= in.getRank() || in.isDynamicDim(a);
              }))
            return;
          SmallVector<int64_t> map;
          for (int64_t j = 0; j < in.getRank(); ++j)
            if (!llvm::is_contained(s.getAxes(), j))
              map.push_back(j);
          uniteMapped(classes, s.getInput(), s.getResult(), map);
        });
  });
}

SmallVector<int64_t> mlir::tnp::detail::equalDimMasks(Operation *op) {
  if (auto masks = op->getAttrOfType<DenseI64ArrayAttr>(kEqualDimsAttrName))
    if (masks.size() == static_cast<int64_t>(op->getNumOperands()))
      return SmallVector<int64_t>(masks.asArrayRef());
  return {};
}
