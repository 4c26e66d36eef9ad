// RUN: tnp-opt %s | tnp-opt | FileCheck %s
// RUN: tnp-opt %s --mlir-print-op-generic | tnp-opt | FileCheck %s
// Round trip of the indexing ops (TNPIndexingOps.td).

// CHECK-LABEL: func @basic_index
// CHECK: tnp.index %{{.*}}[1, newaxis, 1:3, ...] : tensor<2x3x4xsi64> -> tensor<1x2x4xsi64>
// CHECK: tnp.index %{{.*}}[-1, ::-1] : tensor<2x3x4xsi64> -> tensor<3x4xsi64>
// CHECK: tnp.index %{{.*}}[:, -2:, 1::2] : tensor<2x3x4xsi64> -> tensor<2x2x2xsi64>
// CHECK: tnp.index %{{.*}}[0, 0, 0] : tensor<2x3x4xsi64> -> tensor<si64>
// CHECK: tnp.index %{{.*}}[5:1:-2] : tensor<?xf32> -> tensor<?xf32>
// CHECK: tnp.index %{{.*}}[newaxis] : tensor<f32> -> tensor<1xf32>
func.func @basic_index(%x: tensor<2x3x4xsi64>, %y: tensor<?xf32>, %z: tensor<f32>) {
  %0 = tnp.index %x [1, newaxis, 1:3, ...] : tensor<2x3x4xsi64> -> tensor<1x2x4xsi64>
  %1 = tnp.index %x [-1, ::-1] : tensor<2x3x4xsi64> -> tensor<3x4xsi64>
  %2 = tnp.index %x [:, -2:, 1::2] : tensor<2x3x4xsi64> -> tensor<2x2x2xsi64>
  %3 = tnp.index %x [0, 0, 0] : tensor<2x3x4xsi64> -> tensor<si64>
  %4 = tnp.index %y [5:1:-2] : tensor<?xf32> -> tensor<?xf32>
  %5 = tnp.index %z [newaxis] : tensor<f32> -> tensor<1xf32>
  return
}
