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

// CHECK-LABEL: func @mask_select
// CHECK: tnp.mask_select %{{.*}}[%{{.*}}] at 0 : tensor<3x4xsi32>, tensor<3xi1> -> tensor<?x4xsi32>
// CHECK: tnp.mask_select %{{.*}}[%{{.*}}] at 1 : tensor<2x3x4xf32>, tensor<3x4xi1> -> tensor<2x?xf32>
// CHECK: tnp.mask_select %{{.*}}[%{{.*}}] at 0 : tensor<2x3x4xf32>, tensor<i1> -> tensor<?x2x3x4xf32>
// CHECK: tnp.mask_select %{{.*}}[%{{.*}}] at 0 : tensor<?xf32>, tensor<?xi1> -> tensor<?xf32>
func.func @mask_select(%x: tensor<3x4xsi32>, %m: tensor<3xi1>, %y: tensor<2x3x4xf32>,
                       %m2: tensor<3x4xi1>, %m0: tensor<i1>, %d: tensor<?xf32>, %dm: tensor<?xi1>) {
  %0 = tnp.mask_select %x [%m] at 0 : tensor<3x4xsi32>, tensor<3xi1> -> tensor<?x4xsi32>
  %1 = tnp.mask_select %y [%m2] at 1 : tensor<2x3x4xf32>, tensor<3x4xi1> -> tensor<2x?xf32>
  %2 = tnp.mask_select %y [%m0] at 0 : tensor<2x3x4xf32>, tensor<i1> -> tensor<?x2x3x4xf32>
  %3 = tnp.mask_select %d [%dm] at 0 : tensor<?xf32>, tensor<?xi1> -> tensor<?xf32>
  return
}

// CHECK-LABEL: func @gather
// CHECK: tnp.gather %{{.*}}[%{{.*}}] dims [0] at 0 : tensor<3x4xf32>, tensor<2x2xsi64> -> tensor<2x2x4xf32>
// CHECK: tnp.gather %{{.*}}[%{{.*}}, %{{.*}}] dims [1, 2] at 1 : tensor<2x3x4xf32>, tensor<2xui8>, tensor<3x1xsi32> -> tensor<2x3x2xf32>
// CHECK: tnp.gather %{{.*}}[%{{.*}}, %{{.*}}] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<2xsi64>, tensor<si64> -> tensor<2x3xf32>
// CHECK: tnp.gather %{{.*}}[%{{.*}}] dims [0] at 0 : tensor<?xf32>, tensor<?xsi64> -> tensor<?xf32>
func.func @gather(%x: tensor<3x4xf32>, %i: tensor<2x2xsi64>, %y: tensor<2x3x4xf32>,
                  %u: tensor<2xui8>, %j: tensor<3x1xsi32>, %k: tensor<2xsi64>,
                  %s: tensor<si64>, %d: tensor<?xf32>, %di: tensor<?xsi64>) {
  %0 = tnp.gather %x [%i] dims [0] at 0 : tensor<3x4xf32>, tensor<2x2xsi64> -> tensor<2x2x4xf32>
  %1 = tnp.gather %y [%u, %j] dims [1, 2] at 1 : tensor<2x3x4xf32>, tensor<2xui8>, tensor<3x1xsi32> -> tensor<2x3x2xf32>
  %2 = tnp.gather %y [%k, %s] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<2xsi64>, tensor<si64> -> tensor<2x3xf32>
  %3 = tnp.gather %d [%di] dims [0] at 0 : tensor<?xf32>, tensor<?xsi64> -> tensor<?xf32>
  return
}

// Boolean masks among the index arrays: a mask of rank k covers k dims and
// contributes its nonzero() arrays (run-time length) to the broadcast.
// CHECK-LABEL: func @gather_masks
// CHECK: tnp.gather %{{.*}}[%{{.*}}, %{{.*}}] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<3xi1>, tensor<4xi1> -> tensor<?xf32>
// CHECK: tnp.gather %{{.*}}[%{{.*}}, %{{.*}}] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<2x3xi1>, tensor<2xsi64> -> tensor<2xf32>
// CHECK: tnp.gather %{{.*}}[%{{.*}}, %{{.*}}] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<2xsi64>, tensor<4xi1> -> tensor<2x3xf32>
// CHECK: tnp.gather %{{.*}}[%{{.*}}] dims [0] at 0 : tensor<?x4xf32>, tensor<?xi1> -> tensor<?x4xf32>
func.func @gather_masks(%x: tensor<3x4xf32>, %m: tensor<3xi1>, %n: tensor<4xi1>,
                        %y: tensor<2x3x4xf32>, %m2: tensor<2x3xi1>,
                        %k: tensor<2xsi64>, %d: tensor<?x4xf32>,
                        %dm: tensor<?xi1>) {
  %0 = tnp.gather %x [%m, %n] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<3xi1>, tensor<4xi1> -> tensor<?xf32>
  %1 = tnp.gather %y [%m2, %k] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<2x3xi1>, tensor<2xsi64> -> tensor<2xf32>
  %2 = tnp.gather %y [%k, %n] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<2xsi64>, tensor<4xi1> -> tensor<2x3xf32>
  %3 = tnp.gather %d [%dm] dims [0] at 0 : tensor<?x4xf32>, tensor<?xi1> -> tensor<?x4xf32>
  return
}

// CHECK-LABEL: func @updates
// CHECK: tnp.index_update %{{.*}}[1, ::-1] "set" %{{.*}} : tensor<2x3xf32>, tensor<f64> -> tensor<2x3xf32>
// CHECK: tnp.index_update %{{.*}}[:, newaxis, 1:] "add" %{{.*}} : tensor<2x3xf32>, tensor<1x2xsi32> -> tensor<2x3xf32>
// CHECK: tnp.scatter %{{.*}}[%{{.*}}] dims [0] at 0 "add" %{{.*}} : tensor<2x3xf32>, (tensor<5xsi64>), tensor<5x3xf32> -> tensor<2x3xf32>
// CHECK: tnp.scatter %{{.*}}[%{{.*}}, %{{.*}}] dims [0, 1] at 0 "set" %{{.*}} : tensor<2x3xf32>, (tensor<5xsi64>, tensor<5xsi64>), tensor<f32> -> tensor<2x3xf32>
func.func @updates(%x: tensor<2x3xf32>, %s: tensor<f64>, %r: tensor<1x2xsi32>,
                   %i: tensor<5xsi64>, %v: tensor<5x3xf32>, %f: tensor<f32>) {
  %0 = tnp.index_update %x [1, ::-1] "set" %s : tensor<2x3xf32>, tensor<f64> -> tensor<2x3xf32>
  %1 = tnp.index_update %x [:, newaxis, 1:] "add" %r : tensor<2x3xf32>, tensor<1x2xsi32> -> tensor<2x3xf32>
  %2 = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<2x3xf32>, (tensor<5xsi64>), tensor<5x3xf32> -> tensor<2x3xf32>
  %3 = tnp.scatter %x [%i, %i] dims [0, 1] at 0 "set" %f : tensor<2x3xf32>, (tensor<5xsi64>, tensor<5xsi64>), tensor<f32> -> tensor<2x3xf32>
  return
}
