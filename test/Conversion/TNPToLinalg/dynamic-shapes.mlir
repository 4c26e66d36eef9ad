// RUN: tnp-opt %s -tnp-convert-to-linalg -split-input-file | FileCheck %s

// A reshape with run-time sizes checks before it computes: the guard raises
// NumPy's errors in priority order and the reshape runs in the else branch.
// CHECK-LABEL: func @reshape_sizes
// CHECK: arith.mulsi_extended
// CHECK: scf.if %{{.*}} -> (tensor<?x?xf32>)
// CHECK: llvm.mlir.addressof @__tnp_error_reshape_unknown
// CHECK: llvm.call @tnp_rt_error_raise
// CHECK: llvm.mlir.addressof @__tnp_error_too_big
// CHECK: llvm.mlir.addressof @__tnp_error_reshape_size
// CHECK: llvm.alloca
// CHECK: llvm.call @tnp_rt_error_raise_fmt
// CHECK: tensor.empty(%{{.*}}, %{{.*}}) : tensor<?x?xf32>
// CHECK: } else {
// CHECK: tensor.from_elements
// CHECK: tensor.reshape
func.func @reshape_sizes(%a: tensor<?xf32>, %n: index, %m: index) -> tensor<?x?xf32> {
  %r = tnp.reshape %a[%n, %m] : tensor<?xf32> -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// A dynamic 2-D matmul stays a linalg.matmul behind the contraction check.
// CHECK-LABEL: func @matmul_dynamic
// CHECK: %[[K0:.*]] = tensor.dim %{{.*}}, %c1
// CHECK: %[[K1:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: arith.cmpi ne, %[[K0]], %[[K1]]
// CHECK: scf.if
// CHECK: llvm.mlir.addressof @__tnp_error_matmul_core
// CHECK: } else {
// CHECK: linalg.matmul
func.func @matmul_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = tnp.matmul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// Batch dims that may broadcast at run time are copied to the full batch
// shape (clamped reads) before the contraction.
// CHECK-LABEL: func @batch_matmul_dynamic
// CHECK: llvm.mlir.addressof @__tnp_error_matmul_batch
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: tensor.extract
// CHECK: linalg.generic
// CHECK: tensor.extract
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel", "parallel", "reduction"]
func.func @batch_matmul_dynamic(%a: tensor<?x2x3xf64>, %b: tensor<?x3x2xf64>) -> tensor<?x2x2xf64> {
  %r = tnp.matmul %a, %b : (tensor<?x2x3xf64>, tensor<?x3x2xf64>) -> tensor<?x2x2xf64>
  return %r : tensor<?x2x2xf64>
}

// -----

// Sizes given at run time to a creation op are checked (negative, too big).
// CHECK-LABEL: func @zeros_dynamic
// CHECK: scf.if
// CHECK: llvm.mlir.addressof @__tnp_error_negative_dims
// CHECK: llvm.mlir.addressof @__tnp_error_too_big
// CHECK: } else {
// CHECK: linalg.fill
func.func @zeros_dynamic(%n: index) -> tensor<?x2xf64> {
  %r = tnp.zeros(%n) : tensor<?x2xf64>
  return %r : tensor<?x2xf64>
}
