// tnp-cpu-contiguous-loops: a reduction on buffers whose output's innermost
// dim is contiguous wherever it is used gets that dim as its innermost loop.
// RUN: tnp-opt %s --tnp-cpu-contiguous-loops -split-input-file | FileCheck %s
// RUN: tnp-opt %s --tnp-cpu-contiguous-loops --convert-linalg-to-loops -split-input-file | FileCheck %s --check-prefix=LOOPS

// A matmul runs i-k-j: the reduction loop moves before the column loop.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @matmul
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: arith.mulf
// CHECK: arith.addf
// LOOPS-LABEL: func.func @matmul
// LOOPS: scf.for %[[I:.*]] =
// LOOPS: scf.for %[[K:.*]] =
// LOOPS: scf.for %[[J:.*]] =
// LOOPS: memref.load %{{.*}}[%[[I]], %[[K]]]
// LOOPS: memref.load %{{.*}}[%[[K]], %[[J]]]
// LOOPS: memref.load %{{.*}}[%[[I]], %[[J]]]
// LOOPS: memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
func.func @matmul(%a: memref<16x32xf32>, %b: memref<32x64xf32>, %c: memref<16x64xf32>) {
  linalg.matmul ins(%a, %b : memref<16x32xf32>, memref<32x64xf32>) outs(%c : memref<16x64xf32>)
  return
}

// -----

// Dynamic sizes: reordered too (the inner extent may be large).
// CHECK-LABEL: func.func @batch_dynamic
// CHECK: iterator_types = ["parallel", "parallel", "reduction", "parallel"]
func.func @batch_dynamic(%a: memref<?x?x?xf64>, %b: memref<?x?x?xf64>, %c: memref<?x?x?xf64>) {
  linalg.batch_matmul ins(%a, %b : memref<?x?x?xf64>, memref<?x?x?xf64>) outs(%c : memref<?x?x?xf64>)
  return
}

// -----

// A column sum walks its input row by row.
// CHECK-LABEL: func.func @column_sum
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["reduction", "parallel"]}
// LOOPS-LABEL: func.func @column_sum
// LOOPS: scf.for %[[I:.*]] =
// LOOPS: scf.for %[[J:.*]] =
// LOOPS: memref.load %{{.*}}[%[[I]], %[[J]]]
#in = affine_map<(d0, d1) -> (d1, d0)>
#out = affine_map<(d0, d1) -> (d0)>
func.func @column_sum(%x: memref<100x50xi32>, %o: memref<50xi32>) {
  linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<100x50xi32>) outs(%o : memref<50xi32>) {
  ^bb0(%v: i32, %acc: i32):
    %s = arith.addi %acc, %v : i32
    linalg.yield %s : i32
  }
  return
}

// -----

// Kept: a row sum (the output's innermost dim is not the input's), an
// output narrower than a vector (W4's @ 64x2), a transposed operand (the
// column dim is not innermost in B), a strided output, and an elementwise
// op (no reduction).
// CHECK-LABEL: func.func @kept
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: linalg.matmul ins
// CHECK: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: linalg.matmul ins
// CHECK: iterator_types = ["parallel", "parallel"]
#row_in = affine_map<(d0, d1) -> (d0, d1)>
#row_out = affine_map<(d0, d1) -> (d0)>
#bt_a = affine_map<(d0, d1, d2) -> (d0, d2)>
#bt_b = affine_map<(d0, d1, d2) -> (d1, d2)>
#bt_c = affine_map<(d0, d1, d2) -> (d0, d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @kept(%x: memref<100x50xf32>, %rows: memref<100xf32>,
                %a: memref<4096x64xf32>, %w: memref<64x2xf32>, %c: memref<4096x2xf32>,
                %bt: memref<32x64xf32>, %c2: memref<4096x32xf32>,
                %s: memref<64x64xf32, strided<[64, 2]>>, %c3: memref<4096x64xf32>) {
  linalg.generic {indexing_maps = [#row_in, #row_out], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<100x50xf32>) outs(%rows : memref<100xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %r = arith.addf %acc, %v : f32
    linalg.yield %r : f32
  }
  linalg.matmul ins(%a, %w : memref<4096x64xf32>, memref<64x2xf32>) outs(%c : memref<4096x2xf32>)
  linalg.generic {indexing_maps = [#bt_a, #bt_b, #bt_c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %bt : memref<4096x64xf32>, memref<32x64xf32>) outs(%c2 : memref<4096x32xf32>) {
  ^bb0(%u: f32, %v: f32, %acc: f32):
    %m = arith.mulf %u, %v : f32
    %r = arith.addf %acc, %m : f32
    linalg.yield %r : f32
  }
  linalg.matmul ins(%a, %s : memref<4096x64xf32>, memref<64x64xf32, strided<[64, 2]>>) outs(%c3 : memref<4096x64xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<100x50xf32>) outs(%x : memref<100x50xf32>) {
  ^bb0(%v: f32, %o: f32):
    linalg.yield %v : f32
  }
  return
}
