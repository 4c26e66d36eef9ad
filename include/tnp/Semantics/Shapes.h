//===- Shapes.h - NumPy shape rules and shape op shapes ---------*- C++ -*-===//
//
// Part of tnp. Shape rules of NumPy used by verifiers, builders and the
// runtime's dynamic checks. A dimension is an int64; `kDynamicDim` (the same
// value as mlir::ShapedType::kDynamic) is a size known only at run time.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_SEMANTICS_SHAPES_H
#define TNP_SEMANTICS_SHAPES_H

#include "tnp/Semantics/DType.h"

#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace tnp {
namespace sem {

using Shape = std::vector<int64_t>;

/// A size known only at run time; equal to mlir::ShapedType::kDynamic.
constexpr int64_t kDynamicDim = std::numeric_limits<int64_t>::min();

/// "(2, 3)", "(3,)", "()", "(?, 3)" — NumPy's tuple spelling.
std::string shapeStr(const Shape &s);
/// Number of elements, or kDynamicDim when any dim is dynamic. Saturates at
/// INT64_MAX when the product overflows (use checkedNumElements to reject).
int64_t numElements(const Shape &s);

/// Checks that an array of this shape and element size is addressable: the
/// element count times `itemBytes` fits in int64 (dynamic dims are skipped).
/// Error: `value`, NumPy's "array is too big; `arr.size * arr.dtype.itemsize`
/// is larger than the maximum possible size." naming the shape.
Expected<int64_t> checkedNumElements(const Shape &s, unsigned itemBytes = 1);

/// NumPy broadcasting of any number of shapes (SPEC §c). A dynamic dim
/// against 1 or another dynamic dim stays dynamic; against a static n > 1 it
/// becomes n (checked at run time). Error: `broadcast`, message
/// "operands could not be broadcast together with shapes (3,) (4,)".
Expected<Shape> broadcastShapes(const std::vector<Shape> &shapes);

/// Whether `from` can be broadcast to exactly `to` (np.broadcast_to). Error:
/// `broadcast` naming both shapes.
Expected<bool> checkBroadcastTo(const Shape &from, const Shape &to);

/// Normalizes an axis for an array of rank `rank` (negative counts from the
/// end). Error: `axis`, "axis 3 is out of bounds for array of dimension 2".
Expected<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Normalizes a tuple of axes; repeated axes are an `axis` error
/// ("repeated axis"). The result is sorted ascending.
Expected<std::vector<int64_t>> normalizeAxes(const std::vector<int64_t> &axes,
                                             int64_t rank);

/// Result shape of a reduction over `axes` (already normalized; empty =
/// reduce nothing, use `allAxes` for None) with or without keepdims.
Shape reducedShape(const Shape &in, const std::vector<int64_t> &axes,
                   bool keepdims);
/// 0..rank-1.
std::vector<int64_t> allAxes(int64_t rank);

/// np.matmul's result shape (OPS.md, SPEC §c): 1-D operands get a dimension
/// prepended/appended and removed after; batch dims broadcast. Errors: 0-d
/// operand -> `value`; contraction mismatch -> `shape` ("matmul: Input operand
/// 1 has a mismatch in its core dimension 0, with gufunc signature
/// (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)"); batch mismatch ->
/// `broadcast`.
Expected<Shape> matmulShape(const Shape &a, const Shape &b);

/// np.dot's result shape for the forms tnp supports: 0-d * any (elementwise),
/// 1-D.1-D (inner product, 0-d result), 2-D.2-D and N-D.1-D, 1-D.2-D (as
/// matmul), N-D.M-D (sum over the last axis of a and the second-to-last of
/// b). Errors: `shape` for mismatched contraction ("shapes (2,3) and (4,)
/// not aligned: 3 (dim 1) != 4 (dim 0)").
Expected<Shape> dotShape(const Shape &a, const Shape &b);

/// Resolves a reshape target that may contain one -1. Errors: `value` for
/// more than one -1 or a negative size other than -1, `shape` for a size
/// mismatch ("cannot reshape array of size 6 into shape (4,)"). A dynamic
/// input dim makes a -1 dynamic and skips the size check.
Expected<Shape> reshapeShape(const Shape &in, const std::vector<int64_t> &newShape);

/// Checks a transpose permutation (rank, each axis once; negative axes
/// allowed) and returns it normalized. Error: `axis` ("axes don't match
/// array" / "repeated axis in transpose").
Expected<std::vector<int64_t>> normalizePermutation(const std::vector<int64_t> &perm,
                                                    int64_t rank);
/// The shape permuted by a normalized permutation.
Shape permuteShape(const Shape &in, const std::vector<int64_t> &perm);

/// np.expand_dims's axes (an int or a tuple): they index the result, whose
/// rank is the input's plus the number of axes (negative axes count from its
/// end). Returns them normalized and sorted. Errors: `axis` ("axis 3 is out
/// of bounds for array of dimension 3" for the result's rank; "repeated
/// axis").
Expected<std::vector<int64_t>> expandDimsAxes(const std::vector<int64_t> &axes,
                                              int64_t rank);
/// The shape with a 1 inserted at each normalized, sorted result axis.
Shape expandDimsShape(const Shape &in, const std::vector<int64_t> &axes);

/// np.squeeze's axes. `axes` nullopt (axis=None) selects every dim of size
/// 1; a dynamic dim then makes the result's rank depend on run-time sizes,
/// which is `unsupported`. A 0-d array accepts axis 0 and -1 and squeezes
/// nothing (NumPy's special case). Returns the normalized, sorted axes.
/// Errors: `axis` (out of bounds; "duplicate value in 'axis'"), `shape`
/// ("cannot select an axis to squeeze out which has size not equal to one";
/// a dynamic dim is checked at run time instead).
Expected<std::vector<int64_t>>
squeezeAxes(const Shape &in, const std::optional<std::vector<int64_t>> &axes);
/// The shape without the normalized axes.
Shape squeezeShape(const Shape &in, const std::vector<int64_t> &axes);

/// np.moveaxis(a, source, destination) as a transpose permutation. Errors:
/// `axis` ("source: axis 2 is out of bounds for array of dimension 2",
/// "repeated axis in `source` argument", "`source` and `destination`
/// arguments must have the same number of elements").
Expected<std::vector<int64_t>>
moveaxisPermutation(int64_t rank, const std::vector<int64_t> &source,
                    const std::vector<int64_t> &destination);
/// np.swapaxes(a, axis1, axis2) as a transpose permutation. Error: `axis`
/// ("axis1: axis 2 is out of bounds for array of dimension 2").
Expected<std::vector<int64_t>> swapaxesPermutation(int64_t rank, int64_t axis1,
                                                   int64_t axis2);

/// np.concatenate's result shape along `axis` (negative allowed; normalize
/// it with normalizeAxis for the arrays' rank). The axis dim is the sum (`?`
/// if any is dynamic); the other dims must agree, a dynamic dim against a
/// static one taking the static size (checked at run time). Errors in
/// NumPy's order: `value` ("need at least one array to concatenate",
/// "zero-dimensional arrays cannot be concatenated"), `axis`, `shape` ("all
/// the input arrays must have same number of dimensions, ...", "all the
/// input array dimensions except for the concatenation axis must match
/// exactly, but along dimension 1, the array at index 0 has size 3 and the
/// array at index 1 has size 4").
Expected<Shape> concatenateShape(const std::vector<Shape> &shapes,
                                 int64_t axis);

/// np.stack's result shape: the common shape with a new dim of the number of
/// arrays at `axis` (of the result's rank; negative allowed). Errors:
/// `value` ("need at least one array to stack"), `shape` ("all input arrays
/// must have the same shape"; dynamic dims are checked at run time), `axis`.
Expected<Shape> stackShape(const std::vector<Shape> &shapes, int64_t axis);

/// np.split's second argument: a number of equal sections, or the indices
/// at which to split (Python slice bounds: negative counts from the end,
/// out of range is clamped, a decreasing pair gives an empty piece).
struct SplitSpec {
  std::optional<int64_t> sections;
  std::vector<int64_t> indices;
  /// The number of pieces.
  int64_t count() const {
    return sections ? *sections : static_cast<int64_t>(indices.size()) + 1;
  }
};

/// The shapes of np.split's pieces along `axis` (negative allowed). A
/// dynamic axis gives dynamic sizes (the equal division is then checked at
/// run time). Errors: `axis` (also for a 0-d array), `value` ("number
/// sections must be larger than 0."), `value` ("array split does not result
/// in an equal division"), `unsupported` (more than 65536 pieces).
Expected<std::vector<Shape>> splitShapes(const Shape &in, const SplitSpec &spec,
                                         int64_t axis);
/// The (start, size) of each piece of an axis of static size `n` (the spec
/// is valid for it).
std::vector<std::pair<int64_t, int64_t>> splitRanges(int64_t n,
                                                     const SplitSpec &spec);

} // namespace sem
} // namespace tnp

#endif // TNP_SEMANTICS_SHAPES_H
