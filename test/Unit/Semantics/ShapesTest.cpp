//===- ShapesTest.cpp - Broadcasting, axes, matmul and reshape ------------===//
//
// Part of tnp. Expected messages are NumPy 1.24's (lowercase first).
//
//===----------------------------------------------------------------------===//

#include "tnp/Semantics/Shapes.h"

#include <limits>

#include <gtest/gtest.h>

using namespace tnp::sem;

namespace {

constexpr int64_t D = kDynamicDim;

Shape ok(const Expected<Shape> &r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Shape{-42};
}

Error err(const Expected<Shape> &r) {
  EXPECT_FALSE(r.ok()) << (r.ok() ? shapeStr(*r) : "");
  return r.ok() ? Error{ErrorKind::Unsupported, ""} : r.error();
}

TEST(Shapes, ShapeStrAndNumElements) {
  EXPECT_EQ(shapeStr({}), "()");
  EXPECT_EQ(shapeStr({3}), "(3,)");
  EXPECT_EQ(shapeStr({2, 3}), "(2, 3)");
  EXPECT_EQ(shapeStr({D, 3}), "(?, 3)");
  EXPECT_EQ(numElements({}), 1);
  EXPECT_EQ(numElements({2, 3}), 6);
  EXPECT_EQ(numElements({2, 0}), 0);
  EXPECT_EQ(numElements({2, D}), kDynamicDim);
}

TEST(Shapes, Broadcast) {
  EXPECT_EQ(ok(broadcastShapes({{2, 3}, {3}, {1, 2, 1}})), (Shape{1, 2, 3}));
  EXPECT_EQ(ok(broadcastShapes({{3, 1, 2}, {4, 1}})), (Shape{3, 4, 2}));
  EXPECT_EQ(ok(broadcastShapes({{}, {2, 2}})), (Shape{2, 2}));
  EXPECT_EQ(ok(broadcastShapes({{0}, {1}})), (Shape{0}));
  EXPECT_EQ(ok(broadcastShapes({{2, 1}, {1, 0}})), (Shape{2, 0}));
  EXPECT_EQ(ok(broadcastShapes({})), Shape{});
  EXPECT_EQ(ok(broadcastShapes({{4, 5}})), (Shape{4, 5}));
  Error e = err(broadcastShapes({{3}, {4}}));
  EXPECT_EQ(e.kind, ErrorKind::Broadcast);
  EXPECT_EQ(e.message,
            "operands could not be broadcast together with shapes (3,) (4,)");
  e = err(broadcastShapes({{0}, {2}}));
  EXPECT_EQ(e.kind, ErrorKind::Broadcast);
  EXPECT_EQ(e.message,
            "operands could not be broadcast together with shapes (0,) (2,)");
  e = err(broadcastShapes({{2, 2, 3}, {3, 3}}));
  EXPECT_EQ(e.message, "operands could not be broadcast together with shapes "
                       "(2,2,3) (3,3)");
  e = err(broadcastShapes({{2, 3}, {3}, {4, 1}}));
  EXPECT_EQ(e.message, "operands could not be broadcast together with shapes "
                       "(2,3) (3,) (4,1)");
}

TEST(Shapes, BroadcastDynamic) {
  EXPECT_EQ(ok(broadcastShapes({{D, 3}, {3}})), (Shape{D, 3}));
  EXPECT_EQ(ok(broadcastShapes({{D}, {1}})), (Shape{D}));
  EXPECT_EQ(ok(broadcastShapes({{D}, {D}})), (Shape{D}));
  EXPECT_EQ(ok(broadcastShapes({{D}, {4}})), (Shape{4}));
  EXPECT_EQ(ok(broadcastShapes({{5, 1}, {D}})), (Shape{5, D}));
  EXPECT_EQ(ok(broadcastShapes({{5, 4}, {D}})), (Shape{5, 4}));
  EXPECT_EQ(ok(broadcastShapes({{D, 2}, {4, 1}})), (Shape{4, 2}));
  Error e = err(broadcastShapes({{D, 3}, {4}}));
  EXPECT_EQ(e.message,
            "operands could not be broadcast together with shapes (?,3) (4,)");
}

TEST(Shapes, BroadcastTo) {
  Expected<bool> r = checkBroadcastTo({3}, {2, 3});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
  EXPECT_TRUE(*checkBroadcastTo({1, 3}, {4, 3}));
  EXPECT_TRUE(*checkBroadcastTo({}, {4, 3}));
  EXPECT_TRUE(*checkBroadcastTo({1}, {0}));
  // Dynamic dims need a run-time check.
  r = checkBroadcastTo({D}, {4});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(*r);
  r = checkBroadcastTo({1}, {D});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
  r = checkBroadcastTo({2, 3}, {4, 3});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Broadcast);
  EXPECT_EQ(r.error().message,
            "operands could not be broadcast together with remapped shapes "
            "[original->remapped]: (2,3)  and requested shape (4,3)");
  r = checkBroadcastTo({2, 3}, {3});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Broadcast);
  EXPECT_NE(r.error().message.find("(2,3)"), std::string::npos);
}

TEST(Shapes, Axes) {
  EXPECT_EQ(*normalizeAxis(1, 2), 1);
  EXPECT_EQ(*normalizeAxis(-1, 2), 1);
  EXPECT_EQ(*normalizeAxis(-2, 2), 0);
  Expected<int64_t> r = normalizeAxis(3, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Axis);
  EXPECT_EQ(r.error().message, "axis 3 is out of bounds for array of dimension 2");
  EXPECT_EQ(normalizeAxis(-3, 2).error().message,
            "axis -3 is out of bounds for array of dimension 2");
  EXPECT_FALSE(normalizeAxis(0, 0).ok());

  EXPECT_EQ(*normalizeAxes({2, -3}, 3), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(*normalizeAxes({}, 3), std::vector<int64_t>{});
  Expected<std::vector<int64_t>> rep = normalizeAxes({0, -2}, 2);
  ASSERT_FALSE(rep.ok());
  EXPECT_EQ(rep.error().kind, ErrorKind::Axis);
  EXPECT_NE(rep.error().message.find("repeated axis"), std::string::npos);
  EXPECT_EQ(normalizeAxes({0, 5}, 2).error().message,
            "axis 5 is out of bounds for array of dimension 2");

  EXPECT_EQ(allAxes(3), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(allAxes(0), std::vector<int64_t>{});
  EXPECT_EQ(reducedShape({2, 3, 4}, {0, 2}, false), (Shape{3}));
  EXPECT_EQ(reducedShape({2, 3, 4}, {0, 2}, true), (Shape{1, 3, 1}));
  EXPECT_EQ(reducedShape({2, 3}, allAxes(2), false), Shape{});
  EXPECT_EQ(reducedShape({2, 3}, {}, false), (Shape{2, 3}));
  EXPECT_EQ(reducedShape({D, 3}, {1}, true), (Shape{D, 1}));
}

TEST(Shapes, Matmul) {
  EXPECT_EQ(ok(matmulShape({2, 3}, {3, 4})), (Shape{2, 4}));
  EXPECT_EQ(ok(matmulShape({3}, {2, 3, 4})), (Shape{2, 4}));
  EXPECT_EQ(ok(matmulShape({2, 4, 3}, {3})), (Shape{2, 4}));
  EXPECT_EQ(ok(matmulShape({2, 1, 2, 3}, {3, 3, 2})), (Shape{2, 3, 2, 2}));
  EXPECT_EQ(ok(matmulShape({3}, {3})), Shape{});
  EXPECT_EQ(ok(matmulShape({5, 1, 2, 3}, {4, 3, 6})), (Shape{5, 4, 2, 6}));
  EXPECT_EQ(ok(matmulShape({D, 2, 3}, {3, D})), (Shape{D, 2, D}));
  EXPECT_EQ(ok(matmulShape({2, D}, {3, 4})), (Shape{2, 4}));

  Error e = err(matmulShape({2, 3}, {4, 2}));
  EXPECT_EQ(e.kind, ErrorKind::Shape);
  EXPECT_EQ(e.message,
            "matmul: Input operand 1 has a mismatch in its core dimension 0, "
            "with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different "
            "from 3)");
  EXPECT_EQ(err(matmulShape({3}, {4, 2})).kind, ErrorKind::Shape);
  EXPECT_EQ(err(matmulShape({2, 3}, {4})).message,
            "matmul: Input operand 1 has a mismatch in its core dimension 0, "
            "with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different "
            "from 3)");

  e = err(matmulShape({2, 2, 3}, {3, 3, 2}));
  EXPECT_EQ(e.kind, ErrorKind::Broadcast);
  EXPECT_EQ(e.message,
            "operands could not be broadcast together with remapped shapes "
            "[original->remapped]: (2,2,3)->(2,newaxis,newaxis) "
            "(3,3,2)->(3,newaxis,newaxis)  and requested shape (2,2)");

  e = err(matmulShape({}, {3, 3, 2}));
  EXPECT_EQ(e.kind, ErrorKind::Value);
  EXPECT_EQ(e.message,
            "matmul: Input operand 0 does not have enough dimensions (has 0, "
            "gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)");
  EXPECT_EQ(err(matmulShape({3}, {})).kind, ErrorKind::Value);
}

TEST(Shapes, Dot) {
  EXPECT_EQ(ok(dotShape({3}, {3})), Shape{});
  EXPECT_EQ(ok(dotShape({2, 3}, {3, 4})), (Shape{2, 4}));
  EXPECT_EQ(ok(dotShape({2, 3}, {3})), (Shape{2}));
  EXPECT_EQ(ok(dotShape({3}, {3, 4})), (Shape{4}));
  EXPECT_EQ(ok(dotShape({2, 3, 4}, {5, 4, 6})), (Shape{2, 3, 5, 6}));
  EXPECT_EQ(ok(dotShape({6}, {5, 6, 7})), (Shape{5, 7}));
  EXPECT_EQ(ok(dotShape({}, {2, 3})), (Shape{2, 3}));
  EXPECT_EQ(ok(dotShape({2, 3}, {})), (Shape{2, 3}));
  Error e = err(dotShape({2, 3}, {4}));
  EXPECT_EQ(e.kind, ErrorKind::Shape);
  EXPECT_EQ(e.message, "shapes (2,3) and (4,) not aligned: 3 (dim 1) != 4 (dim 0)");
  EXPECT_EQ(err(dotShape({2, 3, 4}, {5, 6, 7})).message,
            "shapes (2,3,4) and (5,6,7) not aligned: 4 (dim 2) != 6 (dim 1)");
  EXPECT_EQ(err(dotShape({4}, {5, 6, 7})).message,
            "shapes (4,) and (5,6,7) not aligned: 4 (dim 0) != 6 (dim 1)");
}

TEST(Shapes, Reshape) {
  EXPECT_EQ(ok(reshapeShape({6}, {2, 3})), (Shape{2, 3}));
  EXPECT_EQ(ok(reshapeShape({2, 3}, {-1})), (Shape{6}));
  EXPECT_EQ(ok(reshapeShape({2, 3}, {1, 6})), (Shape{1, 6}));
  EXPECT_EQ(ok(reshapeShape({2, 3}, {3, -1})), (Shape{3, 2}));
  EXPECT_EQ(ok(reshapeShape({0}, {0, 3})), (Shape{0, 3}));
  EXPECT_EQ(ok(reshapeShape({}, {1, 1})), (Shape{1, 1}));
  EXPECT_EQ(ok(reshapeShape({1}, {})), Shape{});

  Error e = err(reshapeShape({6}, {4}));
  EXPECT_EQ(e.kind, ErrorKind::Shape);
  EXPECT_EQ(e.message, "cannot reshape array of size 6 into shape (4,)");
  EXPECT_EQ(err(reshapeShape({2, 3}, {2, 4})).message,
            "cannot reshape array of size 6 into shape (2,4)");
  EXPECT_EQ(err(reshapeShape({6}, {-1, 4})).kind, ErrorKind::Shape);
  // -1 with a zero-size known part is ambiguous (NumPy raises too).
  EXPECT_EQ(err(reshapeShape({0}, {-1, 0})).kind, ErrorKind::Shape);
  e = err(reshapeShape({6}, {-1, -1}));
  EXPECT_EQ(e.kind, ErrorKind::Value);
  EXPECT_EQ(e.message, "can only specify one unknown dimension");
  // NumPy 1.24 reads any negative size as the unknown one.
  EXPECT_EQ(ok(reshapeShape({6}, {-2, 3})), (Shape{2, 3}));
  EXPECT_EQ(err(reshapeShape({6}, {-2, -3})).message,
            "can only specify one unknown dimension");

  // Dynamic sizes: -1 becomes dynamic and the size is checked at run time.
  EXPECT_EQ(ok(reshapeShape({D, 3}, {-1})), (Shape{D}));
  EXPECT_EQ(ok(reshapeShape({D, 3}, {3, -1})), (Shape{3, D}));
  EXPECT_EQ(ok(reshapeShape({D}, {2, 5})), (Shape{2, 5}));
  EXPECT_EQ(ok(reshapeShape({6}, {D, 2})), (Shape{D, 2}));
}

TEST(Shapes, Permutations) {
  EXPECT_EQ(*normalizePermutation({1, 0}, 2), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(*normalizePermutation({-1, 0, 1}, 3),
            (std::vector<int64_t>{2, 0, 1}));
  EXPECT_EQ(*normalizePermutation({}, 0), std::vector<int64_t>{});
  Expected<std::vector<int64_t>> r = normalizePermutation({0}, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Axis);
  EXPECT_EQ(r.error().message.rfind("axes don't match array", 0), 0u);
  r = normalizePermutation({0, 0}, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Axis);
  EXPECT_EQ(r.error().message.rfind("repeated axis in transpose", 0), 0u);
  r = normalizePermutation({0, 2}, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "axis 2 is out of bounds for array of dimension 2");
  EXPECT_EQ(permuteShape({2, 3, 4}, {2, 0, 1}), (Shape{4, 2, 3}));
  EXPECT_EQ(permuteShape({2, 3}, {1, 0}), (Shape{3, 2}));
  EXPECT_EQ(permuteShape({}, {}), Shape{});
}

TEST(Shapes, TooBig) {
  const int64_t big = int64_t(1) << 40;
  // numElements saturates instead of overflowing.
  EXPECT_EQ(numElements({big, big, big}), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(numElements({big, 0, big}), 0);
  Expected<int64_t> n = checkedNumElements({big, big, big});
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, ErrorKind::Value);
  EXPECT_EQ(n.error().message.rfind("array is too big", 0), 0u);
  // The byte count matters: 2^61 float64 elements are 2^64 bytes.
  EXPECT_TRUE(checkedNumElements({int64_t(1) << 61}, 1).ok());
  EXPECT_FALSE(checkedNumElements({int64_t(1) << 61}, 8).ok());
  // NumPy checks the non-zero dims even when the array is empty.
  EXPECT_FALSE(checkedNumElements({big, 0, big, big}, 8).ok());
  EXPECT_EQ(*checkedNumElements({big, 0, 3}, 8), 0);
  EXPECT_EQ(*checkedNumElements({kDynamicDim, 3}, 8), 3);
  // Reshape of a too-big array and into a too-big shape.
  Expected<Shape> r = reshapeShape({big, big, big}, {-1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Value);
  r = reshapeShape({6}, {big, big, big});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Value);
}

} // namespace

namespace {
using Axes = std::vector<int64_t>;

Axes okAxes(const Expected<Axes> &r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Axes{-42};
}

Error errAxes(const Expected<Axes> &r) {
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{ErrorKind::Unsupported, ""} : r.error();
}
} // namespace

TEST(Shapes, ExpandDims) {
  EXPECT_EQ(okAxes(expandDimsAxes({1}, 2)), (Axes{1}));
  EXPECT_EQ(okAxes(expandDimsAxes({-1, 0}, 1)), (Axes{0, 2}));
  EXPECT_EQ(okAxes(expandDimsAxes({0, -3}, 2)), (Axes{0, 1}));
  EXPECT_EQ(okAxes(expandDimsAxes({}, 2)), Axes{});
  EXPECT_EQ(expandDimsShape({2, 3}, {1}), (Shape{2, 1, 3}));
  EXPECT_EQ(expandDimsShape({2}, {0, 2}), (Shape{1, 2, 1}));
  EXPECT_EQ(expandDimsShape({}, {0}), (Shape{1}));
  EXPECT_EQ(expandDimsShape({D, 3}, {2}), (Shape{D, 3, 1}));
  Error e = errAxes(expandDimsAxes({3}, 2));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message, "axis 3 is out of bounds for array of dimension 3");
  e = errAxes(expandDimsAxes({0, 0}, 2));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message, "repeated axis");
}

TEST(Shapes, Squeeze) {
  EXPECT_EQ(okAxes(squeezeAxes({1, 3, 1}, std::nullopt)), (Axes{0, 2}));
  EXPECT_EQ(okAxes(squeezeAxes({1, 3, 1}, Axes{-1})), (Axes{2}));
  EXPECT_EQ(okAxes(squeezeAxes({1, 3, 1}, Axes{2, 0})), (Axes{0, 2}));
  EXPECT_EQ(okAxes(squeezeAxes({1, 3, 1}, Axes{})), Axes{});
  EXPECT_EQ(okAxes(squeezeAxes({}, std::nullopt)), Axes{});
  // NumPy's special case: axis 0 / -1 of a 0-d array.
  EXPECT_EQ(okAxes(squeezeAxes({}, Axes{0})), Axes{});
  EXPECT_EQ(okAxes(squeezeAxes({}, Axes{-1})), Axes{});
  // A dynamic dim named explicitly is checked at run time.
  EXPECT_EQ(okAxes(squeezeAxes({D, 3}, Axes{0})), (Axes{0}));
  EXPECT_EQ(squeezeShape({1, 3, 1}, {0, 2}), (Shape{3}));
  EXPECT_EQ(squeezeShape({1, 1}, {0, 1}), Shape{});
  Error e = errAxes(squeezeAxes({1, 3, 1}, Axes{1}));
  EXPECT_EQ(e.kind, ErrorKind::Shape);
  EXPECT_EQ(e.message.rfind("cannot select an axis to squeeze out which has "
                            "size not equal to one",
                            0),
            0u);
  e = errAxes(squeezeAxes({1, 3, 1}, Axes{3}));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message, "axis 3 is out of bounds for array of dimension 3");
  e = errAxes(squeezeAxes({1, 3, 1}, Axes{0, -3}));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message, "duplicate value in 'axis'");
  e = errAxes(squeezeAxes({}, Axes{1}));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  e = errAxes(squeezeAxes({D, 1}, std::nullopt));
  EXPECT_EQ(e.kind, ErrorKind::Unsupported);
}

TEST(Shapes, MoveaxisSwapaxes) {
  EXPECT_EQ(okAxes(moveaxisPermutation(3, {0}, {-1})), (Axes{1, 2, 0}));
  EXPECT_EQ(okAxes(moveaxisPermutation(3, {0, 1}, {-1, -2})), (Axes{2, 1, 0}));
  EXPECT_EQ(okAxes(moveaxisPermutation(4, {3, 0}, {0, 3})), (Axes{3, 1, 2, 0}));
  EXPECT_EQ(okAxes(moveaxisPermutation(2, {}, {})), (Axes{0, 1}));
  Error e = errAxes(moveaxisPermutation(2, {2}, {0}));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message,
            "source: axis 2 is out of bounds for array of dimension 2");
  e = errAxes(moveaxisPermutation(2, {0}, {-3}));
  EXPECT_EQ(e.message,
            "destination: axis -3 is out of bounds for array of dimension 2");
  e = errAxes(moveaxisPermutation(2, {0, 0}, {1, 0}));
  EXPECT_EQ(e.message, "repeated axis in `source` argument");
  e = errAxes(moveaxisPermutation(2, {0, 1}, {1}));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message, "`source` and `destination` arguments must have the "
                       "same number of elements");

  EXPECT_EQ(okAxes(swapaxesPermutation(3, 0, -1)), (Axes{2, 1, 0}));
  EXPECT_EQ(okAxes(swapaxesPermutation(2, 1, 1)), (Axes{0, 1}));
  e = errAxes(swapaxesPermutation(2, 0, 2));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message,
            "axis2: axis 2 is out of bounds for array of dimension 2");
  e = errAxes(swapaxesPermutation(2, -3, 0));
  EXPECT_EQ(e.message,
            "axis1: axis -3 is out of bounds for array of dimension 2");
}

TEST(Shapes, Concatenate) {
  EXPECT_EQ(ok(concatenateShape({{2, 3}, {2, 1}}, 1)), (Shape{2, 4}));
  EXPECT_EQ(ok(concatenateShape({{2, 3}, {1, 3}, {0, 3}}, -2)), (Shape{3, 3}));
  EXPECT_EQ(ok(concatenateShape({{2}}, 0)), (Shape{2}));
  EXPECT_EQ(ok(concatenateShape({{D, 3}, {2, 3}}, 0)), (Shape{D, 3}));
  EXPECT_EQ(ok(concatenateShape({{D, 3}, {2, D}}, 1)), (Shape{2, D}));
  EXPECT_EQ(ok(concatenateShape({{D, D}, {D, 4}}, 0)), (Shape{D, 4}));
  Error e = err(concatenateShape({}, 0));
  EXPECT_EQ(e.kind, ErrorKind::Value);
  EXPECT_EQ(e.message, "need at least one array to concatenate");
  e = err(concatenateShape({{}, {}}, 0));
  EXPECT_EQ(e.kind, ErrorKind::Value);
  EXPECT_EQ(e.message, "zero-dimensional arrays cannot be concatenated");
  e = err(concatenateShape({{2, 3}, {2, 3}}, 2));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message, "axis 2 is out of bounds for array of dimension 2");
  e = err(concatenateShape({{2, 3}, {2, 4}}, 0));
  EXPECT_EQ(e.kind, ErrorKind::Shape);
  EXPECT_EQ(e.message,
            "all the input array dimensions except for the concatenation "
            "axis must match exactly, but along dimension 1, the array at "
            "index 0 has size 3 and the array at index 1 has size 4");
  e = err(concatenateShape({{2, 3}, {3}}, 0));
  EXPECT_EQ(e.kind, ErrorKind::Shape);
  EXPECT_EQ(e.message,
            "all the input arrays must have same number of dimensions, but "
            "the array at index 0 has 2 dimension(s) and the array at index 1 "
            "has 1 dimension(s)");
}

TEST(Shapes, Stack) {
  EXPECT_EQ(ok(stackShape({{2}, {2}}, 1)), (Shape{2, 2}));
  EXPECT_EQ(ok(stackShape({{2, 3}, {2, 3}, {2, 3}}, 0)), (Shape{3, 2, 3}));
  EXPECT_EQ(ok(stackShape({{2, 3}, {2, 3}}, -1)), (Shape{2, 3, 2}));
  EXPECT_EQ(ok(stackShape({{}, {}}, 0)), (Shape{2}));
  EXPECT_EQ(ok(stackShape({{D, 3}, {2, D}}, 0)), (Shape{2, 2, 3}));
  Error e = err(stackShape({}, 0));
  EXPECT_EQ(e.kind, ErrorKind::Value);
  EXPECT_EQ(e.message, "need at least one array to stack");
  e = err(stackShape({{2, 3}, {2, 4}}, 0));
  EXPECT_EQ(e.kind, ErrorKind::Shape);
  EXPECT_EQ(e.message.rfind("all input arrays must have the same shape", 0),
            0u);
  e = err(stackShape({{2, 3}, {2, 3}}, 3));
  EXPECT_EQ(e.kind, ErrorKind::Axis);
  EXPECT_EQ(e.message, "axis 3 is out of bounds for array of dimension 3");
}

TEST(Shapes, Split) {
  SplitSpec three;
  three.sections = 3;
  Expected<std::vector<Shape>> r = splitShapes({6, 2}, three, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<Shape>{{2, 2}, {2, 2}, {2, 2}}));
  SplitSpec idx;
  idx.indices = {2, 5};
  EXPECT_EQ(*splitShapes({7}, idx, 0), (std::vector<Shape>{{2}, {3}, {2}}));
  idx.indices = {5, 2};
  EXPECT_EQ(*splitShapes({7}, idx, -1), (std::vector<Shape>{{5}, {0}, {5}}));
  idx.indices = {-2, 10};
  EXPECT_EQ(*splitShapes({7}, idx, 0), (std::vector<Shape>{{5}, {2}, {0}}));
  idx.indices = {-10, 3};
  EXPECT_EQ(*splitShapes({7}, idx, 0), (std::vector<Shape>{{0}, {3}, {4}}));
  EXPECT_EQ(splitRanges(7, idx),
            (std::vector<std::pair<int64_t, int64_t>>{{0, 0}, {0, 3}, {3, 4}}));
  idx.indices = {};
  EXPECT_EQ(*splitShapes({7}, idx, 0), (std::vector<Shape>{{7}}));
  EXPECT_EQ(*splitShapes({D, 2}, three, 0),
            (std::vector<Shape>{{D, 2}, {D, 2}, {D, 2}}));
  SplitSpec two;
  two.sections = 2;
  EXPECT_EQ(*splitShapes({0, 3}, two, 0), (std::vector<Shape>{{0, 3}, {0, 3}}));

  r = splitShapes({7}, three, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Value);
  EXPECT_EQ(r.error().message.rfind(
                "array split does not result in an equal division", 0),
            0u);
  SplitSpec zero;
  zero.sections = 0;
  r = splitShapes({7}, zero, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Value);
  EXPECT_EQ(r.error().message, "number sections must be larger than 0.");
  r = splitShapes({7}, three, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Axis);
  r = splitShapes({}, three, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::Axis);
}
