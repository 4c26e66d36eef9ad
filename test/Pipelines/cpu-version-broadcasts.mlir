// RUN: tnp-opt %s -tnp-cpu-version-broadcasts -split-input-file | FileCheck %s
// RUN: tnp-opt %s -split-input-file -tnp-convert-to-linalg -canonicalize -linalg-fuse-elementwise-ops -tnp-fuse-extracted-producers -tnp-cpu-version-broadcasts -canonicalize | FileCheck %s --check-prefix=PIPE

#id = affine_map<(d0) -> (d0)>

// A generic reading at `i * step` (step = select(c, 0, 1)) runs as a copy
// with the steps replaced by 1 when all of them are 1, else as it was.
// CHECK-LABEL: func @versioned
// CHECK: %[[S0:.*]] = arith.select %{{.*}}, %c0, %c1 : index
// CHECK: %[[S1:.*]] = arith.select %{{.*}}, %c0, %c1 : index
// CHECK: %[[ONE0:.*]] = arith.cmpi eq, %[[S0]], %c1
// CHECK: %[[ONE1:.*]] = arith.cmpi eq, %[[S1]], %c1
// CHECK: %[[FAST:.*]] = arith.andi %[[ONE0]], %[[ONE1]]
// CHECK: %[[R:.*]] = scf.if %[[FAST]] -> (tensor<?xf32>) {
// CHECK: %[[K:.*]] = arith.constant 1 : index
// CHECK: linalg.generic
// CHECK: arith.muli %{{.*}}, %[[K]]
// CHECK: arith.muli %{{.*}}, %[[K]]
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: arith.muli %{{.*}}, %[[S0]]
// CHECK: arith.muli %{{.*}}, %[[S1]]
// CHECK: }
// CHECK: return %[[R]]
func.func @versioned(%x: tensor<?xf32>, %y: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %dx = tensor.dim %x, %c0 : tensor<?xf32>
  %dy = tensor.dim %y, %c0 : tensor<?xf32>
  %bx = arith.cmpi eq, %dx, %c1 : index
  %by = arith.cmpi eq, %dy, %c1 : index
  %sx = arith.select %bx, %c0, %c1 : index
  %sy = arith.select %by, %c0, %c1 : index
  %e = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
      outs(%e : tensor<?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %ix = arith.muli %i, %sx : index
    %iy = arith.muli %i, %sy : index
    %a = tensor.extract %x[%ix] : tensor<?xf32>
    %b = tensor.extract %y[%iy] : tensor<?xf32>
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Nothing to version: no step (a select of other values is not one).
// CHECK-LABEL: func @not_a_step
// CHECK-NOT: scf.if
func.func @not_a_step(%x: tensor<?xf32>, %c: i1, %n: index, %m: index) -> tensor<?xf32> {
  %s = arith.select %c, %n, %m : index
  %e = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel"]}
      outs(%e : tensor<?xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %ix = arith.muli %i, %s : index
    %a = tensor.extract %x[%ix] : tensor<?xf32>
    linalg.yield %a : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// The tnp program np.maximum(x * 2.0 + y, 0.0) over two independent dynamic
// sizes: one loop (the multiply and maximum fused into the add), versioned:
// contiguous reads when nothing broadcasts.
// PIPE-LABEL: func @axpy_relu
// PIPE: %[[MSG:.*]] = llvm.mlir.addressof @__tnp_error_dynamic_broadcast
// PIPE: scf.if %{{[0-9]+}} {
// PIPE: llvm.call @tnp_rt_error_raise_fmt(%{{.*}}, %[[MSG]]
// PIPE: scf.if %{{.*}} -> (tensor<?xf32>) {
// PIPE: linalg.generic
// PIPE: %[[I:.*]] = linalg.index 0
// PIPE-NEXT: tensor.extract %arg0[%[[I]]]
// PIPE-NEXT: arith.mulf
// PIPE-NEXT: tensor.extract %arg1[%[[I]]]
// PIPE-NEXT: arith.addf
// PIPE-NEXT: arith.maximumf
// PIPE: } else {
// PIPE: linalg.generic
// PIPE: arith.muli
// PIPE: arith.mulf
// PIPE: arith.muli
// PIPE: arith.maximumf
// PIPE-NOT: linalg.generic
// PIPE: return
func.func @axpy_relu(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %two = tnp.constant dense<2.0> : tensor<f32>
  %0 = tnp.multiply %x, %two : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  %1 = tnp.add %0, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %zero = tnp.constant dense<0.0> : tensor<f32>
  %2 = tnp.maximum %1, %zero : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  return %2 : tensor<?xf32>
}

// -----

// A chain of run-time broadcasts, ((x + y) * z) - w over four independent
// sizes: one loop (each producer fuses into its consumer at its reads, and
// goes away), in two versions.
// PIPE-LABEL: func @chain
// PIPE: scf.if %{{.*}} -> (tensor<?xf32>) {
// PIPE: linalg.generic
// PIPE: arith.addf
// PIPE: arith.mulf
// PIPE: arith.subf
// PIPE: } else {
// PIPE: linalg.generic
// PIPE: arith.addf
// PIPE: arith.mulf
// PIPE: arith.subf
// PIPE-NOT: linalg.generic
// PIPE: return
func.func @chain(%x: tensor<?xf32>, %y: tensor<?xf32>, %z: tensor<?xf32>, %w: tensor<?xf32>) -> tensor<?xf32> {
  %0 = tnp.add %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %1 = tnp.multiply %0, %z : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %2 = tnp.subtract %1, %w : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %2 : tensor<?xf32>
}
