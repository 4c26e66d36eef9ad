// tnp-llvm-allocator-attrs: the runtime's allocation functions, declared by
// finalize-memref-to-llvm{use-generic-functions=1}, are marked as
// allocators (noalias result; the alignment argument as allocalign). A
// definition of the same name, or a declaration of another signature, is
// not the runtime's and is left alone.
// RUN: tnp-opt %s --tnp-llvm-allocator-attrs -split-input-file | FileCheck %s

// CHECK: llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64 {llvm.allocalign}, i64) -> (!llvm.ptr {llvm.noalias})
// CHECK: llvm.func @_mlir_memref_to_llvm_alloc(i64) -> (!llvm.ptr {llvm.noalias})
// CHECK: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
module {
  llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64, i64) -> !llvm.ptr
  llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
  llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
}

// -----

// CHECK-LABEL: llvm.func @_mlir_memref_to_llvm_aligned_alloc(%arg0: i64, %arg1: i64) -> !llvm.ptr {
// CHECK: llvm.func @_mlir_memref_to_llvm_alloc(i32) -> !llvm.ptr
module {
  llvm.func @_mlir_memref_to_llvm_aligned_alloc(%a: i64, %s: i64) -> !llvm.ptr {
    %p = llvm.mlir.zero : !llvm.ptr
    llvm.return %p : !llvm.ptr
  }
  llvm.func @_mlir_memref_to_llvm_alloc(i32) -> !llvm.ptr
}
