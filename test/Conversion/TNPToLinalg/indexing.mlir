// RUN: tnp-opt %s -tnp-convert-to-linalg -split-input-file | FileCheck %s

// Static basic indexing: one extract_slice (integer dims of size 1), then a
// reshape dropping them and inserting the newaxis dim.
// CHECK-LABEL: func @static_index
// CHECK: %[[S:.*]] = tensor.extract_slice %{{.*}}[1, 1, 0] [1, 2, 4] [1, 1, 1] : tensor<2x3x4xi64> to tensor<1x2x4xi64>
// CHECK: tensor.reshape %[[S]](%{{.*}}) : (tensor<1x2x4xi64>, tensor<4xindex>) -> tensor<2x1x4x1xi64>
func.func @static_index(%x: tensor<2x3x4xsi64>) -> tensor<2x1x4x1xsi64> {
  %r = tnp.index %x [1, 1:3, newaxis, ..., newaxis] : tensor<2x3x4xsi64> -> tensor<2x1x4x1xsi64>
  return %r : tensor<2x1x4x1xsi64>
}

// -----

// A negative step slices with the positive stride from the last element
// read, then a linalg.generic reads the slice back to front.
// CHECK-LABEL: func @negative_step
// CHECK: %[[S:.*]] = tensor.extract_slice %{{.*}}[0] [5] [2] : tensor<10xi32> to tensor<5xi32>
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: arith.subi
// CHECK: tensor.extract %[[S]]
func.func @negative_step(%x: tensor<10xsi32>) -> tensor<5xsi32> {
  %r = tnp.index %x [8::-2] : tensor<10xsi32> -> tensor<5xsi32>
  return %r : tensor<5xsi32>
}

// -----

// An integer into a dynamic dim is bounds-checked before anything is read;
// the error carries the index, the axis and the size.
// CHECK-LABEL: func @dynamic_int
// CHECK: %[[D:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: arith.cmpi sge
// CHECK: scf.if %{{.*}} -> (tensor<4xf32>)
// CHECK: llvm.mlir.addressof @__tnp_error_index_bounds
// CHECK: llvm.call @tnp_rt_error_raise_fmt
// CHECK: } else {
// CHECK: tensor.extract_slice
// CHECK: tensor.reshape
func.func @dynamic_int(%x: tensor<?x4xf32>) -> tensor<4xf32> {
  %r = tnp.index %x [-1] : tensor<?x4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// A slice of a dynamic dim clamps its bounds at run time.
// CHECK-LABEL: func @dynamic_slice
// CHECK: tensor.dim
// CHECK: arith.minsi
// CHECK: arith.select
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}] [%{{.*}}] [3] : tensor<?xf32> to tensor<?xf32>
// CHECK-NOT: scf.if
func.func @dynamic_slice(%x: tensor<?xf32>) -> tensor<?xf32> {
  %r = tnp.index %x [1:7:3] : tensor<?xf32> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// A boolean mask: the true elements are counted (a linalg reduction), one
// scf.for over the mask writes their positions without a branch (mask-chunks
// = 1, the CPU's form: every element's position goes to the next free slot,
// which only a true one takes; one slot more than the count), and a
// linalg.generic over the result reads row positions[r].
// CHECK-LABEL: func @mask_select
// CHECK: %[[CNT:.*]] = linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}} ins(%{{.*}} : tensor<3xi1>) outs(%{{.*}} : tensor<i64>)
// CHECK: arith.extui
// CHECK: %[[N:.*]] = tensor.extract %[[CNT]][] : tensor<i64>
// CHECK: %[[NI:.*]] = arith.index_cast %[[N]] : i64 to index
// CHECK: %[[CAP:.*]] = arith.addi %[[NI]], %{{.*}} : index
// CHECK: %[[E:.*]] = tensor.empty(%[[CAP]]) : tensor<?xi64>
// CHECK: %[[POS:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[P:.*]] = %{{.*}}, %[[ACC:.*]] = %[[E]])
// CHECK-NOT: scf.if
// CHECK: %[[B:.*]] = tensor.extract %{{.*}}[%[[I]]] : tensor<3xi1>
// CHECK: tensor.insert %{{.*}} into %[[ACC]][%[[P]]] : tensor<?xi64>
// CHECK: arith.extui %[[B]]
// CHECK: %[[SL:.*]] = tensor.extract_slice %[[POS]]#1[0] [%[[NI]]] [1]
// CHECK: %[[OUT:.*]] = tensor.empty(%[[NI]]) : tensor<?x4xi32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]{{.*}} ins(%[[SL]] : tensor<?xi64>) outs(%[[OUT]] : tensor<?x4xi32>)
// CHECK: %[[R:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: %[[C:.*]] = linalg.index 1
// CHECK: tensor.extract %{{.*}}[%[[R]], %[[C]]] : tensor<3x4xi32>
func.func @mask_select(%x: tensor<3x4xsi32>, %m: tensor<3xi1>) -> tensor<?x4xsi32> {
  %r = tnp.mask_select %x [%m] at 0 : tensor<3x4xsi32>, tensor<3xi1> -> tensor<?x4xsi32>
  return %r : tensor<?x4xsi32>
}

// -----

// mask-chunks > 1 (the CUDA pipeline's form; here the module attribute): the
// mask is cut into nc = ceil(n / C) chunks of C = max(256, ceil(n / 4))
// elements; an scf.forall counts each chunk's true elements, a reduction per
// chunk sums the counts before it (offsets), the last chunk's offset and
// count give the total, and a second scf.forall writes each chunk's
// positions into its own slice of the result (parallel_insert_slice). The
// loops are mapped (#gpu.block), so that one chunk is not inlined.
// CHECK-LABEL: func @mask_select_chunks
// CHECK: %[[N:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?xi1>
// CHECK: %[[Q:.*]] = arith.ceildivsi %[[N]], %c4
// CHECK: %[[C:.*]] = arith.maxsi %[[Q]], %c256
// CHECK: %[[NC:.*]] = arith.ceildivsi %[[N]], %[[C]]
// CHECK: %[[COUNTS:.*]] = scf.forall (%[[I:.*]]) in (%[[NC]]) shared_outs(%[[O:.*]] = %{{.*}}) -> (tensor<?xi64>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[O]][%[[I]]] [1] [1]
// CHECK: scf.for
// CHECK: arith.extui
// CHECK: %[[ONE:.*]] = tensor.insert %{{.*}} into %[[S]][%{{.*}}] : tensor<1xi64>
// CHECK: tensor.parallel_insert_slice %[[ONE]] into %[[O]][%[[I]]] [1] [1]
// CHECK: } {mapping = [#gpu.block<x>]}
// CHECK: %[[OFFS:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} ins(%[[COUNTS]] : tensor<?xi64>)
// CHECK: arith.cmpi ult
// CHECK: %[[TI:.*]] = scf.if
// CHECK: tensor.extract %[[OFFS]]
// CHECK: tensor.extract %[[COUNTS]]
// CHECK: %[[E:.*]] = tensor.empty(%[[TI]]) : tensor<?xi64>
// CHECK: %[[POS:.*]] = scf.forall (%[[J:.*]]) in (%[[NC]]) shared_outs(%[[P:.*]] = %[[E]]) -> (tensor<?xi64>)
// CHECK: tensor.extract %[[OFFS]][%[[J]]]
// CHECK: tensor.extract %[[COUNTS]][%[[J]]]
// CHECK: %[[SL:.*]] = tensor.extract_slice %[[P]]
// CHECK: %[[W:.*]]:2 = scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[SL]])
// CHECK: tensor.parallel_insert_slice %[[W]]#1 into %[[P]]
// CHECK: linalg.generic {{.*}} ins(%[[POS]] : tensor<?xi64>) outs(%{{.*}} : tensor<?xf32>)
module attributes {tnp.mask_chunks = 4 : i64} {
  func.func @mask_select_chunks(%x: tensor<?xf32>, %m: tensor<?xi1>) -> tensor<?xf32> {
    %r = tnp.mask_select %x [%m] at 0 : tensor<?xf32>, tensor<?xi1> -> tensor<?xf32>
    return %r : tensor<?xf32>
  }
}

// -----

// A mask over dynamic dims: its dims are checked against the input's at run
// time (NumPy's message), and both are flattened for the compaction loop.
// CHECK-LABEL: func @mask_select_dynamic
// CHECK: arith.cmpi ne
// CHECK: scf.if
// CHECK: llvm.call @tnp_rt_error_raise_fmt
// CHECK: else
// CHECK: tensor.reshape %{{.*}} : (tensor<?x?xi1>, tensor<1xindex>) -> tensor<?xi1>
// CHECK: tensor.reshape %{{.*}} : (tensor<?x?xf32>, tensor<1xindex>) -> tensor<?xf32>
// CHECK: linalg.generic
// CHECK: scf.for
func.func @mask_select_dynamic(%x: tensor<?x?xf32>, %m: tensor<?x?xi1>) -> tensor<?xf32> {
  %r = tnp.mask_select %x [%m] at 0 : tensor<?x?xf32>, tensor<?x?xi1> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// Integer arrays: a pre-pass over each index array finds its first entry out
// of range without a host loop (kernels on a GPU): a min-reduction of the
// bad positions, then, only when there is one, a 0-d linalg.generic reads
// the entry there. It is raised before the input is read; then a
// linalg.generic over the result extracts the input element at the wrapped
// indices.
// CHECK-LABEL: func @gather
// CHECK: %[[FIRST:.*]] = linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}} ins(%{{.*}} : tensor<4xi64>)
// CHECK: linalg.index 0
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi sge
// CHECK: arith.minui
// CHECK: %[[F:.*]] = tensor.extract %[[FIRST]][]
// CHECK: %[[FOUND:.*]] = arith.cmpi ult, %[[F]]
// CHECK: scf.if %[[FOUND]] -> (i64)
// CHECK: %[[AT:.*]] = arith.index_cast %[[F]] : i64 to index
// CHECK: linalg.generic {indexing_maps = [#{{.*}}], iterator_types = []} outs(%{{.*}} : tensor<i64>)
// CHECK: tensor.extract %{{.*}}[%[[AT]]] : tensor<4xi64>
// CHECK: scf.if %[[FOUND]]
// CHECK: llvm.call @tnp_rt_error_raise_fmt
// CHECK: else
// CHECK: linalg.generic {{.*}}outs(%{{.*}} : tensor<2x2x4xf32>)
// CHECK: %[[V:.*]] = tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<2x2xi64>
// CHECK: %[[VI:.*]] = arith.index_cast %[[V]] : i64 to index
// CHECK: arith.select
// CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<3x4xf32>
func.func @gather(%x: tensor<3x4xf32>, %i: tensor<2x2xsi64>) -> tensor<2x2x4xf32> {
  %r = tnp.gather %x [%i] dims [0] at 0 : tensor<3x4xf32>, tensor<2x2xsi64> -> tensor<2x2x4xf32>
  return %r : tensor<2x2x4xf32>
}

// -----

// A mask among the index arrays: its run-time dim is checked against the
// input's, its nonzero() array (a 1-D mask: the true elements' positions)
// is counted (a reduction) and compacted (an scf.for writing each
// position), their lengths are checked to broadcast with the other arrays
// (NumPy's "shape mismatch" index error), and only the integer array gets
// the out-of-range pre-pass.
// CHECK-LABEL: func @gather_mask
// CHECK: %[[NE:.*]] = arith.cmpi ne
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction"]
// CHECK: arith.extui
// CHECK: %[[LOOP:.*]]:2 = scf.for {{.*}} -> (index, tensor<?xi64>)
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%{{.*}}] : tensor<?xi64>
// CHECK: %[[NZ:.*]] = tensor.extract_slice %[[LOOP]]#1
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}} ins(%{{.*}} : tensor<2xi64>)
// CHECK: arith.minui
// CHECK: scf.if
// CHECK: llvm.mlir.addressof @__tnp_error_mask_mismatch
// CHECK: llvm.mlir.addressof @__tnp_error_index_broadcast
// CHECK: llvm.mlir.addressof @__tnp_error_index_bounds
// CHECK: else
// CHECK: linalg.generic {{.*}}outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: tensor.extract %[[NZ]]
func.func @gather_mask(%x: tensor<?x4x5xf32>, %m: tensor<3xi1>, %i: tensor<2xsi64>) -> tensor<2x4xf32> {
  %r = tnp.gather %x [%m, %i] dims [0, 2] at 0 : tensor<?x4x5xf32>, tensor<3xi1>, tensor<2xsi64> -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// Unsigned index arrays have no negative entries: one unsigned comparison
// in the pre-pass and index_castui.
// CHECK-LABEL: func @gather_unsigned
// CHECK: arith.extui
// CHECK: arith.cmpi uge
// CHECK: linalg.generic
// CHECK: arith.index_castui
func.func @gather_unsigned(%x: tensor<3x4xf32>, %i: tensor<2xui8>) -> tensor<3x2xf32> {
  %r = tnp.gather %x [%i] dims [1] at 1 : tensor<3x4xf32>, tensor<2xui8> -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

// A basic-index update: the values broadcast and cast to the region (one
// generic), reshaped to the slice's rank, reversed along the negative step,
// then inserted with the slice's positive stride.
// Arguments are immutable: bufferization must copy, never write into them.
// CHECK-LABEL: func @index_update_set
// CHECK-SAME: %{{.*}}: tensor<2x3xf32> {bufferization.writable = false}
// CHECK: linalg.generic {{.*}}outs(%{{.*}} : tensor<3xf32>)
// CHECK: arith.truncf
// CHECK: tensor.reshape %{{.*}} : (tensor<3xf32>, tensor<2xindex>) -> tensor<1x3xf32>
// CHECK: linalg.generic
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[1, 0] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<2x3xf32>
func.func @index_update_set(%x: tensor<2x3xf32>, %v: tensor<3xf64>) -> tensor<2x3xf32> {
  %r = tnp.index_update %x [1, ::-1] "set" %v : tensor<2x3xf32>, tensor<3xf64> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// "add": the region is extracted and added in the input's dtype.
// CHECK-LABEL: func @index_update_add
// CHECK: %[[CUR:.*]] = tensor.extract_slice %{{.*}}[0, 1] [2, 2] [1, 1]
// CHECK: linalg.generic {{.*}}ins(%[[CUR]], %{{.*}} : tensor<2x2xi32>, tensor<2x2xi32>)
// CHECK: arith.addi
// CHECK: tensor.insert_slice
func.func @index_update_add(%x: tensor<2x3xsi32>, %v: tensor<si32>) -> tensor<2x3xsi32> {
  %r = tnp.index_update %x [:, 1:] "add" %v : tensor<2x3xsi32>, tensor<si32> -> tensor<2x3xsi32>
  return %r : tensor<2x3xsi32>
}

// -----

// An integer-array update: the gather's pre-pass, then an scf.for over the
// region's elements carrying the result (tensor.insert of each element;
// "add" reads the current element first, so repeated indices accumulate).
// CHECK-LABEL: func @scatter_add
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction"]
// CHECK: arith.minui
// CHECK: scf.if
// CHECK: else
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<3x4xf32>)
// CHECK: arith.remui
// CHECK: arith.divui
// CHECK: %[[CUR:.*]] = tensor.extract %[[ACC]]
// CHECK: arith.addf %[[CUR]]
// CHECK: tensor.insert %{{.*}} into %[[ACC]]
func.func @scatter_add(%x: tensor<3x4xf32>, %i: tensor<5xsi64>, %v: tensor<5x4xf32>) -> tensor<3x4xf32> {
  %r = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<3x4xf32>, (tensor<5xsi64>), tensor<5x4xf32> -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

// Literal indices into a static dim are checked at compile time: in range,
// no pre-pass and no guard.
// CHECK-LABEL: func @gather_literal
// CHECK-NOT: scf.if
// CHECK-NOT: iterator_types = ["reduction"]
// CHECK: linalg.generic {{.*}}outs(%{{.*}} : tensor<2x3xf32>)
// CHECK-NOT: scf.if
// CHECK: return
func.func @gather_literal(%x: tensor<2x3x4xf32>) -> tensor<2x3xf32> {
  %i = tnp.constant dense<[0, -4]> : tensor<2xsi64>
  %k = tnp.constant dense<1> : tensor<si64>
  %r = tnp.gather %x [%k, %i] dims [0, 2] at 0 : tensor<2x3x4xf32>, tensor<si64>, tensor<2xsi64> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// A literal index out of range: NumPy's error, raised at run time with the
// first bad entry, and no pre-pass.
// CHECK-LABEL: func @gather_literal_bad
// CHECK-NOT: iterator_types = ["reduction"]
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[BAD:.*]] = arith.constant 4 : i64
// CHECK: scf.if %[[TRUE]]
// CHECK: llvm.mlir.addressof @__tnp_error_index_bounds
// CHECK: llvm.store %[[BAD]]
func.func @gather_literal_bad(%x: tensor<3x4xf32>) -> tensor<3x3xf32> {
  %i = tnp.constant dense<[1, 4, 9]> : tensor<3xsi64>
  %r = tnp.gather %x [%i] dims [1] at 1 : tensor<3x4xf32>, tensor<3xsi64> -> tensor<3x3xf32>
  return %r : tensor<3x3xf32>
}
