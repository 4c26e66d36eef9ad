// RUN: tnp-opt %s -tnp-gpu-fuse-multi-use -split-input-file | FileCheck %s
// RUN: tnp-opt %s --tnp-cuda-pipeline='format=isa lower-host=0 chips=sm_90' -split-input-file | FileCheck %s --check-prefix=PTX
// RUN: tnp-opt %s --tnp-cuda-pipeline='format=isa lower-host=0 chips=sm_80' -split-input-file | FileCheck %s --check-prefix=PTX

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// A producer used by two generics is computed in each, and goes away.
// CHECK-LABEL: func @two_consumers
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%arg0 :
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]{{.*}} ins(%arg0, %{{.*}} :
// CHECK: math.exp
// CHECK: arith.divf
// CHECK-NOT: linalg.generic
func.func @two_consumers(%s: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %e0 = tensor.empty() : tensor<64x128xf32>
  %e = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%s : tensor<64x128xf32>) outs(%e0 : tensor<64x128xf32>) {
  ^bb0(%a: f32, %o: f32):
    %x = math.exp %a : f32
    linalg.yield %x : f32
  } -> tensor<64x128xf32>
  %z = arith.constant 0.0 : f32
  %t0 = tensor.empty() : tensor<64xf32>
  %t1 = linalg.fill ins(%z : f32) outs(%t0 : tensor<64xf32>) -> tensor<64xf32>
  %t = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]}
      ins(%e : tensor<64x128xf32>) outs(%t1 : tensor<64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %x = arith.addf %o, %a : f32
    linalg.yield %x : f32
  } -> tensor<64xf32>
  %r = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%e, %t : tensor<64x128xf32>, tensor<64xf32>) outs(%e0 : tensor<64x128xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %x = arith.divf %a, %b : f32
    linalg.yield %x : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

// -----

#id = affine_map<(d0) -> (d0)>

// A producer that is also returned is computed once, not fused.
// CHECK-LABEL: func @also_returned
// CHECK-COUNT-2: linalg.generic
func.func @also_returned(%x: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %e0 = tensor.empty() : tensor<64xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<64xf32>) outs(%e0 : tensor<64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %y = math.exp %a : f32
    linalg.yield %y : f32
  } -> tensor<64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%p : tensor<64xf32>) outs(%e0 : tensor<64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %y = arith.addf %a, %a : f32
    linalg.yield %y : f32
  } -> tensor<64xf32>
  return %p, %r : tensor<64xf32>, tensor<64xf32>
}

// -----

// The tnp softmax on the GPU: this pass leaves the exponentials unstored
// (the sum and the divide each compute exp(s - max)), and
// tnp-gpu-fused-rows makes the max, the sum and the divide one warp-per-row
// kernel that reads s from memory once; the max's empty-row error is
// reported before it. The row length is dynamic: rows of up to 1024
// elements take the kernel that keeps a row in registers with a warp per
// row (32 a lane, no loop), rows of up to 8192 the one with a block per row
// (32 a thread; the warps' totals meet in workgroup memory after a
// barrier), longer ones the kernel with a loop per member, and rows
// shorter than a warp the original ops: fills, a thread per row, a thread
// per element.
// PTX-LABEL: func.func @softmax
// PTX: __tnp_error_empty_maximum
// PTX: arith.cmpi uge, %{{.*}}, %c32
// PTX-NEXT: scf.if %{{[0-9]+}} {
// PTX-NEXT: arith.cmpi ule, %{{.*}}, %c1024
// PTX-NEXT: scf.if %{{[0-9]+}} {
// PTX-NEXT: arith.ceildivui
// PTX-NEXT: gpu.launch_func @tnp_kernels::@softmax_kernel blocks
// PTX-SAME: args(%arg0 : memref<?x?xf32>,
// PTX-NEXT: } else {
// PTX-NEXT: arith.cmpi ule, %{{.*}}, %c8192
// PTX-NEXT: scf.if %{{[0-9]+}} {
// PTX-NEXT: gpu.launch_func @tnp_kernels::@softmax_kernel_0 blocks in (%dim,
// PTX-SAME: args(%arg0 : memref<?x?xf32>,
// PTX-NEXT: } else {
// PTX-NEXT: arith.ceildivui
// PTX-NEXT: gpu.launch_func @tnp_kernels::@softmax_kernel_1 blocks
// PTX-SAME: args(%arg0 : memref<?x?xf32>,
// PTX-NEXT: }
// PTX-NEXT: }
// PTX-NEXT: } else {
// PTX: gpu.launch_func @tnp_kernels::@softmax_kernel_2 blocks
// PTX: gpu.launch_func @tnp_kernels::@softmax_kernel_3 blocks
// PTX: gpu.launch_func @tnp_kernels::@softmax_kernel_4 blocks
// PTX: gpu.launch_func @tnp_kernels::@softmax_kernel_5 blocks
// PTX: gpu.launch_func @tnp_kernels::@softmax_kernel_6 blocks
// PTX-SAME: args(%arg0 : memref<?x?xf32>,
// PTX-NEXT: }
// PTX-NOT: gpu.launch_func
// PTX: gpu.binary
// PTX-SAME: .entry softmax_kernel(
// PTX-NOT: .entry
// PTX-SAME: max.NaN.f32
// PTX-SAME: shfl.sync.down
// PTX-SAME: shfl.sync.idx
// PTX-SAME: ex2.approx
// PTX-SAME: shfl.sync.idx
// PTX-SAME: div.rn.f32
// PTX-SAME: .entry softmax_kernel_0(
// PTX-NOT: .entry
// PTX-SAME: max.NaN.f32
// PTX-SAME: shfl.sync.down
// PTX-SAME: st.shared
// PTX-SAME: bar.sync
// PTX-SAME: ld.shared
// PTX-SAME: ex2.approx
// PTX-SAME: bar.sync
// PTX-SAME: div.rn.f32
// PTX-SAME: .entry softmax_kernel_1(
// PTX-NOT: .entry
// PTX-SAME: max.NaN.f32
// PTX-SAME: shfl.sync.down
// PTX-SAME: shfl.sync.idx
// PTX-SAME: ex2.approx
// PTX-SAME: shfl.sync.down
// PTX-SAME: shfl.sync.idx
// PTX-SAME: ex2.approx
// PTX-SAME: div.rn.f32
// PTX-SAME: .entry softmax_kernel_2(
func.func @softmax(%s: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %m = tnp.max %s axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %d = tnp.subtract %s, %m : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  %e = tnp.exp %d : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %t = tnp.sum %e axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %r = tnp.true_divide %e, %t : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
