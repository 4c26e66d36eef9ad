// RUN: tnp-opt %s -tnp-convert-to-linalg -split-input-file | FileCheck %s
// RUN: tnp-opt %s -tnp-convert-to-linalg -canonicalize -linalg-fuse-elementwise-ops -split-input-file | FileCheck %s --check-prefix=FUSED

// Dynamic dims that are equal by construction (EqualDims.cpp) need no
// run-time broadcast check: a row softmax over a dynamic number of rows
// lowers as a static one does, with broadcasting maps, and its subtract and
// exp fuse.
// CHECK-LABEL: func @softmax_rows
// CHECK-NOT: __tnp_error_dynamic_broadcast
// CHECK-NOT: tensor.extract
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// FUSED-LABEL: func @softmax_rows
// FUSED: linalg.generic
// FUSED: arith.maximumf
// FUSED: linalg.generic
// FUSED-NEXT: ^bb0
// FUSED-NEXT: arith.subf
// FUSED-NEXT: math.exp
// FUSED: linalg.generic
// FUSED: arith.addf
// FUSED: linalg.generic
// FUSED: arith.divf
// FUSED-NOT: linalg.generic
// FUSED: return
func.func @softmax_rows(%s: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %m = tnp.max %s axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %d = tnp.subtract %s, %m : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  %e = tnp.exp %d : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %t = tnp.sum %e axis [-1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %r = tnp.true_divide %e, %t : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// Two independent dynamic dims may differ, or be 1, at run time: checked,
// and read at `i * step`. The ops around it, whose dynamic dims are only
// their operand's, are plain generics.
// CHECK-LABEL: func @independent
// CHECK: linalg.generic {{.*}} ins(%arg0, %{{.*}} : tensor<?xf32>, tensor<f32>)
// CHECK: arith.mulf
// CHECK: scf.if
// CHECK: __tnp_error_dynamic_broadcast
// CHECK: linalg.generic
// CHECK: tensor.extract
// CHECK: tensor.extract
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?xf32>, tensor<f32>)
// CHECK: arith.maximumf
func.func @independent(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %two = tnp.constant dense<2.0> : tensor<f32>
  %0 = tnp.multiply %x, %two : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  %1 = tnp.add %0, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %zero = tnp.constant dense<0.0> : tensor<f32>
  %2 = tnp.maximum %1, %zero : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  return %2 : tensor<?xf32>
}

// -----

// Equal through a transpose and expand_dims: x.T + x.T[:, None, :]...
// (the size-1 dim is static, the others are x's).
// CHECK-LABEL: func @through_shapes
// CHECK-NOT: scf.if
// CHECK-NOT: tensor.extract
// CHECK: linalg.transpose
// CHECK: tensor.expand_shape
// CHECK: linalg.generic
// CHECK: arith.addf
func.func @through_shapes(%x: tensor<?x?xf32>) -> tensor<?x?x?xf32> {
  %t = tnp.transpose %x [1, 0] : tensor<?x?xf32> -> tensor<?x?xf32>
  %e = tnp.expand_dims %t [1] : tensor<?x?xf32> -> tensor<?x1x?xf32>
  %r = tnp.add %e, %t : (tensor<?x1x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return %r : tensor<?x?x?xf32>
}

// -----

// A squeeze of a dynamic dim is checked at run time; it yields an empty
// result when the check fails, so its kept dims are not claimed equal to
// the input's (the add checks them). A squeeze of a static dim is.
// CHECK-LABEL: func @squeeze_dynamic
// CHECK: __tnp_error_squeeze
// CHECK: __tnp_error_dynamic_broadcast
// CHECK: tensor.extract
func.func @squeeze_dynamic(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %s = tnp.squeeze %x [1] : tensor<?x?xf32> -> tensor<?xf32>
  %m = tnp.sum %x axis [1] : tensor<?x?xf32> -> tensor<?xf32>
  %r = tnp.add %s, %m : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
// CHECK-LABEL: func @squeeze_static
// CHECK-NOT: scf.if
// CHECK-NOT: tensor.extract
// CHECK: arith.addf
func.func @squeeze_static(%x: tensor<?x1xf32>) -> tensor<?xf32> {
  %s = tnp.squeeze %x [1] : tensor<?x1xf32> -> tensor<?xf32>
  %m = tnp.sum %x axis [1] : tensor<?x1xf32> -> tensor<?xf32>
  %r = tnp.add %s, %m : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// Only the analysis claims equal dims: an attribute written in the input is
// dropped, and the independent dims are still checked.
// CHECK-LABEL: func @forged_claim
// CHECK: __tnp_error_dynamic_broadcast
// CHECK: tensor.extract
// CHECK-NOT: tnp_equal_dims
func.func @forged_claim(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %r = tnp.add %x, %y {tnp_equal_dims = array<i64: 1, 1>} : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// A failed check still lets the ops after it run (the entry point discards
// their results), so a result keeps the sizes other ops were told are equal.
// max over an empty dynamic axis only reports its error: the reduction of
// no elements reads nothing and runs unguarded, with the kept dims' sizes.
// CHECK-LABEL: func @failed_max_keeps_rows
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: scf.if
// CHECK: __tnp_error_empty_maximum
// CHECK-NEXT: llvm.call @tnp_rt_error_raise
// CHECK-NEXT: }
// CHECK-NEXT: tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK-NOT: else
// CHECK: return
func.func @failed_max_keeps_rows(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %m = tnp.max %x axis [1] : tensor<?x?xf32> -> tensor<?xf32>
  %s = tnp.sum %x axis [1] : tensor<?x?xf32> -> tensor<?xf32>
  %r = tnp.subtract %s, %m : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// A failed broadcast check keeps the dims equal to an operand's (dim 0, x's,
// read at its index: no step) and makes the others 0.
// CHECK-LABEL: func @failed_broadcast_keeps_equal_dims
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[FAILED:.*]] = arith.xori
// CHECK: scf.if %[[FAILED]] {
// CHECK: __tnp_error_dynamic_broadcast
// CHECK: %[[M:.*]] = arith.select %[[FAILED]], %c0{{.*}}, %{{.*}} : index
// CHECK: tensor.empty(%[[N]], %[[M]]) : tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK-NEXT: %[[J:.*]] = linalg.index 1
// CHECK-NEXT: %[[JS:.*]] = arith.muli %[[J]]
// CHECK-NEXT: tensor.extract %arg0[%[[I]], %[[JS]]]
func.func @failed_broadcast_keeps_equal_dims(%x: tensor<?x?xf32>, %y: tensor<?xf32>) -> tensor<?x?xf32> {
  %r = tnp.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// A negative integer power is checked even when the dims are equal; the
// failed check yields the result's sizes.
// CHECK-LABEL: func @power_equal_dims
// CHECK: scf.if
// CHECK: __tnp_error_negative_power
// CHECK: tensor.empty(%dim{{[_0-9]*}}) : tensor<?xi32>
// CHECK: } else {
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg0 : tensor<?xi32>, tensor<?xi32>)
func.func @power_equal_dims(%x: tensor<?xsi32>) -> tensor<?xsi32> {
  %r = tnp.power %x, %x : (tensor<?xsi32>, tensor<?xsi32>) -> tensor<?xsi32>
  return %r : tensor<?xsi32>
}
