// RUN: tnp-opt %s -split-input-file -tnp-convert-to-linalg -tnp-verify-linalg-contract | FileCheck %s

// CHECK-LABEL: func @sum_keepdims
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK: arith.addi
// CHECK: tensor.reshape {{.*}} -> tensor<2x1xi64>
func.func @sum_keepdims(%a: tensor<2x3xsi64>) -> tensor<2x1xsi64> {
  %s = tnp.sum %a axis [1] keepdims : tensor<2x3xsi64> -> tensor<2x1xsi64>
  return %s : tensor<2x1xsi64>
}

// -----

// Float sums and means may reassociate (NumPy's sum is pairwise, not
// sequential), so LLVM can keep partial sums; products, maxima and the
// mean's division keep strict semantics.
// CHECK-LABEL: func @float_reductions
// CHECK: linalg.generic
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
// CHECK: linalg.generic
// CHECK: arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK: arith.divf %{{.*}}, %{{.*}} : f64
// CHECK: linalg.generic
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-NOT: fastmath
// CHECK: return
func.func @float_reductions(%a: tensor<4x8xf32>, %b: tensor<4x8xf64>) -> (tensor<4xf32>, tensor<8xf64>, tensor<f32>) {
  %s = tnp.sum %a axis [1] : tensor<4x8xf32> -> tensor<4xf32>
  %m = tnp.mean %b axis [0] : tensor<4x8xf64> -> tensor<8xf64>
  %p = tnp.prod %a : tensor<4x8xf32> -> tensor<f32>
  return %s, %m, %p : tensor<4xf32>, tensor<8xf64>, tensor<f32>
}

// -----

// argmax keeps a value and an int64 index accumulator.
// CHECK-LABEL: func @argmax
// CHECK: linalg.generic {{.*}} outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi64>)
// CHECK: linalg.index 1
func.func @argmax(%a: tensor<2x3xf32>) -> tensor<2xsi64> {
  %m = tnp.argmax %a axis 1 : tensor<2x3xf32> -> tensor<2xsi64>
  return %m : tensor<2xsi64>
}

// -----

// 2-D float matmul is the named op; 1-D @ 3-D is one contraction generic.
// CHECK-LABEL: func @matmuls
// CHECK: linalg.matmul
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
func.func @matmuls(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %v: tensor<3xf32>, %c: tensor<2x3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = tnp.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = tnp.matmul %v, %c : (tensor<3xf32>, tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @creation
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: linalg.fill
func.func @creation() -> (tensor<3xsi64>, tensor<2x3xf64>) {
  %a = tnp.arange 0, 5, 2 : tensor<3xsi64>
  %z = tnp.zeros : tensor<2x3xf64>
  return %a, %z : tensor<3xsi64>, tensor<2x3xf64>
}

// -----

// CHECK-LABEL: func @shapes
// CHECK: linalg.transpose
// CHECK: tensor.reshape
func.func @shapes(%a: tensor<2x3xsi16>) -> (tensor<3x2xsi16>, tensor<6xsi16>) {
  %t = tnp.transpose %a [1, 0] : tensor<2x3xsi16> -> tensor<3x2xsi16>
  %r = tnp.reshape %a : tensor<2x3xsi16> -> tensor<6xsi16>
  return %t, %r : tensor<3x2xsi16>, tensor<6xsi16>
}

// -----

// Random numbers: one generic with no inputs; each element runs Philox's 10
// rounds on its row-major index (integer ops only) and maps the bits to a
// float.
// CHECK-LABEL: func @random_uniform
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<4x8xf64>)
// CHECK-COUNT-2: linalg.index
// CHECK-COUNT-20: arith.muli %{{.*}} : i64
// CHECK: arith.uitofp %{{.*}} : i64 to f64
// CHECK: linalg.yield
func.func @random_uniform() -> tensor<4x8xf64> {
  %r = tnp.random.uniform seed 3 : tensor<4x8xf64>
  return %r : tensor<4x8xf64>
}
