// tnp-cuda-pipeline, first part (device code): an elementwise chain becomes
// one fused kernel launched in blocks of 256 threads (no one-thread blocks),
// serialized to PTX for sm_80 and sm_90 (one object per chip); the PTX is
// FileChecked (no GPU needed). Loops the mapping does not handle yet are a
// located contract error, never host loops over device memory.
// RUN: tnp-opt %s --tnp-cuda-pipeline -split-input-file -verify-diagnostics | FileCheck %s
// RUN: tnp-opt %s --tnp-cuda-pipeline='chips=sm_90 block-size=128' -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=SM90

// CHECK-LABEL: func.func @axpy_relu
// CHECK: gpu.launch_func @axpy_relu_kernel::@axpy_relu_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%c256, %c1, %c1)
// CHECK: gpu.binary @axpy_relu_kernel [#gpu.object<#nvvm.target<chip = "sm_80">
// CHECK-SAME: .target sm_80
// CHECK-SAME: .visible .entry axpy_relu_kernel(
// CHECK-SAME: ld.global.b32
// CHECK-SAME: mul.rn.f32
// CHECK-SAME: add.rn.f32
// CHECK-SAME: max.NaN.f32
// CHECK-SAME: st.global.b32
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_90">
// CHECK-SAME: .target sm_90
// SM90: threads in (%c128, %c1, %c1)
// SM90: gpu.binary @axpy_relu_kernel [#gpu.object<#nvvm.target<chip = "sm_90">
// SM90-NOT: sm_80
func.func @axpy_relu(%x: tensor<4096xf32>, %y: tensor<4096xf32>) -> tensor<4096xf32> {
  %two = tnp.constant dense<2.0> : tensor<f32>
  %ax = tnp.multiply %x, %two : (tensor<4096xf32>, tensor<f32>) -> tensor<4096xf32>
  %s = tnp.add %ax, %y : (tensor<4096xf32>, tensor<4096xf32>) -> tensor<4096xf32>
  %zero = tnp.constant dense<0.0> : tensor<f32>
  %r = tnp.maximum %s, %zero : (tensor<4096xf32>, tensor<f32>) -> tensor<4096xf32>
  return %r : tensor<4096xf32>
}

// -----

// A reduction nest is not mapped yet: the contract names it.
func.func @rowsum(%x: tensor<64x128xf32>) -> tensor<64xf32> {
  // expected-error @+1 {{tnp-cuda-pipeline contract: this loop was not mapped to the GPU}}
  %r = tnp.sum %x axis [1] : tensor<64x128xf32> -> tensor<64xf32>
  return %r : tensor<64xf32>
}
