// tnp-gpu-align-workgroup-buffers: every workgroup buffer 16-byte aligned;
// the two-blocks-per-SM hint only for the tiled matmul's 3-d stages of
// 32-bit elements; other element types (index) are left without a hint.
// RUN: tnp-opt %s --pass-pipeline='builtin.module(gpu.module(tnp-gpu-align-workgroup-buffers))' | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @k {
    // CHECK-LABEL: gpu.func @tiles
    // CHECK-SAME: workgroup(%{{.*}} : memref<2x16x132xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
    // CHECK-SAME: nvvm.minctasm = 2 : i32
    gpu.func @tiles() workgroup(%a : memref<2x16x132xf32, #gpu.address_space<workgroup>>) kernel {
      gpu.return
    }
    // CHECK-LABEL: gpu.func @indices
    // CHECK-SAME: {llvm.align = 16 : i64}
    // CHECK-NOT: minctasm
    gpu.func @indices() workgroup(%a : memref<2x4x4xindex, #gpu.address_space<workgroup>>) kernel {
      gpu.return
    }
  }
}
