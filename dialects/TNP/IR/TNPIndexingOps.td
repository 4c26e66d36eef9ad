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

def TNP_MaskSelectOp : TNP_Op<"mask_select", [Pure]> {
  let summary = "boolean mask indexing: the rows where the mask is true";
  let description = [{
    `x[:, ..., mask]` with the mask over the dims `axis .. axis+k-1` of the
    input (k = the mask's rank, 0 allowed: `x[True]`). The result has those
    k dims replaced by one dim of size `?` (the number of true elements, in
    row-major order of the mask): `x.shape[:axis] + (count,) +
    x.shape[axis+k:]`; the dtype is kept.

    Errors: a mask that is not a bool array, or that needs more dims than
    the input has (`index`, "too many indices for array"); a static mask dim
    that differs from the static input dim it covers is an `index` error with
    NumPy's message ("boolean index did not match indexed array along
    dimension 0; dimension is 3 but corresponding boolean dimension is 2"),
    checked at run time when either is dynamic.

    ```mlir
    %r = tnp.mask_select %x [%m] at 0 : tensor<3x4xsi32>, tensor<3xi1> -> tensor<?x4xsi32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, TNP_Tensor:$mask, I64Attr:$axis);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $mask `]` `at` $axis attr-dict `:` type($input) `,` type($mask) `->` type($result)
  }];
  let hasVerifier = 1;
}

def TNP_GatherOp : TNP_Op<"gather", [Pure]> {
  let summary = "integer-array (advanced) indexing of some dims";
  let description = [{
    `x[..., i0, ..., i1, ...]` where the integer arrays `indices` index the
    input dims `dims` (strictly increasing, one per array) and every other
    dim is kept whole. A boolean mask of rank k >= 1 among them covers the k
    dims `dims[j] .. dims[j]+k-1` and stands for its k `nonzero()` arrays,
    each of run-time length `?` (NumPy's rule for masks mixed with other
    advanced indices). The index arrays (any integer dtype) broadcast
    together to a shape B; negative entries count from the end. The result
    is the kept dims with B inserted before the kept dim number `position`:
    `kept[:position] + B + kept[position:]` (NumPy's rule: `position` is
    the number of kept dims before the first advanced index when the
    advanced indices were adjacent, 0 when a slice, newaxis or Ellipsis
    separated them). The dtype is kept.

    Errors, in NumPy's order: an index array that is neither integer nor
    bool, a 0-d mask (`index`), bad `dims`/`position` (op errors); a mask
    dim that differs from the input dim it covers (`index`, "boolean index
    did not match indexed array along dimension 0; dimension is 3 but
    corresponding boolean dimension is 2", checked at run time for dynamic
    dims); index arrays that do not broadcast (`index`, NumPy's "shape
    mismatch: indexing arrays could not be broadcast together with shapes
    (2,) (3,)", statically or at run time, where a mask's true count is
    known); an entry out of range (`index`, raised at run time before
    anything is read: "index 7 is out of bounds for axis 0 with size 3", the
    axis of this op's input).

    ```mlir
    %r = tnp.gather %x [%i, %j] dims [1, 2] at 1 : tensor<2x3x4xf32>, tensor<2xsi64>, tensor<2xsi64> -> tensor<2x2xf32>
    %s = tnp.gather %x [%m, %k] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<2x3xi1>, tensor<si64> -> tensor<?xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, Variadic<TNP_Tensor>:$indices,
                       DenseI64ArrayAttr:$dims, I64Attr:$position);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $indices `]` `dims` $dims `at` $position attr-dict `:` type($input) `,` type($indices) `->` type($result)
  }];
  let hasVerifier = 1;
}

def TNP_IndexUpdateOp : TNP_Op<"index_update", [Pure]> {
  let summary = "functional update of a basic index: x.at[index].set/add(v)";
  let description = [{
    A new array equal to `input` except in the region `input[indices]`
    (the basic index list of `tnp.index`, same syntax and errors), which
    becomes `values` (`mode = "set"`) or the region plus `values`
    (`mode = "add"`). `values` broadcasts to the region's shape (a
    `broadcast` error otherwise; checked at run time for dynamic dims) and is
    first cast to the input's dtype with astype's rules, as NumPy's
    assignment `x[index] = v` does (float to int truncates, complex to real
    drops the imaginary part); `add` then adds in the input's dtype
    (integers wrap, bool is logical or). The result has the input's type.

    ```mlir
    %r = tnp.index_update %x [1, ::-1] "set" %v : tensor<2x3xf32>, tensor<f64> -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, ArrayAttr:$indices, StrAttr:$mode,
                       TNP_Tensor:$values);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input custom<IndexList>($indices) $mode $values attr-dict `:` type($input) `,` type($values) `->` type($result)
  }];
  let hasVerifier = 1;
}

def TNP_ScatterOp : TNP_Op<"scatter", [Pure]> {
  let summary = "functional update of an integer-array index (set or add)";
  let description = [{
    A new array equal to `input` except at the elements `tnp.gather` with
    the same `indices`, `dims` and `position` would read: there `values`
    (broadcast to the gather's result shape, cast to the input's dtype with
    astype's rules) is stored (`mode = "set"`) or added (`mode = "add"`).
    Entries are visited in row-major order of the gather's result: with
    repeated indices `set` keeps the last value and `add` accumulates every
    one, like `np.add.at`. Out-of-range entries are the `index` error at run
    time before anything is written; errors otherwise as `tnp.gather`, and a
    `broadcast` error for values that do not broadcast.

    ```mlir
    %r = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<3x4xf32>, (tensor<5xsi64>), tensor<5x4xf32> -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, Variadic<TNP_Tensor>:$indices,
                       DenseI64ArrayAttr:$dims, I64Attr:$position,
                       StrAttr:$mode, TNP_Tensor:$values);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $indices `]` `dims` $dims `at` $position $mode $values attr-dict `:` type($input) `,` `(` type($indices) `)` `,` type($values) `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // TNP_INDEXING_OPS_TD
