// tnp-forward-guarded-results: the result of a guarded op (an scf.if whose
// branches yield buffers they allocate) gets the identity layout, and the
// function returns it instead of a copy of it.
// RUN: tnp-opt %s --tnp-forward-guarded-results --canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @guarded
// CHECK: %[[R:.*]] = scf.if %{{.*}} -> (memref<?xf32>) {
// CHECK: %[[A:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK: scf.yield %[[A]] : memref<?xf32>
// CHECK: } else {
// CHECK: %[[E:.*]] = memref.alloc() : memref<0xf32>
// CHECK: %[[EC:.*]] = memref.cast %[[E]] : memref<0xf32> to memref<?xf32>
// CHECK: scf.yield %[[EC]] : memref<?xf32>
// CHECK-NOT: memref.copy
// CHECK: return %[[R]] : memref<?xf32>
func.func @guarded(%ok: i1, %n: index) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %r = scf.if %ok -> (memref<?xf32, strided<[?], offset: ?>>) {
    %a = memref.alloc(%n) : memref<?xf32>
    %ca = memref.cast %a : memref<?xf32> to memref<?xf32, strided<[?], offset: ?>>
    scf.yield %ca : memref<?xf32, strided<[?], offset: ?>>
  } else {
    %e = memref.alloc() : memref<0xf32>
    %ce = memref.cast %e : memref<0xf32> to memref<?xf32, strided<[?], offset: ?>>
    scf.yield %ce : memref<?xf32, strided<[?], offset: ?>>
  }
  %d = memref.dim %r, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %out = memref.alloc(%d) : memref<?xf32>
  memref.copy %r, %out : memref<?xf32, strided<[?], offset: ?>> to memref<?xf32>
  return %out : memref<?xf32>
}

// -----

// A branch yields the caller's buffer: the copy stays (the result must not
// alias an argument).
// CHECK-LABEL: func.func @aliases_argument
// CHECK: scf.if %{{.*}} -> (memref<?xf32, strided<[?], offset: ?>>)
// CHECK: memref.copy
func.func @aliases_argument(%ok: i1, %arg: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %r = scf.if %ok -> (memref<?xf32, strided<[?], offset: ?>>) {
    %ca = memref.cast %arg : memref<?xf32> to memref<?xf32, strided<[?], offset: ?>>
    scf.yield %ca : memref<?xf32, strided<[?], offset: ?>>
  } else {
    %e = memref.alloc() : memref<0xf32>
    %ce = memref.cast %e : memref<0xf32> to memref<?xf32, strided<[?], offset: ?>>
    scf.yield %ce : memref<?xf32, strided<[?], offset: ?>>
  }
  %d = memref.dim %r, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %out = memref.alloc(%d) : memref<?xf32>
  memref.copy %r, %out : memref<?xf32, strided<[?], offset: ?>> to memref<?xf32>
  return %out : memref<?xf32>
}

// -----

// The buffer is written after the copy: the copy stays (the returned
// values are those before the write).
// CHECK-LABEL: func.func @written_after
// CHECK: scf.if %{{.*}} -> (memref<?xf32>)
// CHECK: memref.copy
// CHECK: memref.store
func.func @written_after(%ok: i1, %n: index, %v: f32) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %r = scf.if %ok -> (memref<?xf32, strided<[?], offset: ?>>) {
    %a = memref.alloc(%n) : memref<?xf32>
    %ca = memref.cast %a : memref<?xf32> to memref<?xf32, strided<[?], offset: ?>>
    scf.yield %ca : memref<?xf32, strided<[?], offset: ?>>
  } else {
    %e = memref.alloc() : memref<0xf32>
    %ce = memref.cast %e : memref<0xf32> to memref<?xf32, strided<[?], offset: ?>>
    scf.yield %ce : memref<?xf32, strided<[?], offset: ?>>
  }
  %d = memref.dim %r, %c0 : memref<?xf32, strided<[?], offset: ?>>
  %out = memref.alloc(%d) : memref<?xf32>
  memref.copy %r, %out : memref<?xf32, strided<[?], offset: ?>> to memref<?xf32>
  memref.store %v, %r[%c0] : memref<?xf32, strided<[?], offset: ?>>
  return %out : memref<?xf32>
}
