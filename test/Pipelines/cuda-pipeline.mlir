// tnp-cuda-pipeline, device side: each kernel family becomes kernels
// launched in blocks of 256 threads (a guard, not min/max bounds, so every
// thread loop has the block size), merged into one gpu.module per module,
// serialized to PTX for sm_80 and sm_90. The PTX is FileChecked (format=isa:
// no GPU or toolkit needed); lower-host=0 keeps the host side readable.
// Host code that would touch device memory is a located contract error.
// (The one-thread-per-element kernels of reductions and matmul are the
// first step: tree reductions and tiled matmul come next.)
// RUN: tnp-opt %s --tnp-cuda-pipeline='format=isa lower-host=0' -split-input-file -verify-diagnostics | FileCheck %s
// RUN: tnp-opt %s --tnp-cuda-pipeline='format=isa lower-host=0 chips=sm_90 block-size=128' -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=SM90

// Elementwise: one fused kernel.
// CHECK-LABEL: func.func @axpy_relu
// CHECK: gpu.launch_func @tnp_kernels::@axpy_relu_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%c256, %c1, %c1)
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_80"{{[^>]*}}>
// CHECK-SAME: .target sm_80
// CHECK-SAME: .visible .entry axpy_relu_kernel(
// CHECK-SAME: ld.global.b32
// CHECK-SAME: mul.rn.f32
// CHECK-SAME: add.rn.f32
// CHECK-SAME: max.NaN.f32
// CHECK-SAME: st.global.b32
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_90"{{[^>]*}}>
// CHECK-SAME: .target sm_90
// SM90-LABEL: func.func @axpy_relu
// SM90: threads in (%c128, %c1, %c1)
// SM90: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_90"{{[^>]*}}>
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

// A reduction over the last axis: an init kernel, then one thread per row
// looping over the row (tiled to blocks of 256 rows, guarded: 64 < 256).
// CHECK-LABEL: func.func @rowsum
// CHECK: gpu.launch_func @tnp_kernels::@rowsum_kernel blocks in
// CHECK-SAME: threads in (%c256, %c1, %c1)
// CHECK: gpu.launch_func @tnp_kernels::@rowsum_kernel_0 blocks in
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry rowsum_kernel(
// CHECK-SAME: st.global.b32
// CHECK-SAME: .entry rowsum_kernel_0(
// CHECK-SAME: add.rn.f32
// SM90-LABEL: func.func @rowsum
// SM90: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_90"{{[^>]*}}>
func.func @rowsum(%x: tensor<64x128xf32>) -> tensor<64xf32> {
  %r = tnp.sum %x axis [1] : tensor<64x128xf32> -> tensor<64xf32>
  return %r : tensor<64xf32>
}

// -----

// A transpose: the 2-D loop nest collapsed to one dim of 150000 elements,
// in ceil(150000 / 256) = 586 blocks of a 1-D grid (a 2-D grid would cap
// the outer dim at 65535).
// CHECK-LABEL: func.func @transpose
// CHECK: gpu.launch_func @tnp_kernels::@transpose_kernel blocks in (%c586, %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry transpose_kernel(
// CHECK-SAME: ld.global.b16
// CHECK-SAME: st.global.b16
func.func @transpose(%a: tensor<300x500xsi16>) -> tensor<500x300xsi16> {
  %t = tnp.transpose %a [1, 0] : tensor<300x500xsi16> -> tensor<500x300xsi16>
  return %t : tensor<500x300xsi16>
}

// -----

// 0-d operands: a one-iteration loop, so the element is computed on the
// device (the host never reads device memory).
// CHECK-LABEL: func.func @scalar
// CHECK: gpu.launch_func @tnp_kernels::@scalar_kernel
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry scalar_kernel(
// CHECK-SAME: add.rn.f64
func.func @scalar(%a: tensor<f64>, %b: tensor<f64>) -> tensor<f64> {
  %r = tnp.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %r : tensor<f64>
}

// -----

// A matmul: one thread per output element looping over k (no shared-memory
// tiling yet); products and sums round separately, as NumPy's do (no fma).
// CHECK-LABEL: func.func @matmul
// CHECK: gpu.launch_func @tnp_kernels::@matmul_kernel
// CHECK: gpu.launch_func @tnp_kernels::@matmul_kernel_0
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry matmul_kernel_0(
// CHECK-SAME: mul.rn.f32
// CHECK-SAME: add.rn.f32
func.func @matmul(%a: tensor<64x32xf32>, %b: tensor<32x16xf32>) -> tensor<64x16xf32> {
  %r = tnp.matmul %a, %b : (tensor<64x32xf32>, tensor<32x16xf32>) -> tensor<64x16xf32>
  return %r : tensor<64x16xf32>
}

// -----

// An array constant is copied into a device buffer of its own each call
// (gpu.memcpy from the host global), freed after its last use.
// CHECK-LABEL: func.func @constant
// CHECK: %[[G:.*]] = memref.get_global
// CHECK: %[[D:.*]] = gpu.alloc () : memref<3xf32>
// CHECK: gpu.memcpy %[[D]], %[[G]]
// CHECK: gpu.launch_func
// CHECK: gpu.dealloc %[[D]]
func.func @constant(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = tnp.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %r = tnp.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// Boolean-mask selection has no GPU lowering yet: the count is a kernel
// (a reduction) and the compaction runs on the host. The buffers the host
// reads are managed (host-shared) buffers; the mask argument is copied into
// one first.
// CHECK-LABEL: func.func @mask
// CHECK: %[[M:.*]] = memref.alloc() {tnp_host_shared} : memref<3xi1>
// CHECK: gpu.memcpy %[[M]], %arg1
// CHECK: gpu.launch_func @tnp_kernels::@mask_kernel
// CHECK: scf.for
// CHECK: memref.load %[[M]]
// CHECK: gpu.dealloc %[[M]]
func.func @mask(%x: tensor<3x4xsi32>, %m: tensor<3xi1>) -> tensor<?x4xsi32> {
  %r = tnp.mask_select %x [%m] at 0 : tensor<3x4xsi32>, tensor<3xi1> -> tensor<?x4xsi32>
  return %r : tensor<?x4xsi32>
}
