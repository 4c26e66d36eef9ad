// RUN: tnp-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(tnp-parallel-scatter))' | FileCheck %s

// "set": each element of the result gets a winner, the last iteration that
// stores it: the elements stored are set to -1 (no fill of the whole
// buffer), then an atomic max of the iteration number; then the winners
// store.
// CHECK-LABEL: func @set
// CHECK: arith.muli
// CHECK: %[[D1:.*]] = memref.dim %[[R:.*]], %c1
// CHECK: %[[N:.*]] = arith.muli %{{.*}}, %[[D1]] : index
// CHECK-NEXT: %[[W:.*]] = memref.alloc(%[[N]]) : memref<?xi64>
// CHECK-NOT: linalg.fill
// CHECK: scf.parallel (%[[K:.*]]) =
// CHECK: %[[TK:.*]] = memref.load %arg1[%[[K]]] : memref<?xindex>
// CHECK: %[[LK:.*]] = arith.muli %[[TK]], %[[D1]]
// CHECK: %[[LKK:.*]] = arith.addi %[[LK]], %c0
// CHECK: memref.store %c-1_i64, %[[W]][%[[LKK]]] : memref<?xi64>
// CHECK: scf.parallel (%[[L:.*]]) =
// CHECK: %[[T:.*]] = memref.load %arg1[%[[L]]] : memref<?xindex>
// CHECK: %[[L64:.*]] = arith.index_cast %[[L]] : index to i64
// CHECK: memref.atomic_rmw maxs %[[L64]], %[[W]][%{{.*}}] : (i64, memref<?xi64>) -> i64
// CHECK: scf.parallel (%[[M:.*]]) =
// CHECK: %[[WIN:.*]] = memref.load %[[W]][%{{.*}}] : memref<?xi64>
// CHECK: %[[IS:.*]] = arith.cmpi eq, %[[WIN]], %{{.*}} : i64
// CHECK: scf.if %[[IS]] {
// CHECK: memref.store %{{.*}}, %[[R]][%{{.*}}, %{{.*}}] : memref<?x3xf32>
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

// "add" of f16 and i8: atomic adds too (LLVM expands the ones a target
// lacks into compare-and-swap loops).
// CHECK-LABEL: func @add_narrow
// CHECK: scf.parallel
// CHECK: memref.atomic_rmw addf %{{.*}}, %{{.*}}[%{{.*}}] : (f16, memref<?xf16>) -> f16
// CHECK: scf.parallel
// CHECK: memref.atomic_rmw addi %{{.*}}, %{{.*}}[%{{.*}}] : (i8, memref<?xi8>) -> i8
// CHECK-NOT: scf.for
func.func @add_narrow(%v: memref<?xf16>, %w: memref<?xi8>, %idx: memref<?xindex>, %n: index) -> (memref<?xf16>, memref<?xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.alloc(%n) : memref<?xf16>
  %q = memref.alloc(%n) : memref<?xi8>
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
    %x = memref.load %w[%l] : memref<?xi8>
    %cur = memref.load %q[%t] : memref<?xi8>
    %s = arith.addi %x, %cur : i8
    memref.store %s, %q[%t] : memref<?xi8>
  } {tnp_scatter_loop = "add"}
  return %r, %q : memref<?xf16>, memref<?xi8>
}

// -----

// bool's add is or: a true term stores true, a false one stores nothing.
// CHECK-LABEL: func @add_bool
// CHECK: scf.parallel
// CHECK: %[[X:.*]] = memref.load %arg0[%{{.*}}] : memref<?xi1>
// CHECK-NOT: memref.load
// CHECK: scf.if %[[X]] {
// CHECK-NEXT: memref.store %[[X]], %{{.*}}[%{{.*}}] : memref<?xi1>
// CHECK-NEXT: }
// CHECK-NOT: scf.for
func.func @add_bool(%v: memref<?xi1>, %idx: memref<?xindex>, %n: index) -> memref<?xi1> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.alloc(%n) : memref<?xi1>
  %m = memref.dim %idx, %c0 : memref<?xindex>
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %x = memref.load %v[%l] : memref<?xi1>
    %cur = memref.load %r[%t] : memref<?xi1>
    %s = arith.ori %cur, %x : i1
    memref.store %s, %r[%t] : memref<?xi1>
  } {tnp_scatter_loop = "add"}
  return %r : memref<?xi1>
}

// -----

// A complex element is two atomic float adds, at 2 * (row-major position)
// and the float after it from the buffer's aligned pointer.
// CHECK-LABEL: func @add_complex
// CHECK: scf.parallel (%[[L:.*]]) =
// CHECK: %[[ROW:.*]] = arith.divui %[[L]], %c3
// CHECK: %[[K:.*]] = arith.remui %[[L]], %c3
// CHECK: %[[T:.*]] = memref.load %arg1[%[[ROW]]] : memref<?xindex>
// CHECK: %[[X:.*]] = memref.load %arg0[%[[ROW]], %[[K]]] : memref<?x3xcomplex<f64>>
// CHECK: %[[D1:.*]] = memref.dim %[[R:.*]], %c1
// CHECK: %[[T2:.*]] = arith.muli %[[T]], %[[D1]] : index
// CHECK: %[[LIN:.*]] = arith.addi %[[T2]], %[[K]] : index
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[R]]
// CHECK: %[[BASE64:.*]] = arith.index_cast %[[BASE]] : index to i64
// CHECK: %[[P:.*]] = llvm.inttoptr %[[BASE64]] : i64 to !llvm.ptr
// CHECK: %[[LIN64:.*]] = arith.index_cast %[[LIN]] : index to i64
// CHECK: %[[RE_AT:.*]] = arith.muli %[[LIN64]], %c2_i64 : i64
// CHECK: %[[RE:.*]] = complex.re %[[X]] : complex<f64>
// CHECK: %[[IM:.*]] = complex.im %[[X]] : complex<f64>
// CHECK: %[[A:.*]] = llvm.getelementptr %[[P]][%[[RE_AT]]] : (!llvm.ptr, i64) -> !llvm.ptr, f64
// CHECK: llvm.atomicrmw fadd %[[A]], %[[RE]] monotonic : !llvm.ptr, f64
// CHECK: %[[IM_AT:.*]] = arith.addi %[[RE_AT]], %c1_i64 : i64
// CHECK: %[[B:.*]] = llvm.getelementptr %[[P]][%[[IM_AT]]] : (!llvm.ptr, i64) -> !llvm.ptr, f64
// CHECK: llvm.atomicrmw fadd %[[B]], %[[IM]] monotonic : !llvm.ptr, f64
// CHECK-NOT: scf.for
func.func @add_complex(%v: memref<?x3xcomplex<f64>>, %idx: memref<?xindex>, %n: index) -> memref<?x3xcomplex<f64>> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = memref.alloc(%n) : memref<?x3xcomplex<f64>>
  %m = memref.dim %idx, %c0 : memref<?xindex>
  %e = arith.muli %m, %c3 : index
  scf.for %l = %c0 to %e step %c1 {
    %row = arith.divui %l, %c3 : index
    %k = arith.remui %l, %c3 : index
    %t = memref.load %idx[%row] : memref<?xindex>
    %x = memref.load %v[%row, %k] : memref<?x3xcomplex<f64>>
    %cur = memref.load %r[%t, %k] : memref<?x3xcomplex<f64>>
    %s = complex.add %cur, %x : complex<f64>
    memref.store %s, %r[%t, %k] : memref<?x3xcomplex<f64>>
  } {tnp_scatter_loop = "add"}
  return %r : memref<?x3xcomplex<f64>>
}

// -----

// A loop that stores twice, an "add" whose sum is not an addition, and an
// "add" of an element type with no atomic (i1 via addi is not bool's or)
// stay sequential loops (the host fallback); the attribute goes.
// CHECK-LABEL: func @unsupported
// CHECK: scf.for
// CHECK-NOT: tnp_scatter_loop
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
    %s = arith.mulf %cur, %x : f16
    memref.store %s, %r[%t] : memref<?xf16>
  } {tnp_scatter_loop = "add"}
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %x = memref.load %v[%l] : memref<?xf16>
    memref.store %x, %r[%t] : memref<?xf16>
    memref.store %x, %r[%l] : memref<?xf16>
  } {tnp_scatter_loop = "set"}
  %b = memref.alloc(%n) : memref<?xi1>
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %cur = memref.load %b[%t] : memref<?xi1>
    %s = arith.addi %cur, %cur : i1
    memref.store %s, %b[%t] : memref<?xi1>
  } {tnp_scatter_loop = "add"}
  return %r : memref<?xf16>
}

// -----

// Loops the pass must leave sequential (they lose the attribute):
//  - a "set" loop reading R (here R[l + 1] = R[l]: each iteration sees the
//    previous one's store);
//  - an "add" that also reads R elsewhere (R[t] += R[l]), or through a view;
//  - an "add" whose load and sum are outside the loop (the loop stores one
//    value n times);
//  - a counter that is not an index from 0 (the iteration number is the
//    "set" bid), and an unknown mode.
// CHECK-LABEL: func @reads_or_shapes
// CHECK-NOT: scf.parallel
// CHECK-NOT: tnp_scatter_loop
// CHECK: return
func.func @reads_or_shapes(%v: memref<?xf32>, %idx: memref<?xindex>, %n: index, %k: i32, %x: f32) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c0_i32 = arith.constant 0 : i32
  %c1_i32 = arith.constant 1 : i32
  %r = memref.alloc(%n) : memref<?xf32>
  %m = arith.subi %n, %c1 : index
  scf.for %l = %c0 to %m step %c1 {
    %l1 = arith.addi %l, %c1 : index
    %y = memref.load %r[%l] : memref<?xf32>
    memref.store %y, %r[%l1] : memref<?xf32>
  } {tnp_scatter_loop = "set"}
  scf.for %l = %c0 to %n step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %o = memref.load %r[%l] : memref<?xf32>
    %cur = memref.load %r[%t] : memref<?xf32>
    %s = arith.addf %cur, %o : f32
    memref.store %s, %r[%t] : memref<?xf32>
  } {tnp_scatter_loop = "add"}
  %view = memref.subview %r[1] [%m] [1] : memref<?xf32> to memref<?xf32, strided<[1], offset: 1>>
  scf.for %l = %c0 to %m step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %o = memref.load %view[%l] : memref<?xf32, strided<[1], offset: 1>>
    %cur = memref.load %r[%t] : memref<?xf32>
    %s = arith.addf %cur, %o : f32
    memref.store %s, %r[%t] : memref<?xf32>
  } {tnp_scatter_loop = "add"}
  %cur0 = memref.load %r[%c0] : memref<?xf32>
  %s0 = arith.addf %cur0, %x : f32
  scf.for %l = %c0 to %n step %c1 {
    memref.store %s0, %r[%c0] : memref<?xf32>
  } {tnp_scatter_loop = "add"}
  scf.for %l = %c0_i32 to %k step %c1_i32 : i32 {
    %y = memref.load %v[%c0] : memref<?xf32>
    memref.store %y, %r[%c0] : memref<?xf32>
  } {tnp_scatter_loop = "set"}
  scf.for %l = %c1 to %n step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %y = memref.load %v[%l] : memref<?xf32>
    memref.store %y, %r[%t] : memref<?xf32>
  } {tnp_scatter_loop = "set"}
  scf.for %l = %c0 to %n step %c1 {
    %t = memref.load %idx[%l] : memref<?xindex>
    %y = memref.load %v[%l] : memref<?xf32>
    memref.store %y, %r[%t] : memref<?xf32>
  } {tnp_scatter_loop = "max"}
  return %r : memref<?xf32>
}
