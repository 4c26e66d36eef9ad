// RUN: tnp-opt %s | tnp-opt | FileCheck %s
// RUN: tnp-opt %s --mlir-print-op-generic | tnp-opt | FileCheck %s
// Round trip of the non-ufunc tnp ops (ufuncs: ops_ufuncs.mlir).

module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {

// CHECK-LABEL: func @constants
// CHECK: tnp.constant dense<[1, 2]> : tensor<2xsi64>
// CHECK: tnp.constant dense<1.500000e+00> : tensor<f64, #tnp.weak>
// CHECK: tnp.constant dense<(1.000000e+00,2.000000e+00)> : tensor<complex<f64>, #tnp.weak>
// CHECK: tnp.constant dense<[10, 20]> : tensor<2xsi64, #tnp.weak>
// CHECK: tnp.constant dense<true> : tensor<i1, #tnp.weak>
func.func @constants() -> (tensor<2xsi64>, tensor<f64, #tnp.weak>, tensor<complex<f64>, #tnp.weak>, tensor<2xsi64, #tnp.weak>, tensor<i1, #tnp.weak>) {
  %a = tnp.constant dense<[1, 2]> : tensor<2xsi64>
  %b = tnp.constant dense<1.5> : tensor<f64, #tnp.weak>
  %c = tnp.constant dense<(1.0, 2.0)> : tensor<complex<f64>, #tnp.weak>
  %d = tnp.constant dense<[10, 20]> : tensor<2xsi64, #tnp.weak>
  %e = tnp.constant dense<true> : tensor<i1, #tnp.weak>
  return %a, %b, %c, %d, %e : tensor<2xsi64>, tensor<f64, #tnp.weak>, tensor<complex<f64>, #tnp.weak>, tensor<2xsi64, #tnp.weak>, tensor<i1, #tnp.weak>
}

// CHECK-LABEL: func @creation
// CHECK: tnp.zeros : tensor<2x3xf64>
// CHECK: tnp.ones(%{{.*}}) : tensor<?x3xsi32>
// CHECK: tnp.empty : tensor<0x2xf64>
// CHECK: tnp.full %{{.*}} : tensor<si64, #tnp.weak> -> tensor<2x3xsi64>
// CHECK: tnp.zeros_like %{{.*}} : tensor<1x2xsi8> -> tensor<1x2xsi8>
// CHECK: tnp.ones_like %{{.*}} : tensor<1x2xsi8> -> tensor<1x2xf64>
// CHECK: tnp.empty_like %{{.*}} : tensor<1x2xsi8> -> tensor<1x2xsi8>
// CHECK: tnp.full_like %{{.*}}, %{{.*}} : tensor<1x2xsi8>, tensor<si64, #tnp.weak> -> tensor<1x2xsi8>
// CHECK: tnp.arange 0, 5, 2 : tensor<3xsi64>
// CHECK: tnp.arange 0.0{{.*}}, 1.0{{.*}}, 2.5{{.*}} : tensor<4xf64>
// CHECK: tnp.linspace 0.0{{.*}}, 1.0{{.*}} : tensor<5xf64>
// CHECK: tnp.linspace 0.0{{.*}}, 1.0{{.*}} {endpoint = false} : tensor<4xf64>
// CHECK: tnp.eye : tensor<3x3xf64>
// CHECK: tnp.eye k 1 : tensor<3x4xf32>
func.func @creation(%n: index, %x: tensor<1x2xsi8>) {
  %0 = tnp.zeros : tensor<2x3xf64>
  %1 = tnp.ones(%n) : tensor<?x3xsi32>
  %2 = tnp.empty : tensor<0x2xf64>
  %v = tnp.constant dense<7> : tensor<si64, #tnp.weak>
  %3 = tnp.full %v : tensor<si64, #tnp.weak> -> tensor<2x3xsi64>
  %4 = tnp.zeros_like %x : tensor<1x2xsi8> -> tensor<1x2xsi8>
  %5 = tnp.ones_like %x : tensor<1x2xsi8> -> tensor<1x2xf64>
  %6 = tnp.empty_like %x : tensor<1x2xsi8> -> tensor<1x2xsi8>
  %7 = tnp.full_like %x, %v : tensor<1x2xsi8>, tensor<si64, #tnp.weak> -> tensor<1x2xsi8>
  %8 = tnp.arange 0, 5, 2 : tensor<3xsi64>
  %9 = tnp.arange 0.0, 1.0e1, 2.5 : tensor<4xf64>
  %10 = tnp.linspace 0.0, 1.0 : tensor<5xf64>
  %11 = tnp.linspace 0.0, 1.0 {endpoint = false} : tensor<4xf64>
  %12 = tnp.eye : tensor<3x3xf64>
  %13 = tnp.eye k 1 : tensor<3x4xf32>
  return
}

// CHECK-LABEL: func @astype
// CHECK: tnp.astype %{{.*}} : tensor<4xf32> -> tensor<4xsi32>
// CHECK: tnp.astype %{{.*}} : tensor<4xf32> -> tensor<4xf64, #tnp.weak>
func.func @astype(%x: tensor<4xf32>) -> (tensor<4xsi32>, tensor<4xf64, #tnp.weak>) {
  %0 = tnp.astype %x : tensor<4xf32> -> tensor<4xsi32>
  %1 = tnp.astype %x : tensor<4xf32> -> tensor<4xf64, #tnp.weak>
  return %0, %1 : tensor<4xsi32>, tensor<4xf64, #tnp.weak>
}

// CHECK-LABEL: func @reductions
// CHECK: tnp.sum %{{.*}} axis [0, 2] : tensor<2x3x2xf32> -> tensor<3xf32>
// CHECK: tnp.prod %{{.*}} : tensor<2x3x2xsi8> -> tensor<si64>
// CHECK: tnp.mean %{{.*}} axis [1] keepdims : tensor<2x3x2xsi8> -> tensor<2x1x2xf64>
// CHECK: tnp.max %{{.*}} axis [-1] : tensor<2x3x2xf32> -> tensor<2x3xf32>
// CHECK: tnp.min %{{.*}} : tensor<2x3x2xf32> -> tensor<f32>
// CHECK: tnp.any %{{.*}} : tensor<2x3x2xf32> -> tensor<i1>
// CHECK: tnp.all %{{.*}} axis [0] : tensor<2x3x2xsi8> -> tensor<3x2xi1>
// CHECK: tnp.argmax %{{.*}} axis 1 : tensor<2x3x2xf32> -> tensor<2x2xsi64>
// CHECK: tnp.argmin %{{.*}} : tensor<2x3x2xf32> -> tensor<si64>
// CHECK: tnp.sum %{{.*}} axis [] : tensor<2x3x2xf32> -> tensor<2x3x2xf32>
func.func @reductions(%x: tensor<2x3x2xf32>, %i: tensor<2x3x2xsi8>) {
  %0 = tnp.sum %x axis [0, 2] : tensor<2x3x2xf32> -> tensor<3xf32>
  %1 = tnp.prod %i : tensor<2x3x2xsi8> -> tensor<si64>
  %2 = tnp.mean %i axis [1] keepdims : tensor<2x3x2xsi8> -> tensor<2x1x2xf64>
  %3 = tnp.max %x axis [-1] : tensor<2x3x2xf32> -> tensor<2x3xf32>
  %4 = tnp.min %x : tensor<2x3x2xf32> -> tensor<f32>
  %5 = tnp.any %x : tensor<2x3x2xf32> -> tensor<i1>
  %6 = tnp.all %i axis [0] : tensor<2x3x2xsi8> -> tensor<3x2xi1>
  %7 = tnp.argmax %x axis 1 : tensor<2x3x2xf32> -> tensor<2x2xsi64>
  %8 = tnp.argmin %x : tensor<2x3x2xf32> -> tensor<si64>
  %9 = tnp.sum %x axis [] : tensor<2x3x2xf32> -> tensor<2x3x2xf32>
  return
}

// CHECK-LABEL: func @linalg
// CHECK: tnp.matmul %{{.*}}, %{{.*}} : (tensor<2x1x2x3xf32>, tensor<3x3x2xf32>) -> tensor<2x3x2x2xf32>
// CHECK: tnp.matmul %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<2x3x4xf32>) -> tensor<2x4xf32>
// CHECK: tnp.dot %{{.*}}, %{{.*}} : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
func.func @linalg(%a: tensor<2x1x2x3xf32>, %b: tensor<3x3x2xf32>, %v: tensor<3xf32>, %c: tensor<2x3x4xf32>) {
  %0 = tnp.matmul %a, %b : (tensor<2x1x2x3xf32>, tensor<3x3x2xf32>) -> tensor<2x3x2x2xf32>
  %1 = tnp.matmul %v, %c : (tensor<3xf32>, tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %2 = tnp.dot %v, %v : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return
}

// CHECK-LABEL: func @shapes
// CHECK: tnp.reshape %{{.*}} : tensor<6xsi32> -> tensor<2x3xsi32>
// CHECK: tnp.transpose %{{.*}} [1, 0] : tensor<2x3xsi32> -> tensor<3x2xsi32>
// CHECK: tnp.broadcast_to %{{.*}} : tensor<6xsi32> -> tensor<4x6xsi32>
func.func @shapes(%x: tensor<6xsi32>) {
  %0 = tnp.reshape %x : tensor<6xsi32> -> tensor<2x3xsi32>
  %1 = tnp.transpose %0 [1, 0] : tensor<2x3xsi32> -> tensor<3x2xsi32>
  %2 = tnp.broadcast_to %x : tensor<6xsi32> -> tensor<4x6xsi32>
  return
}

// Run-time sizes of reshape and broadcast_to.
// CHECK-LABEL: func @dynamic_shapes
// CHECK: tnp.reshape %{{.*}} : tensor<?x4xf32> -> tensor<?xf32>
// CHECK: tnp.reshape %{{.*}}[%{{.*}}, %{{.*}}] : tensor<?x4xf32> -> tensor<?x2x?xf32>
// CHECK: tnp.broadcast_to %{{.*}}[%{{.*}}, %{{.*}}] : tensor<?x4xf32> -> tensor<?x?x4xf32>
// CHECK: tnp.broadcast_to %{{.*}} : tensor<?x4xf32> -> tensor<2x?x4xf32>
func.func @dynamic_shapes(%x: tensor<?x4xf32>, %n: index, %m: index) {
  %0 = tnp.reshape %x : tensor<?x4xf32> -> tensor<?xf32>
  %1 = tnp.reshape %x[%n, %m] : tensor<?x4xf32> -> tensor<?x2x?xf32>
  %2 = tnp.broadcast_to %x[%n, %m] : tensor<?x4xf32> -> tensor<?x?x4xf32>
  %3 = tnp.broadcast_to %x : tensor<?x4xf32> -> tensor<2x?x4xf32>
  return
}

// CHECK-LABEL: func @shape_ops
// CHECK: tnp.expand_dims %{{.*}} [0, 2] : tensor<3xf32> -> tensor<1x3x1xf32>
// CHECK: tnp.expand_dims %{{.*}} [0] : tensor<f32> -> tensor<1xf32>
// CHECK: tnp.squeeze %{{.*}} [0, 2] : tensor<1x3x1xf32> -> tensor<3xf32>
// CHECK: tnp.squeeze %{{.*}} [0] : tensor<?x3xf32> -> tensor<3xf32>
// CHECK: tnp.concatenate %{{.*}}, %{{.*}} axis 1 : (tensor<2x3xsi32>, tensor<2x1xf32>) -> tensor<2x4xf64>
// CHECK: tnp.concatenate %{{.*}}, %{{.*}} axis 0 : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
// CHECK: tnp.stack %{{.*}}, %{{.*}} axis 1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3x2xf32>
// CHECK: tnp.stack %{{.*}} axis 0 : (tensor<f32>) -> tensor<1xf32>
// CHECK: tnp.split %{{.*}} sections 3 axis 0 : tensor<6x2xf32> -> tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
// CHECK: tnp.split %{{.*}} indices [2, 5] axis 0 : tensor<7xsi8> -> tensor<2xsi8>, tensor<3xsi8>, tensor<2xsi8>
// CHECK: tnp.split %{{.*}} indices [-2, 10] axis 0 : tensor<7xsi8> -> tensor<5xsi8>, tensor<2xsi8>, tensor<0xsi8>
// CHECK: tnp.split %{{.*}} sections 2 axis 0 : tensor<?x3xf32> -> tensor<?x3xf32>, tensor<?x3xf32>
func.func @shape_ops(%v: tensor<3xf32>, %s: tensor<f32>, %u: tensor<1x3x1xf32>, %d: tensor<?x3xf32>, %i: tensor<2x3xsi32>, %f: tensor<2x1xf32>, %m: tensor<2x3xf32>, %a: tensor<6x2xf32>, %b: tensor<7xsi8>) {
  %0 = tnp.expand_dims %v [0, 2] : tensor<3xf32> -> tensor<1x3x1xf32>
  %1 = tnp.expand_dims %s [0] : tensor<f32> -> tensor<1xf32>
  %2 = tnp.squeeze %u [0, 2] : tensor<1x3x1xf32> -> tensor<3xf32>
  %3 = tnp.squeeze %d [0] : tensor<?x3xf32> -> tensor<3xf32>
  %4 = tnp.concatenate %i, %f axis 1 : (tensor<2x3xsi32>, tensor<2x1xf32>) -> tensor<2x4xf64>
  %5 = tnp.concatenate %d, %m axis 0 : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  %6 = tnp.stack %v, %v axis 1 : (tensor<3xf32>, tensor<3xf32>) -> tensor<3x2xf32>
  %7 = tnp.stack %s axis 0 : (tensor<f32>) -> tensor<1xf32>
  %8:3 = tnp.split %a sections 3 axis 0 : tensor<6x2xf32> -> tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
  %9:3 = tnp.split %b indices [2, 5] axis 0 : tensor<7xsi8> -> tensor<2xsi8>, tensor<3xsi8>, tensor<2xsi8>
  %10:3 = tnp.split %b indices [-2, 10] axis 0 : tensor<7xsi8> -> tensor<5xsi8>, tensor<2xsi8>, tensor<0xsi8>
  %11:2 = tnp.split %d sections 2 axis 0 : tensor<?x3xf32> -> tensor<?x3xf32>, tensor<?x3xf32>
  return
}

// CHECK-LABEL: func @selection
// CHECK: tnp.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3xi1>, tensor<3xsi8>, tensor<f64, #tnp.weak>) -> tensor<3xf64>
// CHECK: tnp.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x1xf32>, tensor<3xsi8>, tensor<3xsi8>) -> tensor<2x3xsi8>
// CHECK: tnp.clip %{{.*}} min %{{.*}} max %{{.*}} : (tensor<3xf32>, tensor<f64, #tnp.weak>, tensor<3xf32>) -> tensor<3xf32>
// CHECK: tnp.clip %{{.*}} max %{{.*}} : (tensor<3xsi8>, tensor<si64, #tnp.weak>) -> tensor<3xsi8>
// CHECK: tnp.clip %{{.*}} min %{{.*}} : (tensor<3xi1>, tensor<si64, #tnp.weak>) -> tensor<3xsi64>
// CHECK: tnp.clip %{{.*}} min %{{.*}} max %{{.*}} : (tensor<?x3xf32>, tensor<f32>, tensor<3xf32>) -> tensor<?x3xf32>
func.func @selection(%c: tensor<3xi1>, %x: tensor<3xsi8>, %f: tensor<3xf32>, %g: tensor<2x1xf32>, %d: tensor<?x3xf32>, %s: tensor<f32>) {
  %y = tnp.constant dense<1.5> : tensor<f64, #tnp.weak>
  %k = tnp.constant dense<2> : tensor<si64, #tnp.weak>
  %0 = tnp.where %c, %x, %y : (tensor<3xi1>, tensor<3xsi8>, tensor<f64, #tnp.weak>) -> tensor<3xf64>
  %1 = tnp.where %g, %x, %x : (tensor<2x1xf32>, tensor<3xsi8>, tensor<3xsi8>) -> tensor<2x3xsi8>
  %2 = tnp.clip %f min %y max %f : (tensor<3xf32>, tensor<f64, #tnp.weak>, tensor<3xf32>) -> tensor<3xf32>
  %3 = tnp.clip %x max %k : (tensor<3xsi8>, tensor<si64, #tnp.weak>) -> tensor<3xsi8>
  %4 = tnp.clip %c min %k : (tensor<3xi1>, tensor<si64, #tnp.weak>) -> tensor<3xsi64>
  %5 = tnp.clip %d min %s max %f : (tensor<?x3xf32>, tensor<f32>, tensor<3xf32>) -> tensor<?x3xf32>
  return
}

// In the auto modes where is never weak; clip, concatenate and stack keep
// the promotion's weakness (here two weak float64 arrays).
module attributes {tnp.dtype_conversion_mode = "all"} {
// CHECK-LABEL: func @selection_auto
// CHECK: tnp.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2xi1>, tensor<2xsi8>, tensor<f32, #tnp.weak>) -> tensor<2xf64>
// CHECK: tnp.concatenate %{{.*}}, %{{.*}} axis 0 : (tensor<2xf64, #tnp.weak>, tensor<2xf64, #tnp.weak>) -> tensor<4xf64, #tnp.weak>
func.func @selection_auto(%c: tensor<2xi1>, %x: tensor<2xsi8>, %w: tensor<2xf64, #tnp.weak>) {
  %y = tnp.constant dense<1.5> : tensor<f32, #tnp.weak>
  %0 = tnp.where %c, %x, %y : (tensor<2xi1>, tensor<2xsi8>, tensor<f32, #tnp.weak>) -> tensor<2xf64>
  %1 = tnp.concatenate %w, %w axis 0 : (tensor<2xf64, #tnp.weak>, tensor<2xf64, #tnp.weak>) -> tensor<4xf64, #tnp.weak>
  return
}
}
}

// CHECK-LABEL: func @random
// CHECK: tnp.random.uniform seed 42 : tensor<2x3xf64>
// CHECK: tnp.random.uniform seed 42 {low = -1.000000e+00 : f64, stream = 1 : i64} : tensor<4xf32>
// CHECK: tnp.random.normal seed 0 : tensor<32x2xf64>
// CHECK: tnp.random.normal seed 7(%{{.*}}) {stddev = 1.000000e-01 : f64} : tensor<?x8xbf16>
func.func @random(%n: index) {
  %u = tnp.random.uniform seed 42 : tensor<2x3xf64>
  %v = tnp.random.uniform seed 42 {high = 1.0 : f64, low = -1.0 : f64, stream = 1 : i64} : tensor<4xf32>
  %w = tnp.random.normal seed 0 : tensor<32x2xf64>
  %d = tnp.random.normal seed 7(%n) {stddev = 0.1 : f64} : tensor<?x8xbf16>
  return
}
