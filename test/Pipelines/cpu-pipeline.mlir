// RUN: tnp-opt %s -tnp-cpu-pipeline | FileCheck %s
// The whole CPU pipeline: tnp in, only the llvm dialect out (its last stage
// is the llvm contract check), allocations routed to the runtime's
// _mlir_memref_to_llvm_* entry points (the aligned one, declared as an
// allocator for LLVM's alias analysis), a C interface for every function.

// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64 {llvm.allocalign}, i64) -> (!llvm.ptr {llvm.noalias})
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
// CHECK-NOT: llvm.ptrtoint
// CHECK-LABEL: llvm.func @predict(
// CHECK: llvm.fmul
// CHECK: llvm.fcmp
// CHECK-LABEL: llvm.func @_mlir_ciface_predict
module attributes {tnp.dtype_conversion_mode = "legacy"} {
  func.func @predict(%x: tensor<2x32xf32>, %w1: tensor<32x64xf32>, %b: tensor<64xf32>, %w2: tensor<64x2xf32>) -> tensor<2x2xf32> {
    %h = tnp.matmul %x, %w1 : (tensor<2x32xf32>, tensor<32x64xf32>) -> tensor<2x64xf32>
    %y = tnp.add %h, %b : (tensor<2x64xf32>, tensor<64xf32>) -> tensor<2x64xf32>
    %zero = tnp.constant dense<0> : tensor<si64, #tnp.weak>
    %relu = tnp.maximum %y, %zero : (tensor<2x64xf32>, tensor<si64, #tnp.weak>) -> tensor<2x64xf32>
    %out = tnp.matmul %relu, %w2 : (tensor<2x64xf32>, tensor<64x2xf32>) -> tensor<2x2xf32>
    return %out : tensor<2x2xf32>
  }
}
