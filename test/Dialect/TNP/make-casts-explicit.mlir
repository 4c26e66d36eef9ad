// RUN: tnp-opt %s -split-input-file -tnp-make-casts-explicit -tnp-verify-explicit-dtypes | FileCheck %s

// legacy: value-based casting of a weak literal: int8 + 1000 -> int16.
// CHECK-LABEL: func @legacy_value_based
// CHECK-SAME: (%[[X:.*]]: tensor<2xsi8>)
// CHECK: %[[C:.*]] = tnp.constant dense<1000> : tensor<si64, #tnp.weak>
// CHECK-DAG: %[[XC:.*]] = tnp.astype %[[X]] : tensor<2xsi8> -> tensor<2xsi16>
// CHECK-DAG: %[[CC:.*]] = tnp.astype %[[C]] : tensor<si64, #tnp.weak> -> tensor<si16>
// CHECK: tnp.add %[[XC]], %[[CC]] : (tensor<2xsi16>, tensor<si16>) -> tensor<2xsi16>
module attributes {tnp.dtype_conversion_mode = "legacy"} {
func.func @legacy_value_based(%x: tensor<2xsi8>) -> tensor<2xsi16> {
  %c = tnp.constant dense<1000> : tensor<si64, #tnp.weak>
  %r = tnp.add %x, %c : (tensor<2xsi8>, tensor<si64, #tnp.weak>) -> tensor<2xsi16>
  return %r : tensor<2xsi16>
}
}

// -----

// legacy: comparisons compute in the promoted dtype, sqrt of int8 in float16,
// sum of int8 in int64, mean of int32 in float64, matmul in the promotion.
// CHECK-LABEL: func @legacy_loops
// CHECK: %[[A:.*]] = tnp.astype %{{.*}} : tensor<2xui8> -> tensor<2xsi16>
// CHECK: %[[B:.*]] = tnp.astype %{{.*}} : tensor<2xsi8> -> tensor<2xsi16>
// CHECK: tnp.less %[[A]], %[[B]] : (tensor<2xsi16>, tensor<2xsi16>) -> tensor<2xi1>
// CHECK: %[[S:.*]] = tnp.astype %{{.*}} : tensor<2xsi8> -> tensor<2xf16>
// CHECK: tnp.sqrt %[[S]] : (tensor<2xf16>) -> tensor<2xf16>
// CHECK: %[[W:.*]] = tnp.astype %{{.*}} : tensor<2xsi8> -> tensor<2xsi64>
// CHECK: tnp.sum %[[W]] : tensor<2xsi64> -> tensor<si64>
// CHECK: %[[M:.*]] = tnp.astype %{{.*}} : tensor<2x3xsi32> -> tensor<2x3xf64>
// CHECK: tnp.mean %[[M]] axis [1] : tensor<2x3xf64> -> tensor<2xf64>
// CHECK: %[[L:.*]] = tnp.astype %{{.*}} : tensor<2x3xsi32> -> tensor<2x3xf64>
// CHECK: %[[R:.*]] = tnp.astype %{{.*}} : tensor<3x2xf32> -> tensor<3x2xf64>
// CHECK: tnp.matmul %[[L]], %[[R]] : (tensor<2x3xf64>, tensor<3x2xf64>) -> tensor<2x2xf64>
func.func @legacy_loops(%u: tensor<2xui8>, %i: tensor<2xsi8>, %m: tensor<2x3xsi32>, %f: tensor<3x2xf32>) {
  %0 = tnp.less %u, %i : (tensor<2xui8>, tensor<2xsi8>) -> tensor<2xi1>
  %1 = tnp.sqrt %i : (tensor<2xsi8>) -> tensor<2xf16>
  %2 = tnp.sum %i : tensor<2xsi8> -> tensor<si64>
  %3 = tnp.mean %m axis [1] : tensor<2x3xsi32> -> tensor<2xf64>
  %4 = tnp.matmul %m, %f : (tensor<2x3xsi32>, tensor<3x2xf32>) -> tensor<2x2xf64>
  return
}

// -----

// legacy: already explicit ops are left alone.
// CHECK-LABEL: func @legacy_noop
// CHECK-NOT: tnp.astype
func.func @legacy_noop(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  %r = tnp.add %x, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// all: int32 + python float -> float64*, a weak computation.
// CHECK-LABEL: func @all_weak
// CHECK-DAG: tnp.astype %{{.*}} : tensor<2xsi32> -> tensor<2xf64, #tnp.weak>
// CHECK-DAG: tnp.astype %{{.*}} : tensor<f32, #tnp.weak> -> tensor<f64, #tnp.weak>
// CHECK: tnp.add {{.*}} : (tensor<2xf64, #tnp.weak>, tensor<f64, #tnp.weak>) -> tensor<2xf64, #tnp.weak>
module attributes {tnp.dtype_conversion_mode = "all"} {
func.func @all_weak(%x: tensor<2xsi32>) -> tensor<2xf64, #tnp.weak> {
  %c = tnp.constant dense<1.5> : tensor<f32, #tnp.weak>
  %r = tnp.add %x, %c : (tensor<2xsi32>, tensor<f32, #tnp.weak>) -> tensor<2xf64, #tnp.weak>
  return %r : tensor<2xf64, #tnp.weak>
}
}

// -----

// all: int32 + float32 -> float32 (NumPy would give float64).
// CHECK-LABEL: func @all_lattice
// CHECK: %[[A:.*]] = tnp.astype %{{.*}} : tensor<2xsi32> -> tensor<2xf32>
// CHECK: tnp.add %[[A]], %{{.*}} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
module attributes {tnp.dtype_conversion_mode = "all"} {
func.func @all_lattice(%x: tensor<2xsi32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  %r = tnp.add %x, %y : (tensor<2xsi32>, tensor<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}
}

// -----

// safe: allowed promotions (uint8 + uint16) get their casts; sqrt of int32
// computes in float32 in the auto modes.
// CHECK-LABEL: func @safe_ok
// CHECK: %[[A:.*]] = tnp.astype %{{.*}} : tensor<2xui8> -> tensor<2xui16>
// CHECK: tnp.add %[[A]], %{{.*}} : (tensor<2xui16>, tensor<2xui16>) -> tensor<2xui16>
// CHECK: %[[S:.*]] = tnp.astype %{{.*}} : tensor<2xsi32> -> tensor<2xf32>
// CHECK: tnp.sqrt %[[S]] : (tensor<2xf32>) -> tensor<2xf32>
module attributes {tnp.dtype_conversion_mode = "safe"} {
func.func @safe_ok(%x: tensor<2xui8>, %y: tensor<2xui16>, %i: tensor<2xsi32>) {
  %r = tnp.add %x, %y : (tensor<2xui8>, tensor<2xui16>) -> tensor<2xui16>
  %s = tnp.sqrt %i : (tensor<2xsi32>) -> tensor<2xf32>
  return
}
}

// -----

// legacy with prefer_float32: a Python float is a weak float32, so
// int16 + 1.5 computes in float32 but int32 + 1.5 in float64 (SPEC §a.4).
// CHECK-LABEL: func @prefer_float32
// CHECK-DAG: tnp.astype %{{.*}} : tensor<2xsi16> -> tensor<2xf32>
// CHECK-DAG: tnp.astype %{{.*}} : tensor<f32, #tnp.weak> -> tensor<f32>
// CHECK: tnp.add {{.*}} : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
// CHECK-DAG: tnp.astype %{{.*}} : tensor<2xsi32> -> tensor<2xf64>
// CHECK-DAG: tnp.astype %{{.*}} : tensor<f32, #tnp.weak> -> tensor<f64>
// CHECK: tnp.add {{.*}} : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = true} {
func.func @prefer_float32(%x: tensor<2xsi16>, %y: tensor<2xsi32>) {
  %c = tnp.constant dense<1.5> : tensor<f32, #tnp.weak>
  %0 = tnp.add %x, %c : (tensor<2xsi16>, tensor<f32, #tnp.weak>) -> tensor<2xf32>
  %1 = tnp.add %y, %c : (tensor<2xsi32>, tensor<f32, #tnp.weak>) -> tensor<2xf64>
  return
}
}

// -----

// Each op uses its own module's mode: an all-mode module nested in a legacy
// one gets the all-mode casts (uint64 + int64 -> float64*).
// CHECK-LABEL: func @nested
// CHECK-DAG: tnp.astype %{{.*}} : tensor<2xui64> -> tensor<2xf64, #tnp.weak>
// CHECK-DAG: tnp.astype %{{.*}} : tensor<2xsi64> -> tensor<2xf64, #tnp.weak>
module attributes {tnp.dtype_conversion_mode = "legacy"} {
  module attributes {tnp.dtype_conversion_mode = "all"} {
    func.func @nested(%x: tensor<2xui64>, %y: tensor<2xsi64>) -> tensor<2xf64, #tnp.weak> {
      %r = tnp.add %x, %y : (tensor<2xui64>, tensor<2xsi64>) -> tensor<2xf64, #tnp.weak>
      return %r : tensor<2xf64, #tnp.weak>
    }
  }
}
