// RUN: tnp-opt %s -tnp-cpu-pipeline | FileCheck %s
// RUN: tnp-opt %s -tnp-cpu-pipeline="llvm-cleanup=0" | FileCheck %s
// tnp-cpu-pipeline runs the conversions of the math, complex, affine, index
// and ub dialects only on a module holding such ops (tnp-if-dialects): a
// module with math and complex ops still leaves only the llvm dialect (the
// pipeline's last stage is the llvm contract check, which fails on any
// other op), and one without them gets no math lowering. None of these
// functions can raise a run-time error: the runtime's error entry points
// and message constants that tnp-convert-to-linalg declares are dropped.
// With llvm-cleanup=0 (what the JIT runs: LLVM's optimizer follows) the
// final canonicalization and CSE are skipped; the lowering is complete.

// CHECK-NOT:   llvm.mlir.global
// CHECK-NOT:   tnp_rt_error_raise
// CHECK-LABEL: llvm.func @plain(
// CHECK-NOT:   llvm.intr.
// CHECK:       llvm.fadd
// CHECK-NOT:   llvm.intr.
// CHECK-LABEL: llvm.func @_mlir_ciface_plain(

// math ops: LLVM intrinsics (convert-math-to-llvm).
// CHECK-LABEL: llvm.func @math(
// CHECK:       llvm.intr.sqrt
// CHECK:       llvm.intr.tan
// CHECK-LABEL: llvm.func @_mlir_ciface_math(

// complex ops: arith and math (convert-complex-to-standard), then LLVM.
// CHECK-LABEL: llvm.func @cplx(
// CHECK:       llvm.intr.sqrt
// CHECK-LABEL: llvm.func @_mlir_ciface_cplx(
module attributes {tnp.dtype_conversion_mode = "legacy"} {
  func.func @plain(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
    %s = tnp.add %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    return %s : tensor<4xf32>
  }
  func.func @math(%x: tensor<4xf32>) -> tensor<4xf32> {
    %s = tnp.sqrt %x : (tensor<4xf32>) -> tensor<4xf32>
    %t = tnp.tan %s : (tensor<4xf32>) -> tensor<4xf32>
    return %t : tensor<4xf32>
  }
  func.func @cplx(%z: tensor<4xcomplex<f32>>) -> tensor<4xf32> {
    %a = tnp.abs %z : (tensor<4xcomplex<f32>>) -> tensor<4xf32>
    return %a : tensor<4xf32>
  }
}
