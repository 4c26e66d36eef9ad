//===- TNPIndexingOps.td - tnp indexing operations ---------*- tablegen -*-===//
//
// Part of tnp. Read-only indexing (OPS.md "Indexing", SPEC policy rule 5).
// Kept out of TNPOps.td so that its generated declarations are only included
// by the files that use indexing (STYLE.md rule 15).
//
//===----------------------------------------------------------------------===//

#ifndef TNP_INDEXING_OPS_TD
#define TNP_INDEXING_OPS_TD

include "TNP/IR/TNPBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def TNP_IndexOp : TNP_Op<"index", [Pure]> {
  let summary = "basic indexing: integers, slices, newaxis, Ellipsis";
  let description = [{
    `x[i0, i1, ...]` where every index is static and basic (NumPy's "basic
    indexing"): an integer (negative counts from the end; the dim is
    removed), a slice `start:stop:step` (bounds clamped like NumPy's
    `PySlice_AdjustIndices`, omitted bounds and negative steps allowed), a
    `newaxis` (a new dim of size 1) and at most one `...` (as many full
    slices as needed). Dims not indexed are kept (an implicit trailing
    `...`). The result keeps the dtype.

    The index list is the `indices` array attribute; its elements are
    - an `i64` integer attribute: an integer index;
    - an array `[start, stop, step]` whose elements are `i64` integers or
      `unit` (omitted): a slice;
    - the strings `"newaxis"` and `"..."`.
    The custom syntax spells them as Python does (`1`, `-1`, `1:3`, `::-1`,
    `newaxis`, `...`).

    Errors (NumPy's kinds and messages): an integer out of range of a
    static dim is an `index` error ("index 5 is out of bounds for axis 0
    with size 3"); into a dynamic dim it is checked at run time with the
    same message. A zero step is a `value` error ("slice step cannot be
    zero"); more integers and slices than dims an `index` error ("too many
    indices for array: array is 1-dimensional, but 2 were indexed"); any
    other index element (e.g. a float) an `index` error. Slices of a
    dynamic dim give a `?` dim, clamped at run time.

    ```mlir
    %r = tnp.index %x [1, newaxis, 1:3, ...] : tensor<2x3x4xsi64> -> tensor<1x2x4xsi64>
    %v = tnp.index %y [::-1] : tensor<?xf32> -> tensor<?xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, ArrayAttr:$indices);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input custom<IndexList>($indices) attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // TNP_INDEXING_OPS_TD
