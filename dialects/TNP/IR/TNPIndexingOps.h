//===- TNPIndexingOps.h - tnp indexing ops and index helpers ----*- C++ -*-===//
//
// Part of tnp. The indexing ops (TNPIndexingOps.td), the decoded form of
// their static index lists, result type inference and the front-end builder.
// Included only by the files that deal with indexing.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_IR_TNPINDEXINGOPS_H
#define TNP_IR_TNPINDEXINGOPS_H

#include "TNP/IR/TNPBuilders.h"
#include "TNP/IR/TNPOps.h"

#include "llvm/ADT/SmallVector.h"

#include <optional>

#define GET_OP_CLASSES
#include "TNP/IR/TNPIndexingOps.h.inc"

namespace mlir {
namespace tnp {

/// One element of a basic index, as written (`tnp.index`'s `indices`).
struct IndexItem {
  enum class Kind : uint8_t { Int, Slice, NewAxis, Ellipsis };
  Kind kind = Kind::Int;
  /// Kind::Int: the index as written (may be negative).
  int64_t value = 0;
  /// Kind::Slice: the bounds as written; nullopt = omitted.
  std::optional<int64_t> start, stop, step;

  static IndexItem integer(int64_t v) {
    IndexItem i;
    i.value = v;
    return i;
  }
  static IndexItem slice(std::optional<int64_t> start = std::nullopt,
                         std::optional<int64_t> stop = std::nullopt,
                         std::optional<int64_t> step = std::nullopt) {
    IndexItem i;
    i.kind = Kind::Slice;
    i.start = start;
    i.stop = stop;
    i.step = step;
    return i;
  }
  static IndexItem newAxis() {
    IndexItem i;
    i.kind = Kind::NewAxis;
    return i;
  }
  static IndexItem ellipsis() {
    IndexItem i;
    i.kind = Kind::Ellipsis;
    return i;
  }
  /// `:` (or `::1`): keeps the whole dim.
  bool isFullSlice() const {
    return kind == Kind::Slice && !start && !stop && (!step || *step == 1);
  }
};

/// The `indices` attribute of a list of items.
ArrayAttr indexItemsAttr(MLIRContext *ctx, ArrayRef<IndexItem> items);

/// Decodes an `indices` attribute. Errors: `index` for an element that is
/// no valid index (a float, a string other than "newaxis"/"..."), `value`
/// for a zero slice step.
SemExpected<SmallVector<IndexItem>> decodeIndexItems(ArrayAttr indices);

/// The items with the `...` replaced by full slices and full slices
/// appended, so that the Int and Slice items name every input dim in order
/// (NewAxis items stay where they are). Errors: `index` for two ellipses or
/// too many indices.
SemExpected<SmallVector<IndexItem>> expandIndexItems(ArrayRef<IndexItem> items,
                                                     int64_t rank);

/// NumPy's slice of a dim of static size `dim` (PySlice_AdjustIndices):
/// the first element and the number of elements. `step` must not be 0.
std::pair<int64_t, int64_t> staticSliceBounds(const IndexItem &slice,
                                              int64_t dim);

/// The result type of `input[items]`. Errors: those of decode/expand, and
/// `index` for an integer out of range of a static dim.
SemExpected<RankedTensorType> inferIndexType(RankedTensorType input,
                                             ArrayRef<IndexItem> items);

/// `input[items]` (basic indexing) with its inferred type.
SemExpected<Value> buildIndex(OpBuilder &b, Location loc, Value input,
                              ArrayRef<IndexItem> items);

/// The result type of `tnp.mask_select` (see its description). Errors:
/// `index` for a non-bool mask, too many dims or a static dim mismatch.
SemExpected<RankedTensorType> inferMaskSelectType(RankedTensorType input,
                                                  RankedTensorType mask,
                                                  int64_t axis);
SemExpected<Value> buildMaskSelect(OpBuilder &b, Location loc, Value input,
                                   Value mask, int64_t axis);

/// The result type of `tnp.gather` (see its description). Errors: `index`
/// for non-integer index arrays or static shapes that do not broadcast,
/// `index` for bad dims/position.
SemExpected<RankedTensorType> inferGatherType(RankedTensorType input,
                                              TypeRange indices,
                                              ArrayRef<int64_t> dims,
                                              int64_t position);
SemExpected<Value> buildGather(OpBuilder &b, Location loc, Value input,
                               ValueRange indices, ArrayRef<int64_t> dims,
                               int64_t position);

/// `tnp.index_update`: `input` with `input[items]` set to (or increased by,
/// `mode` "add") `values`. Errors: those of the index, `broadcast` for
/// values that do not broadcast to the region (NumPy's assignment message).
SemExpected<Value> buildIndexUpdate(OpBuilder &b, Location loc, Value input,
                                    ArrayRef<IndexItem> items, StringRef mode,
                                    Value values);
/// `tnp.scatter` (the region `tnp.gather` would read). Errors: the gather's,
/// `broadcast` for values.
SemExpected<Value> buildScatter(OpBuilder &b, Location loc, Value input,
                                ValueRange indices, ArrayRef<int64_t> dims,
                                int64_t position, StringRef mode, Value values);

/// One element of a subscript `x[...]` as a front-end has it: a basic item
/// (an integer, a slice, newaxis, Ellipsis) or an array (a bool array is a
/// mask, an integer array an advanced index).
struct SubscriptItem {
  IndexItem item;
  Value array; ///< non-null for an array
  SubscriptItem(IndexItem i) : item(i) {}
  SubscriptItem(Value a) : array(a) {}
};

/// `base[items]` with NumPy's rules (SPEC policy rule 5): only basic items
/// give `tnp.index`; otherwise basic slicing of `base` (each advanced item a
/// full slice per dim it covers, newaxis left out), then `tnp.mask_select`
/// (a lone mask, nothing else advanced) or `tnp.gather` (masks as their
/// nonzero() arrays, integer arrays, and integers as 0-d int64 arrays), then
/// `tnp.expand_dims` for the newaxis dims at NumPy's positions (the
/// placement rule: adjacent advanced items keep their place, separated ones
/// go first). Error messages name the axes of `base`, as NumPy's do.
/// Errors: `index` (a non-integer array, too many indices, shapes, ...),
/// `value` (zero step).
SemExpected<Value> buildSubscript(OpBuilder &b, Location loc, Value base,
                                  ArrayRef<SubscriptItem> items);

} // namespace tnp
} // namespace mlir

#endif // TNP_IR_TNPINDEXINGOPS_H
