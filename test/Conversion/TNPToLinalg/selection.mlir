// RUN: tnp-opt %s -tnp-convert-to-linalg -split-input-file | FileCheck %s

// where: one broadcasting generic choosing with arith.select.
// CHECK-LABEL: func @where
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<3x1xi1>, tensor<4xf32>, tensor<f32>)
// CHECK: ^bb0(%[[C:.*]]: i1, %[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[R:.*]] = arith.select %[[C]], %[[X]], %[[Y]] : f32
// CHECK: linalg.yield %[[R]]
func.func @where(%c: tensor<3x1xi1>, %x: tensor<4xf32>, %y: tensor<f32>) -> tensor<3x4xf32> {
  %r = tnp.where %c, %x, %y : (tensor<3x1xi1>, tensor<4xf32>, tensor<f32>) -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

// A condition of another dtype is read by truthiness (NaN is true).
// CHECK-LABEL: func @where_float_condition
// CHECK: ^bb0(%[[C:.*]]: f64, %[[X:.*]]: i16, %[[Y:.*]]: i16, %{{.*}}: i16):
// CHECK: %[[T:.*]] = arith.cmpf une, %[[C]], %{{.*}} : f64
// CHECK: arith.select %[[T]], %[[X]], %[[Y]] : i16
func.func @where_float_condition(%c: tensor<3xf64>, %x: tensor<3xsi16>, %y: tensor<3xsi16>) -> tensor<3xsi16> {
  %r = tnp.where %c, %x, %y : (tensor<3xf64>, tensor<3xsi16>, tensor<3xsi16>) -> tensor<3xsi16>
  return %r : tensor<3xsi16>
}

// -----

// Float clip as NumPy 1.24: max(x, lo) = isnan(x) ? x : (x > lo ? x : lo),
// so a NaN array bound propagates; a 0-d NaN bound clips nothing (the
// select on its own NaN test); then the minimum with hi.
// CHECK-LABEL: func @clip_float
// CHECK: ^bb0(%[[X:.*]]: f32, %[[LO:.*]]: f32, %[[HI:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[LO]]
// CHECK: %[[XNAN:.*]] = arith.cmpf uno, %[[X]], %[[X]]
// CHECK: %[[M0:.*]] = arith.select %[[GT]], %[[X]], %[[LO]]
// CHECK: %[[M1:.*]] = arith.select %[[XNAN]], %[[X]], %[[M0]]
// CHECK: %[[LONAN:.*]] = arith.cmpf uno, %[[LO]], %[[LO]]
// CHECK: %[[M:.*]] = arith.select %[[LONAN]], %[[X]], %[[M1]]
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[M]], %[[HI]]
// CHECK: %[[MNAN:.*]] = arith.cmpf uno, %[[M]], %[[M]]
// CHECK: %[[N0:.*]] = arith.select %[[LT]], %[[M]], %[[HI]]
// CHECK: %[[N1:.*]] = arith.select %[[MNAN]], %[[M]], %[[N0]]
// CHECK-NOT: arith.cmpf uno, %[[HI]]
// CHECK: linalg.yield %[[N1]]
func.func @clip_float(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<4xf32>) -> tensor<4xf32> {
  %r = tnp.clip %x min %lo max %hi : (tensor<4xf32>, tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Integers: signed/unsigned min and max; bool: or/and.
// CHECK-LABEL: func @clip_int
// CHECK: arith.maxui
// CHECK: arith.minui
// CHECK: arith.ori
// CHECK: arith.andi
func.func @clip_int(%x: tensor<4xui8>, %lo: tensor<4xui8>, %b: tensor<4xi1>) -> (tensor<4xui8>, tensor<4xi1>) {
  %r = tnp.clip %x min %lo max %lo : (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %s = tnp.clip %b min %b max %b : (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %r, %s : tensor<4xui8>, tensor<4xi1>
}

// -----

// A dynamic dim that only one operand has is the result's: a plain generic,
// no run-time check.
// CHECK-LABEL: func @clip_dynamic
// CHECK-NOT: scf.if
// CHECK: %[[N:.*]] = tensor.dim %arg0
// CHECK: tensor.empty(%[[N]])
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?xi8>, tensor<i8>)
// CHECK-NOT: tensor.extract
// CHECK: arith.minsi
func.func @clip_dynamic(%x: tensor<?xsi8>, %hi: tensor<si8>) -> tensor<?xsi8> {
  %r = tnp.clip %x max %hi : (tensor<?xsi8>, tensor<si8>) -> tensor<?xsi8>
  return %r : tensor<?xsi8>
}

// -----

// Two dynamic dims that may differ, or be 1, at run time: the broadcast
// check raises, a failed one makes the result empty, and the generic reads
// each operand at `i * step` (step 0 along a dim of size 1).
// CHECK-LABEL: func @clip_dynamic_bounds
// CHECK: %[[FAILED:.*]] = arith.xori
// CHECK: %[[STEP:.*]] = arith.select %{{.*}}, %c0{{.*}}, %c1{{.*}} : index
// CHECK: scf.if %[[FAILED]] {
// CHECK: llvm.mlir.addressof @__tnp_error_dynamic_broadcast
// CHECK: }
// CHECK: %[[SIZE:.*]] = arith.select %[[FAILED]], %c0{{.*}}, %{{.*}} : index
// CHECK: tensor.empty(%[[SIZE]])
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[AT:.*]] = arith.muli %[[I]], %[[STEP]]
// CHECK: tensor.extract %arg0[%[[AT]]]
// CHECK: tensor.extract %arg1
// CHECK: arith.minsi
func.func @clip_dynamic_bounds(%x: tensor<?xsi8>, %hi: tensor<?xsi8>) -> tensor<?xsi8> {
  %r = tnp.clip %x max %hi : (tensor<?xsi8>, tensor<?xsi8>) -> tensor<?xsi8>
  return %r : tensor<?xsi8>
}
