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

// -----

// concatenate and stack cast every array to the promotion; where casts the
// condition to bool (truthiness) and x, y to their promotion; clip casts
// the array and its bounds (weak literals too) to the promotion.
// CHECK-LABEL: func @shape_and_selection
// CHECK-SAME: (%[[I:.*]]: tensor<2x3xsi32>, %[[F:.*]]: tensor<1x3xf32>, %[[C:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xi1>)
// CHECK-DAG: %[[I64:.*]] = tnp.astype %[[I]] : tensor<2x3xsi32> -> tensor<2x3xf64>
// CHECK-DAG: %[[F64:.*]] = tnp.astype %[[F]] : tensor<1x3xf32> -> tensor<1x3xf64>
// CHECK: tnp.concatenate %[[I64]], %[[F64]] axis 0 : (tensor<2x3xf64>, tensor<1x3xf64>) -> tensor<3x3xf64>
// CHECK: %[[B8:.*]] = tnp.astype %[[B]] : tensor<2x3xi1> -> tensor<2x3xsi32>
// CHECK: tnp.stack %[[I]], %[[B8]] axis 1 : (tensor<2x3xsi32>, tensor<2x3xsi32>) -> tensor<2x2x3xsi32>
// CHECK-DAG: %[[CB:.*]] = tnp.astype %[[C]] : tensor<2x3xf32> -> tensor<2x3xi1>
// CHECK-DAG: %[[X:.*]] = tnp.astype %[[I]] : tensor<2x3xsi32> -> tensor<2x3xf64>
// CHECK-DAG: %[[Y:.*]] = tnp.astype %{{.*}} : tensor<f64, #tnp.weak> -> tensor<f64>
// CHECK: tnp.where %[[CB]], %[[X]], %[[Y]] : (tensor<2x3xi1>, tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
// CHECK-DAG: %[[BX:.*]] = tnp.astype %[[B]] : tensor<2x3xi1> -> tensor<2x3xsi64>
// CHECK-DAG: %[[LO:.*]] = tnp.astype %{{.*}} : tensor<si64, #tnp.weak> -> tensor<si64>
// CHECK: tnp.clip %[[BX]] min %[[LO]] max %{{.*}} : (tensor<2x3xsi64>, tensor<si64>, tensor<si64>) -> tensor<2x3xsi64>
module attributes {tnp.dtype_conversion_mode = "legacy"} {
func.func @shape_and_selection(%i: tensor<2x3xsi32>, %f: tensor<1x3xf32>, %c: tensor<2x3xf32>, %b: tensor<2x3xi1>) {
  %y = tnp.constant dense<1.5> : tensor<f64, #tnp.weak>
  %lo = tnp.constant dense<0> : tensor<si64, #tnp.weak>
  %hi = tnp.constant dense<1> : tensor<si64, #tnp.weak>
  %0 = tnp.concatenate %i, %f axis 0 : (tensor<2x3xsi32>, tensor<1x3xf32>) -> tensor<3x3xf64>
  %1 = tnp.stack %i, %b axis 1 : (tensor<2x3xsi32>, tensor<2x3xi1>) -> tensor<2x2x3xsi32>
  %2 = tnp.where %c, %i, %y : (tensor<2x3xf32>, tensor<2x3xsi32>, tensor<f64, #tnp.weak>) -> tensor<2x3xf64>
  %3 = tnp.clip %b min %lo max %hi : (tensor<2x3xi1>, tensor<si64, #tnp.weak>, tensor<si64, #tnp.weak>) -> tensor<2x3xsi64>
  return
}
}

// -----

// In the all mode where computes in the (weak) promotion of x and y but
// returns a strong array.
// CHECK-LABEL: func @where_auto
// CHECK-DAG: tnp.astype %{{.*}} : tensor<2xsi8> -> tensor<2xf64, #tnp.weak>
// CHECK-DAG: tnp.astype %{{.*}} : tensor<f32, #tnp.weak> -> tensor<f64, #tnp.weak>
// CHECK: tnp.where {{.*}} : (tensor<2xi1>, tensor<2xf64, #tnp.weak>, tensor<f64, #tnp.weak>) -> tensor<2xf64>
module attributes {tnp.dtype_conversion_mode = "all"} {
func.func @where_auto(%c: tensor<2xi1>, %x: tensor<2xsi8>) -> tensor<2xf64> {
  %y = tnp.constant dense<1.5> : tensor<f32, #tnp.weak>
  %r = tnp.where %c, %x, %y : (tensor<2xi1>, tensor<2xsi8>, tensor<f32, #tnp.weak>) -> tensor<2xf64>
  return %r : tensor<2xf64>
}
}
