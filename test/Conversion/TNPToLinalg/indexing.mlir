// RUN: tnp-opt %s -tnp-convert-to-linalg -split-input-file | FileCheck %s

// Static basic indexing: one extract_slice (integer dims of size 1), then a
// reshape dropping them and inserting the newaxis dim.
// CHECK-LABEL: func @static_index
// CHECK: %[[S:.*]] = tensor.extract_slice %{{.*}}[1, 1, 0] [1, 2, 4] [1, 1, 1] : tensor<2x3x4xi64> to tensor<1x2x4xi64>
// CHECK: tensor.reshape %[[S]](%{{.*}}) : (tensor<1x2x4xi64>, tensor<4xindex>) -> tensor<2x1x4x1xi64>
func.func @static_index(%x: tensor<2x3x4xsi64>) -> tensor<2x1x4x1xsi64> {
  %r = tnp.index %x [1, 1:3, newaxis, ..., newaxis] : tensor<2x3x4xsi64> -> tensor<2x1x4x1xsi64>
  return %r : tensor<2x1x4x1xsi64>
}

// -----

// A negative step slices with the positive stride from the last element
// read, then a linalg.generic reads the slice back to front.
// CHECK-LABEL: func @negative_step
// CHECK: %[[S:.*]] = tensor.extract_slice %{{.*}}[0] [5] [2] : tensor<10xi32> to tensor<5xi32>
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: arith.subi
// CHECK: tensor.extract %[[S]]
func.func @negative_step(%x: tensor<10xsi32>) -> tensor<5xsi32> {
  %r = tnp.index %x [8::-2] : tensor<10xsi32> -> tensor<5xsi32>
  return %r : tensor<5xsi32>
}

// -----

// An integer into a dynamic dim is bounds-checked before anything is read;
// the error carries the index, the axis and the size.
// CHECK-LABEL: func @dynamic_int
// CHECK: %[[D:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: arith.cmpi sge
// CHECK: scf.if %{{.*}} -> (tensor<4xf32>)
// CHECK: llvm.mlir.addressof @__tnp_error_index_bounds
// CHECK: llvm.call @tnp_rt_error_raise_fmt
// CHECK: } else {
// CHECK: tensor.extract_slice
// CHECK: tensor.reshape
func.func @dynamic_int(%x: tensor<?x4xf32>) -> tensor<4xf32> {
  %r = tnp.index %x [-1] : tensor<?x4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// A slice of a dynamic dim clamps its bounds at run time.
// CHECK-LABEL: func @dynamic_slice
// CHECK: tensor.dim
// CHECK: arith.minsi
// CHECK: arith.select
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}] [%{{.*}}] [3] : tensor<?xf32> to tensor<?xf32>
// CHECK-NOT: scf.if
func.func @dynamic_slice(%x: tensor<?xf32>) -> tensor<?xf32> {
  %r = tnp.index %x [1:7:3] : tensor<?xf32> -> tensor<?xf32>
  return %r : tensor<?xf32>
}
