// RUN: tnp-opt %s -split-input-file -canonicalize | FileCheck %s

// CHECK-LABEL: func @identity_reshape_transpose_astype
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: tnp.
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identity_reshape_transpose_astype(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = tnp.reshape %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = tnp.transpose %x [0, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = tnp.astype %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %3 = tnp.broadcast_to %x : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<6xsi32>)
// CHECK: %[[R:.*]] = tnp.reshape %[[X]] : tensor<6xsi32> -> tensor<3x2xsi32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_chain(%x: tensor<6xsi32>) -> tensor<3x2xsi32> {
  %0 = tnp.reshape %x : tensor<6xsi32> -> tensor<2x3xsi32>
  %1 = tnp.reshape %0 : tensor<2x3xsi32> -> tensor<3x2xsi32>
  return %1 : tensor<3x2xsi32>
}

// -----

// CHECK-LABEL: func @transpose_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.*]] = tnp.transpose %[[X]] [2, 1, 0] : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_chain(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = tnp.transpose %x [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %1 = tnp.transpose %0 [1, 0, 2] : tensor<3x4x2xf32> -> tensor<4x3x2xf32>
  return %1 : tensor<4x3x2xf32>
}

// -----

// A transpose and its inverse cancel.
// CHECK-LABEL: func @transpose_inverse
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_inverse(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tnp.transpose %x [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = tnp.transpose %0 [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Widening chains collapse; a narrowing step in the middle is kept because
// it changes values (int32 -> int8 wraps).
// CHECK-LABEL: func @astype_chains
// CHECK-SAME: (%[[X:.*]]: tensor<4xsi8>, %[[Y:.*]]: tensor<4xsi32>)
// CHECK: %[[A:.*]] = tnp.astype %[[X]] : tensor<4xsi8> -> tensor<4xf32>
// CHECK: %[[B:.*]] = tnp.astype %[[Y]] : tensor<4xsi32> -> tensor<4xsi8>
// CHECK: %[[C:.*]] = tnp.astype %[[B]] : tensor<4xsi8> -> tensor<4xsi64>
// CHECK: return %[[A]], %[[C]]
func.func @astype_chains(%x: tensor<4xsi8>, %y: tensor<4xsi32>) -> (tensor<4xf32>, tensor<4xsi64>) {
  %0 = tnp.astype %x : tensor<4xsi8> -> tensor<4xsi32>
  %1 = tnp.astype %0 : tensor<4xsi32> -> tensor<4xf32>
  %2 = tnp.astype %y : tensor<4xsi32> -> tensor<4xsi8>
  %3 = tnp.astype %2 : tensor<4xsi8> -> tensor<4xsi64>
  return %1, %3 : tensor<4xf32>, tensor<4xsi64>
}

// -----

// Constant folding: astype of constants (float -> int truncates toward zero,
// NaN -> 0, out of range saturates), arithmetic, comparisons.
// CHECK-LABEL: func @fold_constants
// CHECK-DAG: tnp.constant dense<[1, -2, 0, 127]> : tensor<4xsi8>
// CHECK-DAG: tnp.constant dense<[5, 7]> : tensor<2xsi32>
// CHECK-DAG: tnp.constant dense<true> : tensor<2xi1>
// CHECK-DAG: tnp.constant dense<-128> : tensor<si8>
// CHECK-NOT: tnp.add
// CHECK-NOT: tnp.astype
func.func @fold_constants() -> (tensor<4xsi8>, tensor<2xsi32>, tensor<2xi1>, tensor<si8>) {
  %f = tnp.constant dense<[1.9, -2.7, 0x7FC00000, 1.0e10]> : tensor<4xf32>
  %0 = tnp.astype %f : tensor<4xf32> -> tensor<4xsi8>
  %a = tnp.constant dense<[2, 3]> : tensor<2xsi32>
  %b = tnp.constant dense<[3, 4]> : tensor<2xsi32>
  %1 = tnp.add %a, %b : (tensor<2xsi32>, tensor<2xsi32>) -> tensor<2xsi32>
  %2 = tnp.less %a, %b : (tensor<2xsi32>, tensor<2xsi32>) -> tensor<2xi1>
  %3 = tnp.greater_equal %a, %b : (tensor<2xsi32>, tensor<2xsi32>) -> tensor<2xi1>
  %4 = tnp.logical_xor %2, %3 : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %m = tnp.constant dense<127> : tensor<si8>
  %one = tnp.constant dense<1> : tensor<si8>
  // int8 overflow wraps: 127 + 1 == -128.
  %5 = tnp.add %m, %one : (tensor<si8>, tensor<si8>) -> tensor<si8>
  return %0, %1, %2, %5 : tensor<4xsi8>, tensor<2xsi32>, tensor<2xi1>, tensor<si8>
}

// -----

// Float folding propagates NaN through maximum, like NumPy.
// CHECK-LABEL: func @fold_maximum_nan
// CHECK: tnp.constant dense<[0x7FF8000000000000, 2.000000e+00]> : tensor<2xf64>
func.func @fold_maximum_nan() -> tensor<2xf64> {
  %a = tnp.constant dense<[0x7FF8000000000000, 1.0]> : tensor<2xf64>
  %b = tnp.constant dense<[1.0, 2.0]> : tensor<2xf64>
  %0 = tnp.maximum %a, %b : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// Ops that are not folded (non-constant input, mixed dtypes) stay.
// CHECK-LABEL: func @no_fold
// CHECK: tnp.add
// CHECK: tnp.sqrt
func.func @no_fold(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf16>) {
  %c = tnp.constant dense<1.0> : tensor<f64, #tnp.weak>
  %0 = tnp.add %x, %c : (tensor<2xf32>, tensor<f64, #tnp.weak>) -> tensor<2xf32>
  %i = tnp.constant dense<[4, 9]> : tensor<2xsi8>
  %1 = tnp.sqrt %i : (tensor<2xsi8>) -> tensor<2xf16>
  return %0, %1 : tensor<2xf32>, tensor<2xf16>
}

// -----

// int64 -> float64 rounds (NumPy calls it "safe" anyway): the chain back to
// int64 must stay.
// CHECK-LABEL: func @astype_lossy_chain
// CHECK: tnp.astype %{{.*}} : tensor<4xsi64> -> tensor<4xf64>
// CHECK: tnp.astype %{{.*}} : tensor<4xf64> -> tensor<4xsi64>
func.func @astype_lossy_chain(%x: tensor<4xsi64>) -> tensor<4xsi64> {
  %0 = tnp.astype %x : tensor<4xsi64> -> tensor<4xf64>
  %1 = tnp.astype %0 : tensor<4xf64> -> tensor<4xsi64>
  return %1 : tensor<4xsi64>
}

// -----

// A huge splat folds through astype as a splat (no per-element walk).
// CHECK-LABEL: func @astype_huge_splat
// CHECK: tnp.constant dense<1> : tensor<100000x100000xsi32>
// CHECK-NOT: tnp.astype
func.func @astype_huge_splat() -> tensor<100000x100000xsi32> {
  %c = tnp.constant dense<1.5> : tensor<100000x100000xf32>
  %0 = tnp.astype %c : tensor<100000x100000xf32> -> tensor<100000x100000xsi32>
  return %0 : tensor<100000x100000xsi32>
}

// -----

// Folding never creates weak constants: a reshaped literal stays a reshape,
// so the promotion of its users (legacy value-based casting reads literal
// values only from weak tnp.constant ops) cannot change.
// CHECK-LABEL: func @no_weak_fold
// CHECK: tnp.reshape
// CHECK: tnp.broadcast_to
func.func @no_weak_fold(%x: tensor<1xsi64>) -> (tensor<1xsi64>, tensor<2x2xsi64, #tnp.weak>) {
  %c = tnp.constant dense<5> : tensor<si64, #tnp.weak>
  %r = tnp.reshape %c : tensor<si64, #tnp.weak> -> tensor<1xsi64, #tnp.weak>
  %a = tnp.add %x, %r : (tensor<1xsi64>, tensor<1xsi64, #tnp.weak>) -> tensor<1xsi64>
  %b = tnp.broadcast_to %c : tensor<si64, #tnp.weak> -> tensor<2x2xsi64, #tnp.weak>
  return %a, %b : tensor<1xsi64>, tensor<2x2xsi64, #tnp.weak>
}

// -----

// reshape(reshape(x)) of a dynamic x keeps the inner run-time size check.
// CHECK-LABEL: func @reshape_chain_dynamic
// CHECK: tnp.reshape
// CHECK: tnp.reshape
func.func @reshape_chain_dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tnp.reshape %x : tensor<?xf32> -> tensor<2x3xf32>
  %1 = tnp.reshape %0 : tensor<2x3xf32> -> tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// x[...] and x[:, ::1] are the array itself.
// CHECK-LABEL: func @index_full
// CHECK-NOT: tnp.index
// CHECK: return %arg0
func.func @index_full(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %r = tnp.index %x [..., ::1] : tensor<?x3xf32> -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// -----

// A slice that is not the whole dim stays.
// CHECK-LABEL: func @index_kept
// CHECK: tnp.index %{{.*}}[1:] : tensor<3xf32> -> tensor<2xf32>
func.func @index_kept(%x: tensor<3xf32>) -> tensor<2xf32> {
  %r = tnp.index %x [1:] : tensor<3xf32> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// expand_dims / squeeze of nothing, concatenate of one array and a split
// into one piece are identities.
// CHECK-LABEL: func @shape_op_identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: tnp.
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @shape_op_identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = tnp.expand_dims %x [] : tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = tnp.squeeze %x [] : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = tnp.concatenate %x axis 1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = tnp.split %x sections 1 axis 0 : tensor<2x3xf32> -> tensor<2x3xf32>
  %4 = tnp.split %x indices [] axis 1 : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// A concatenate of one array whose type changes (a weak literal list
// becomes a strong array), and a split of a dynamic axis (its run-time
// checks) stay.
// CHECK-LABEL: func @shape_op_non_identities
// CHECK: tnp.concatenate
// CHECK: tnp.split
func.func @shape_op_non_identities(%d: tensor<?xf32>) -> (tensor<3xsi64>, tensor<?xf32>) {
  %w = tnp.constant dense<[1, 2, 3]> : tensor<3xsi64, #tnp.weak>
  %0 = tnp.concatenate %w axis 0 : (tensor<3xsi64, #tnp.weak>) -> tensor<3xsi64>
  %1 = tnp.split %d sections 1 axis 0 : tensor<?xf32> -> tensor<?xf32>
  return %0, %1 : tensor<3xsi64>, tensor<?xf32>
}

// -----

// expand_dims and squeeze of a constant fold to a constant.
// CHECK-LABEL: func @shape_op_constants
// CHECK-DAG: %[[A:.*]] = tnp.constant dense<{{\[\[}}1, 2, 3]]> : tensor<1x3xsi32>
// CHECK-DAG: %[[B:.*]] = tnp.constant dense<[1, 2, 3]> : tensor<3xsi32>
// CHECK-NOT: tnp.expand_dims
// CHECK-NOT: tnp.squeeze
// CHECK: return %[[A]], %[[B]]
func.func @shape_op_constants() -> (tensor<1x3xsi32>, tensor<3xsi32>) {
  %c = tnp.constant dense<[1, 2, 3]> : tensor<3xsi32>
  %0 = tnp.expand_dims %c [0] : tensor<3xsi32> -> tensor<1x3xsi32>
  %1 = tnp.squeeze %0 [0] : tensor<1x3xsi32> -> tensor<3xsi32>
  return %0, %1 : tensor<1x3xsi32>, tensor<3xsi32>
}

// -----

// where with a constant condition picks an operand of the result's type;
// where(c, x, x) is x. A broadcasting or promoting choice stays.
// CHECK-LABEL: func @where_folds
// CHECK-SAME: (%[[C:.*]]: tensor<3xi1>, %[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>, %[[Z:.*]]: tensor<f32>)
// CHECK: %[[W:.*]] = tnp.where %{{.*}}, %[[Z]], %[[X]]
// CHECK: return %[[X]], %[[Y]], %[[X]], %[[W]], %[[X]]
func.func @where_folds(%c: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xf32>, %z: tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %t = tnp.constant dense<true> : tensor<3xi1>
  %n = tnp.constant dense<0.0> : tensor<f64>
  %nan = tnp.constant dense<0x7FF8000000000000> : tensor<f64>
  %0 = tnp.where %nan, %x, %y : (tensor<f64>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = tnp.where %n, %x, %y : (tensor<f64>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = tnp.where %c, %x, %x : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %3 = tnp.where %t, %z, %x : (tensor<3xi1>, tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  %4 = tnp.where %t, %x, %z : (tensor<3xi1>, tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return %0, %1, %2, %3, %4 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// With dynamic dims, the same result type does not mean the same shape: a
// condition (or other operand) with a dynamic dim may broadcast the chosen
// operand, or not broadcast with it at all (a run-time error). Only static
// 1s and equal static sizes fold.
// CHECK-LABEL: func @where_dynamic
// CHECK-SAME: (%[[C:.*]]: tensor<?xi1>, %[[X:.*]]: tensor<?x?xf32>, %[[C1:.*]]: tensor<1x1xi1>, %[[Y:.*]]: tensor<?x?xf32>)
// CHECK: %[[A:.*]] = tnp.where %[[C]], %[[X]], %[[X]]
// CHECK: %[[B:.*]] = tnp.where %{{.*}}, %[[X]], %[[Y]]
// CHECK: return %[[A]], %[[X]], %[[B]]
func.func @where_dynamic(%c: tensor<?xi1>, %x: tensor<?x?xf32>, %c1: tensor<1x1xi1>, %y: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) {
  %t = tnp.constant dense<true> : tensor<i1>
  %0 = tnp.where %c, %x, %x : (tensor<?xi1>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = tnp.where %c1, %x, %x : (tensor<1x1xi1>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = tnp.where %t, %x, %y : (tensor<i1>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0, %1, %2 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
}
