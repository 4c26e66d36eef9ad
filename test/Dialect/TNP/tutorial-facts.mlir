// RUN: tnp-opt %s -split-input-file | FileCheck %s
// The TF-NumPy tutorial's static facts, checked by the verifiers: each
// function below verifies only because its result types are the ones the
// tutorial prints (tutorial-facts-wrong.mlir shows the verifier rejecting
// the other answers).

// Promotion table: "int32 + int64 => int64", ... (0-d arrays: by dtype only).
// CHECK-LABEL: func @promotion_table
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
func.func @promotion_table(%i32: tensor<si32>, %i64: tensor<si64>, %f32: tensor<f32>, %f64: tensor<f64>) {
  // CHECK: tnp.add {{.*}} -> tensor<si64>
  %0 = tnp.add %i32, %i64 : (tensor<si32>, tensor<si64>) -> tensor<si64>
  // CHECK: tnp.add {{.*}} -> tensor<f64>
  %1 = tnp.add %i32, %f32 : (tensor<si32>, tensor<f32>) -> tensor<f64>
  // CHECK: tnp.add {{.*}} -> tensor<f64>
  %2 = tnp.add %i32, %f64 : (tensor<si32>, tensor<f64>) -> tensor<f64>
  // CHECK: tnp.add {{.*}} -> tensor<f64>
  %3 = tnp.add %i64, %f32 : (tensor<si64>, tensor<f32>) -> tensor<f64>
  // CHECK: tnp.add {{.*}} -> tensor<f64>
  %4 = tnp.add %i64, %f64 : (tensor<si64>, tensor<f64>) -> tensor<f64>
  // CHECK: tnp.add {{.*}} -> tensor<f64>
  %5 = tnp.add %f32, %f64 : (tensor<f32>, tensor<f64>) -> tensor<f64>
  return
}
}

// -----

// Literal inference without prefer_float32: asarray(1) is int64,
// asarray(1.) float64, add(1., 2.) float64.
// CHECK-LABEL: func @literals_default
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
func.func @literals_default() -> tensor<f64> {
  // CHECK: tnp.constant dense<1> : tensor<si64>
  %a = tnp.constant dense<1> : tensor<si64>
  // CHECK: tnp.constant dense<1.000000e+00> : tensor<f64>
  %b = tnp.constant dense<1.0> : tensor<f64>
  %one = tnp.constant dense<1.0> : tensor<f64, #tnp.weak>
  %two = tnp.constant dense<2.0> : tensor<f64, #tnp.weak>
  // CHECK: tnp.add {{.*}} : (tensor<f64, #tnp.weak>, tensor<f64, #tnp.weak>) -> tensor<f64>
  %r = tnp.add %one, %two : (tensor<f64, #tnp.weak>, tensor<f64, #tnp.weak>) -> tensor<f64>
  return %r : tensor<f64>
}
}

// -----

// With prefer_float32: asarray(1.) is float32 and add(1., 2.) float32.
// CHECK-LABEL: func @literals_prefer_float32
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = true} {
func.func @literals_prefer_float32() -> tensor<f32> {
  // CHECK: tnp.constant dense<1.000000e+00> : tensor<f32>
  %b = tnp.constant dense<1.0> : tensor<f32>
  %one = tnp.constant dense<1.0> : tensor<f32, #tnp.weak>
  %two = tnp.constant dense<2.0> : tensor<f32, #tnp.weak>
  // CHECK: tnp.add {{.*}} : (tensor<f32, #tnp.weak>, tensor<f32, #tnp.weak>) -> tensor<f32>
  %r = tnp.add %one, %two : (tensor<f32, #tnp.weak>, tensor<f32, #tnp.weak>) -> tensor<f32>
  return %r : tensor<f32>
}
}

// -----

// Broadcasting shapes (2, 3), (3,) and (1, 2, 1) gives shape (1, 2, 3).
// CHECK-LABEL: func @broadcasting
func.func @broadcasting() -> tensor<1x2x3xf64> {
  %x = tnp.ones : tensor<2x3xf64>
  %y = tnp.ones : tensor<3xf64>
  %z = tnp.ones : tensor<1x2x1xf64>
  %xy = tnp.add %x, %y : (tensor<2x3xf64>, tensor<3xf64>) -> tensor<2x3xf64>
  // CHECK: tnp.add {{.*}} -> tensor<1x2x3xf64>
  %r = tnp.add %xy, %z : (tensor<2x3xf64>, tensor<1x2x1xf64>) -> tensor<1x2x3xf64>
  return %r : tensor<1x2x3xf64>
}

// -----

// ones([5, 3], float32): .T has shape (3, 5); .reshape(-1) has shape (15,).
// CHECK-LABEL: func @nd_array
func.func @nd_array() -> (tensor<3x5xf32>, tensor<15xf32>) {
  %ones = tnp.ones : tensor<5x3xf32>
  // CHECK: tnp.transpose {{.*}} [1, 0] : tensor<5x3xf32> -> tensor<3x5xf32>
  %t = tnp.transpose %ones [1, 0] : tensor<5x3xf32> -> tensor<3x5xf32>
  // CHECK: tnp.reshape {{.*}} : tensor<5x3xf32> -> tensor<15xf32>
  %r = tnp.reshape %ones : tensor<5x3xf32> -> tensor<15xf32>
  return %t, %r : tensor<3x5xf32>, tensor<15xf32>
}
