// RUN: tnp-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(tnp-parallel-scatter))' | FileCheck %s

// "set": each element of the result gets a winner, the last iteration that
// stores it (an atomic max of the iteration number over a buffer of -1s);
// then the winners store.
// CHECK-LABEL: func @set
// CHECK: arith.muli
// CHECK: %[[N:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK-NEXT: %[[W:.*]] = memref.alloc(%[[N]]) : memref<?xi64>
// CHECK: linalg.fill ins(%c-1_i64 : i64) outs(%[[W]] : memref<?xi64>)
// CHECK: scf.parallel (%[[L:.*]]) =
// CHECK: %[[T:.*]] = memref.load %arg1[%[[L]]] : memref<?xindex>
// CHECK: %[[L64:.*]] = arith.index_cast %[[L]] : index to i64
// CHECK: memref.atomic_rmw maxs %[[L64]], %[[W]][%{{.*}}] : (i64, memref<?xi64>) -> i64
// CHECK: scf.parallel (%[[M:.*]]) =
// CHECK: %[[WIN:.*]] = memref.load %[[W]][%{{.*}}] : memref<?xi64>
// CHECK: %[[IS:.*]] = arith.cmpi eq, %[[WIN]], %{{.*}} : i64
// CHECK: scf.if %[[IS]] {
// CHECK: memref.store %{{.*}}, %[[R:.*]][%{{.*}}, %{{.*}}] : memref<?x3xf32>
// CHECK: memref.dealloc %[[W]]
// CHECK-NOT: scf.for
func.func @set(%v: memref<?x3xf32>, %idx: memref<?xindex>, %n: index) -> memref<?x3xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = memref.alloc(%n) : memref<?x3xf32>
  %m = memref.dim %idx, %c0 : memref<?xindex>
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %x = memref.load %v[%l, %c0] : memref<?x3xf32>
    memref.store %x, %r[%t, %c0] : memref<?x3xf32>
  } {tnp_scatter_loop = "set"}
  return %r : memref<?x3xf32>
}

// -----

// "add" of f32: R[t] = R[t] + x becomes an atomic add of x.
// CHECK-LABEL: func @add
// CHECK: scf.parallel (%[[L:.*]]) =
// CHECK: %[[T:.*]] = memref.load %arg1[%[[L]]] : memref<?xindex>
// CHECK: %[[X:.*]] = memref.load %arg0[%[[L]]] : memref<?xf32>
// CHECK-NOT: memref.load
// CHECK: memref.atomic_rmw addf %[[X]], %{{.*}}[%[[T]]] : (f32, memref<?xf32>) -> f32
// CHECK-NOT: scf.for
func.func @add(%v: memref<?xf32>, %idx: memref<?xindex>, %n: index) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.alloc(%n) : memref<?xf32>
  %m = memref.dim %idx, %c0 : memref<?xindex>
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %x = memref.load %v[%l] : memref<?xf32>
    %cur = memref.load %r[%t] : memref<?xf32>
    %s = arith.addf %cur, %x : f32
    memref.store %s, %r[%t] : memref<?xf32>
  } {tnp_scatter_loop = "add"}
  return %r : memref<?xf32>
}

// -----

// An "add" of f16 (no atomic add here), and a loop that stores twice, stay
// sequential loops (the host fallback); the attribute goes.
// CHECK-LABEL: func @unsupported
// CHECK: scf.for
// CHECK-NOT: tnp_scatter_loop
// CHECK: scf.for
// CHECK-NOT: tnp_scatter_loop
// CHECK-NOT: scf.parallel
func.func @unsupported(%v: memref<?xf16>, %idx: memref<?xindex>, %n: index) -> memref<?xf16> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.alloc(%n) : memref<?xf16>
  %m = memref.dim %idx, %c0 : memref<?xindex>
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %x = memref.load %v[%l] : memref<?xf16>
    %cur = memref.load %r[%t] : memref<?xf16>
    %s = arith.addf %cur, %x : f16
    memref.store %s, %r[%t] : memref<?xf16>
  } {tnp_scatter_loop = "add"}
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %x = memref.load %v[%l] : memref<?xf16>
    memref.store %x, %r[%t] : memref<?xf16>
    memref.store %x, %r[%l] : memref<?xf16>
  } {tnp_scatter_loop = "set"}
  return %r : memref<?xf16>
}
