// RUN: tnp-opt %s --tnp-gpu-fused-rows --split-input-file | FileCheck %s
// RUN: tnp-opt %s --tnp-gpu-fused-rows -canonicalize -cse --split-input-file | FileCheck %s --check-prefix=CANON

// Softmax over static rows of 1024 (W5's form after bufferization): one
// warp-per-row kernel. Each lane reads its 32 elements of the row once
// (registers; no loop), the fills go (the kernel starts from their values),
// each reduction folds its lane's elements, shuffles down, broadcasts the
// total from lane 0 (idx 0), and lane 0 stores it; the sum and the divide
// read the row values as registers (no load of %m or %t) and the divide
// stores its 32 elements.

// CHECK-LABEL: func.func @softmax
// CHECK-NOT:     linalg.
// CHECK:         gpu.launch
// CHECK:           scf.if
// CHECK-COUNT-32:    memref.load %arg0[
// CHECK-NOT:         memref.load
// CHECK:             gpu.shuffle  down
// CHECK-NOT:         memref.load
// CHECK:             gpu.shuffle  idx
// CHECK-NEXT:        arith.bitcast
// CHECK-NEXT:        %[[MAX:.*]] = arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK:             scf.if
// CHECK-NEXT:          memref.store %[[MAX]], %[[M:.*]][
// CHECK-NOT:         memref.load
// CHECK:             arith.subf %{{.*}}, %[[MAX]]
// CHECK:             math.exp
// CHECK-NOT:         memref.load
// CHECK:             gpu.shuffle  idx
// CHECK-NEXT:        arith.bitcast
// CHECK-NEXT:        %[[SUM:.*]] = arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
// CHECK:             memref.store %[[SUM]], %[[T:.*]][
// CHECK-NOT:         memref.load
// CHECK-COUNT-32:    arith.divf %{{.*}}, %[[SUM]]
// CHECK-NOT:         memref.load
// CHECK-NOT:         scf.for
// CHECK:           gpu.terminator
// CHECK-NOT:     linalg.
// CHECK:         return
func.func @softmax(%x: memref<?x1024xf32>) -> memref<?x1024xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x1024xf32>
  %t = memref.alloc(%n) : memref<?xf32>
  %m = memref.alloc(%n) : memref<?xf32>
  linalg.fill ins(%ninf : f32) outs(%m : memref<?xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<?x1024xf32>) outs(%m : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.maximumf %out, %in : f32
    linalg.yield %0 : f32
  }
  %shape = memref.alloc() : memref<2xindex>
  memref.store %n, %shape[%c0] : memref<2xindex>
  memref.store %c1, %shape[%c1] : memref<2xindex>
  %m2 = memref.reshape %m(%shape) : (memref<?xf32>, memref<2xindex>) -> memref<?x1xf32>
  %r = memref.alloc(%n) : memref<?x1024xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<?xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x, %m2 : memref<?x1024xf32>, memref<?x1xf32>) outs(%t : memref<?xf32>) {
  ^bb0(%in: f32, %in_5: f32, %out: f32):
    %0 = arith.subf %in, %in_5 : f32
    %1 = math.exp %0 : f32
    %2 = arith.addf %out, %1 fastmath<reassoc> : f32
    linalg.yield %2 : f32
  }
  %t2 = memref.reshape %t(%shape) : (memref<?xf32>, memref<2xindex>) -> memref<?x1xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %m2, %t2 : memref<?x1024xf32>, memref<?x1xf32>, memref<?x1xf32>) outs(%r : memref<?x1024xf32>) {
  ^bb0(%in: f32, %in_5: f32, %in_6: f32, %out: f32):
    %0 = arith.subf %in, %in_5 : f32
    %1 = math.exp %0 : f32
    %2 = arith.divf %1, %in_6 : f32
    linalg.yield %2 : f32
  }
  memref.dealloc %m : memref<?xf32>
  return %r : memref<?x1024xf32>
}

// -----

// Layer normalization over dynamic rows, as tnp lowers it: a fill and a
// copy between the members stay before the kernel (they touch no buffer an
// earlier member did), the sum starts from its init buffer (a load), the
// mean and the variance are row ops (the variance in place), and rows
// shorter than a warp run the original ops, marked for
// tnp-gpu-warp-reductions to leave alone.

// CHECK-LABEL: func.func @layernorm
// CHECK:         linalg.fill
// CHECK:         memref.copy
// CHECK:         %[[WIDE:.*]] = arith.cmpi uge, %{{.*}}, %c32
// CHECK:         scf.if %[[WIDE]] {
// CHECK:           gpu.launch
// CHECK:             memref.load %[[S:.*]][%{{.*}}] : memref<?xf32>
// CHECK:             gpu.shuffle  idx
// CHECK:             %[[SUM:.*]] = arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
// CHECK:             memref.store %[[SUM]], %[[S]][
// CHECK:             %[[MEAN:.*]] = arith.divf %[[SUM]], %{{.*}} : f32
// CHECK:             memref.store %[[MEAN]], %[[MB:.*]][
// CHECK:             arith.subf %{{.*}}, %[[MEAN]] : f32
// CHECK:             gpu.shuffle  idx
// CHECK:             %[[VAR:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
// CHECK:             scf.for
// CHECK:               math.sqrt
// CHECK:               memref.store
// CHECK:         } else {
// CHECK-COUNT-5:   linalg.generic {{.*}}attrs = {tnp_gpu_short_rows}
// CHECK:         }
// CHECK-NOT:     linalg.generic
// CHECK:         return
func.func @layernorm(%arg0: memref<?x?xf32>) -> memref<?x?xf32> {
  %cst = arith.constant 9.99999974E-6 : f32
  %cst_0 = arith.constant 0.000000e+00 : f32
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %dim = memref.dim %arg0, %c0 : memref<?x?xf32>
  %dim_1 = memref.dim %arg0, %c1 : memref<?x?xf32>
  %alloc = memref.alloc(%dim) : memref<?xf32>
  linalg.fill ins(%cst_0 : f32) outs(%alloc : memref<?xf32>)
  %alloc_2 = memref.alloc(%dim) : memref<?xf32>
  memref.copy %alloc, %alloc_2 : memref<?xf32> to memref<?xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%arg0 : memref<?x?xf32>) outs(%alloc_2 : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = arith.addf %out, %in fastmath<reassoc> : f32
    linalg.yield %1 : f32
  }
  %0 = arith.index_cast %dim_1 : index to i64
  %alloc_3 = memref.alloc(%dim) : memref<?xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%alloc_2 : memref<?xf32>) outs(%alloc_3 : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = arith.sitofp %0 : i64 to f32
    %2 = arith.divf %in, %1 : f32
    linalg.yield %2 : f32
  }
  %alloc_4 = memref.alloc() : memref<2xindex>
  memref.store %dim, %alloc_4[%c0] : memref<2xindex>
  memref.store %c1, %alloc_4[%c1] : memref<2xindex>
  %reshape = memref.reshape %alloc_3(%alloc_4) : (memref<?xf32>, memref<2xindex>) -> memref<?x1xf32>
  %alloc_5 = memref.alloc(%dim, %dim_1) : memref<?x?xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%arg0, %reshape : memref<?x?xf32>, memref<?x1xf32>) outs(%alloc : memref<?xf32>) {
  ^bb0(%in: f32, %in_7: f32, %out: f32):
    %1 = arith.subf %in, %in_7 : f32
    %2 = arith.mulf %1, %1 : f32
    %3 = arith.addf %out, %2 fastmath<reassoc> : f32
    linalg.yield %3 : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%alloc : memref<?xf32>) outs(%alloc : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %1 = arith.sitofp %0 : i64 to f32
    %2 = arith.divf %in, %1 : f32
    linalg.yield %2 : f32
  }
  %reshape_6 = memref.reshape %alloc(%alloc_4) : (memref<?xf32>, memref<2xindex>) -> memref<?x1xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%arg0, %reshape, %reshape_6 : memref<?x?xf32>, memref<?x1xf32>, memref<?x1xf32>) outs(%alloc_5 : memref<?x?xf32>) {
  ^bb0(%in: f32, %in_7: f32, %in_8: f32, %out: f32):
    %1 = arith.subf %in, %in_7 : f32
    %2 = arith.addf %in_8, %cst : f32
    %3 = math.sqrt %2 : f32
    %4 = arith.divf %1, %3 : f32
    linalg.yield %4 : f32
  }
  return %alloc_5 : memref<?x?xf32>
}

// -----

// Two reductions of the same rows with an error report between them (an
// scf.if that only raises): one kernel; the row op adds the registers.

// CHECK-LABEL: func.func @stats
// CHECK:         scf.if
// CHECK:           llvm.call @tnp_rt_error_raise
// CHECK:         gpu.launch
// CHECK:           arith.addf
// CHECK:           arith.minimumf
// CHECK-NOT:     linalg.generic
llvm.func @tnp_rt_error_raise(i32, !llvm.ptr)
llvm.mlir.global internal constant @msg("empty\00") {addr_space = 0 : i32}
func.func @stats(%x: memref<?x64xf32>, %empty: i1) -> memref<?xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %inf = arith.constant 0x7F800000 : f32
  %c0 = arith.constant 0 : index
  %c6 = arith.constant 6 : i32
  %n = memref.dim %x, %c0 : memref<?x64xf32>
  %s = memref.alloc(%n) : memref<?xf32>
  %m = memref.alloc(%n) : memref<?xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<?xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<?x64xf32>) outs(%s : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  scf.if %empty {
    %p = llvm.mlir.addressof @msg : !llvm.ptr
    llvm.call @tnp_rt_error_raise(%c6, %p) : (i32, !llvm.ptr) -> ()
  }
  linalg.fill ins(%inf : f32) outs(%m : memref<?xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<?x64xf32>) outs(%m : memref<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.minimumf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%s, %m : memref<?xf32>, memref<?xf32>) outs(%m : memref<?xf32>) {
  ^bb0(%in: f32, %in_3: f32, %out: f32):
    %2 = arith.addf %in, %in_3 : f32
    linalg.yield %2 : f32
  }
  return %m : memref<?xf32>
}

// -----

// Rows of (a, b) pairs: the row index is delinearized over the two
// parallel dims.

// CHECK-LABEL: func.func @rows2d
// CHECK:         gpu.launch
// CHECK:           arith.remui %{{.*}}, %c5
// CHECK:           arith.divui %{{.*}}, %c5
// CHECK:           memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}] : memref<3x5x40xf32>
// CHECK-NOT:     linalg.generic
func.func @rows2d(%x: memref<3x5x40xf32>) -> memref<3x5x40xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %s = memref.alloc() : memref<3x5xf32>
  %r = memref.alloc() : memref<3x5x40xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<3x5xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x : memref<3x5x40xf32>) outs(%s : memref<3x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  %s3 = memref.expand_shape %s [[0], [1, 2]] output_shape [3, 5, 1] : memref<3x5xf32> into memref<3x5x1xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, 0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %s3 : memref<3x5x40xf32>, memref<3x5x1xf32>) outs(%r : memref<3x5x40xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  return %r : memref<3x5x40xf32>
}

// -----

// A static row of 40: two register slots a lane, the second partial: its
// read is clamped to element 39, the sum selects its term only for lanes
// whose element exists (lane + 32 < 40), and the divide stores it under the
// same condition.

// CHECK-LABEL: func.func @partial_slot
// CHECK:         gpu.launch
// CHECK:           %[[LANE:.*]] = arith.remui %{{.*}}, %c32
// CHECK:           memref.load %arg0[%{{.*}}, %{{.*}}] : memref<4x40xf32>
// CHECK:           %[[C1:.*]] = arith.addi %[[LANE]], %c32
// CHECK:           %[[CL:.*]] = arith.minui %[[C1]], %c39
// CHECK:           %[[J:.*]] = arith.remui %[[CL]], %c40
// CHECK:           memref.load %arg0[%{{.*}}, %[[J]]] : memref<4x40xf32>
// CHECK:           %[[V:.*]] = arith.cmpi ult, %{{.*}}, %c40
// CHECK:           %[[F:.*]] = arith.addf
// CHECK-NEXT:      arith.select %[[V]], %[[F]], %{{.*}} : f32
// CHECK:           gpu.shuffle  idx
// CHECK:           %[[V2:.*]] = arith.cmpi ult, %{{.*}}, %c40
// CHECK:           arith.divf
// CHECK-NEXT:      scf.if %[[V2]] {
// CHECK-NEXT:        memref.store
// CHECK-NOT:     scf.for
func.func @partial_slot(%x: memref<4x40xf32>) -> memref<4x40xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %s = memref.alloc() : memref<4xf32>
  %r = memref.alloc() : memref<4x40xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<4xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<4x40xf32>) outs(%s : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s : memref<4x40xf32>, memref<4xf32>) outs(%r : memref<4x40xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  return %r : memref<4x40xf32>
}

// -----

// Rows of dynamic length, float64: rows of 32 to 512 elements take a kernel
// that keeps 16 elements a lane in registers, each slot after the first
// read, folded (selected for lanes past the row's end) and stored only when
// the row reaches it (warp-uniform branches); longer rows take the kernel
// with a loop per member; shorter ones the original ops.

// CHECK-LABEL: func.func @dynamic_slots
// CANON-LABEL: func.func @dynamic_slots
// CANON:         %[[LEN:.*]] = memref.dim %arg0, %c1
// CANON:         arith.cmpi uge, %[[LEN]], %c32
// CANON:         arith.cmpi ule, %[[LEN]], %c512
// CANON:         gpu.launch
// CANON:           memref.load %arg0
// CANON-COUNT-14:  scf.if %{{.*}} -> (f64) {
// CANON:           %[[LAST:.*]] = arith.cmpi ugt, %[[LEN]], %c480
// CANON-NEXT:      scf.if %[[LAST]] -> (f64) {
// CANON:             arith.minui
// CANON:             memref.load %arg0
// CANON:           scf.if %[[LAST]] -> (f64) {
// CANON:             arith.addf
// CANON-NEXT:        arith.select
// CANON:           gpu.shuffle  idx
// CANON:           scf.if %[[LAST]] {
// CANON:             arith.divf
// CANON:             scf.if %{{.*}} {
// CANON-NEXT:          memref.store
// CANON:         } else {
// CANON:           gpu.launch
// CANON:             scf.for
// CANON:         } else {
// CANON:           linalg.generic {{.*}}attrs = {tnp_gpu_short_rows}
func.func @dynamic_slots(%x: memref<?x?xf64>) -> memref<?x?xf64> {
  %zero = arith.constant 0.000000e+00 : f64
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf64>
  %m = memref.dim %x, %c1 : memref<?x?xf64>
  %s = memref.alloc(%n) : memref<?xf64>
  %r = memref.alloc(%n, %m) : memref<?x?xf64>
  linalg.fill ins(%zero : f64) outs(%s : memref<?xf64>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<?x?xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %0 = arith.addf %out, %in : f64
    linalg.yield %0 : f64
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s : memref<?x?xf64>, memref<?xf64>) outs(%r : memref<?x?xf64>) {
  ^bb0(%in: f64, %in_1: f64, %out: f64):
    %0 = arith.divf %in, %in_1 : f64
    linalg.yield %0 : f64
  }
  return %r : memref<?x?xf64>
}

// -----

// A static row of 3000 float32, over 32 elements a lane: a block of 8 warps
// per row, 12 elements a thread in registers (the last slot partial:
// clamped to element 2999). The sum's warps store their totals in
// workgroup memory; after the barrier every thread folds the 8 in order.

// CHECK-LABEL: func.func @block_rows
// CANON-LABEL: func.func @block_rows
// CANON:         gpu.launch blocks({{.*}}) in ({{.*}} = %c8, {{.*}}) threads({{.*}}) in ({{.*}} = %c256, {{.*}}) workgroup(%[[P:.*]] : memref<8xf32, #gpu.address_space<workgroup>>)
// CANON-COUNT-11:  memref.load %arg0[
// CANON:           arith.minui %{{.*}}, %c2999
// CANON:           memref.load %arg0[
// CANON-NOT:       memref.load %arg0
// CANON:           gpu.shuffle  down
// CANON:           scf.if
// CANON-NEXT:        memref.store %{{.*}}, %[[P]][
// CANON:           gpu.barrier
// CANON-COUNT-8:   memref.load %[[P]][
// CANON-NOT:       memref.load %arg0
// CANON-COUNT-11:  arith.divf
// CANON:           scf.if
// CANON-NEXT:        memref.store
func.func @block_rows(%x: memref<8x3000xf32>) -> memref<8x3000xf32> {
  %zero = arith.constant 0.000000e+00 : f32
  %s = memref.alloc() : memref<8xf32>
  %r = memref.alloc() : memref<8x3000xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x3000xf32>) outs(%s : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s : memref<8x3000xf32>, memref<8xf32>) outs(%r : memref<8x3000xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  return %r : memref<8x3000xf32>
}

// -----

// Not fused: a deallocation between the members; an op between them that
// writes X, which the first member read; one that reads a row result (a
// copy); a row result read at another element than the row's; rows shorter
// than a warp; an scf.if that does more than report an error.

// CHECK-LABEL: func.func @not_fused
// CHECK-NOT:     gpu.launch
// CHECK-COUNT-12: linalg.generic
// CHECK-NOT:     gpu.launch
func.func @not_fused(%x: memref<8x64xf32>, %y: memref<8x64xf32>, %short: memref<8x16xf32>, %c: i1) {
  %zero = arith.constant 0.000000e+00 : f32
  // A deallocation.
  %s0 = memref.alloc() : memref<8xf32>
  %d0 = memref.alloc() : memref<8xf32>
  %r0 = memref.alloc() : memref<8x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x64xf32>) outs(%s0 : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  memref.dealloc %d0 : memref<8xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s0 : memref<8x64xf32>, memref<8xf32>) outs(%r0 : memref<8x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  // A write of X after the first member read it.
  %xa = memref.alloc() : memref<8x64xf32>
  %s1 = memref.alloc() : memref<8xf32>
  %r1 = memref.alloc() : memref<8x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%xa : memref<8x64xf32>) outs(%s1 : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  memref.copy %y, %xa : memref<8x64xf32> to memref<8x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%xa, %s1 : memref<8x64xf32>, memref<8xf32>) outs(%r1 : memref<8x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  // A read of a row result between the members.
  %s2 = memref.alloc() : memref<8xf32>
  %k2 = memref.alloc() : memref<8xf32>
  %r2 = memref.alloc() : memref<8x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x64xf32>) outs(%s2 : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  memref.copy %s2, %k2 : memref<8xf32> to memref<8xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s2 : memref<8x64xf32>, memref<8xf32>) outs(%r2 : memref<8x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  // A row result read at a column index.
  %s3 = memref.alloc() : memref<64xf32>
  %r3 = memref.alloc() : memref<64x64xf32>
  %x3 = memref.alloc() : memref<64x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x3 : memref<64x64xf32>) outs(%s3 : memref<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x3, %s3 : memref<64x64xf32>, memref<64xf32>) outs(%r3 : memref<64x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  // Rows of 16.
  %s4 = memref.alloc() : memref<8xf32>
  %r4 = memref.alloc() : memref<8x16xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%short : memref<8x16xf32>) outs(%s4 : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%short, %s4 : memref<8x16xf32>, memref<8xf32>) outs(%r4 : memref<8x16xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  // An scf.if with a store.
  %s5 = memref.alloc() : memref<8xf32>
  %r5 = memref.alloc() : memref<8x64xf32>
  %k5 = memref.alloc() : memref<8xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x64xf32>) outs(%s5 : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  scf.if %c {
    %c0 = arith.constant 0 : index
    memref.store %zero, %k5[%c0] : memref<8xf32>
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s5 : memref<8x64xf32>, memref<8xf32>) outs(%r5 : memref<8x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

// Not fused (found by review): a row op with two outputs (one row value each is all the kernel keeps).
// CHECK-LABEL: func.func @row_two_outputs
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @row_two_outputs(%x: memref<8x64xf32>) -> (memref<8x64xf32>, memref<8xf32>) {
  %zero = arith.constant 0.0 : f32
  %s = memref.alloc() : memref<8xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x64xf32>) outs(%s : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  %a = memref.alloc() : memref<8xf32>
  %b = memref.alloc() : memref<8xf32>
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%s : memref<8xf32>) outs(%a, %b : memref<8xf32>, memref<8xf32>) {
  ^bb0(%in: f32, %o1: f32, %o2: f32):
    %1 = arith.mulf %in, %in : f32
    linalg.yield %in, %1 : f32, f32
  }
  %b2 = memref.expand_shape %b [[0, 1]] output_shape [8, 1] : memref<8xf32> into memref<8x1xf32>
  %r = memref.alloc() : memref<8x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %b2 : memref<8x64xf32>, memref<8x1xf32>) outs(%r : memref<8x64xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %2 = arith.divf %in, %in2 : f32
    linalg.yield %2 : f32
  }
  return %r, %b : memref<8x64xf32>, memref<8xf32>
}

// -----

// Not fused (found by review): an input read at -d1 + 63 (inputs must be read at dims and constant 0s).
// CHECK-LABEL: func.func @reversed_read
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @reversed_read(%x: memref<8x64xf32>, %y: memref<8x64xf32>) -> memref<8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %s = memref.alloc() : memref<8xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x64xf32>) outs(%s : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  %r = memref.alloc() : memref<8x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, -d1 + 63)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %y, %s : memref<8x64xf32>, memref<8x64xf32>, memref<8xf32>) outs(%r : memref<8x64xf32>) {
  ^bb0(%in: f32, %iy: f32, %in2: f32, %out: f32):
    %1 = arith.addf %in, %iy : f32
    %2 = arith.subf %1, %in2 : f32
    linalg.yield %2 : f32
  }
  return %r : memref<8x64xf32>
}

// -----

// Not fused (found by review): X is a loop's block argument, which may alias the buffer a fill between the members writes.
// CHECK-LABEL: func.func @loop_argument
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @loop_argument(%x: memref<8x64xf32>, %n: index) -> memref<8xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<8x64xf32>
  memref.copy %x, %a : memref<8x64xf32> to memref<8x64xf32>
  %s = memref.alloc() : memref<8xf32>
  %t = memref.alloc() : memref<8xf32>
  %res = scf.for %i = %c0 to %n step %c1 iter_args(%b = %a) -> (memref<8x64xf32>) {
    linalg.fill ins(%zero : f32) outs(%s : memref<8xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%b : memref<8x64xf32>) outs(%s : memref<8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.addf %out, %in : f32
      linalg.yield %0 : f32
    }
    linalg.fill ins(%zero : f32) outs(%a : memref<8x64xf32>)
    linalg.fill ins(%zero : f32) outs(%t : memref<8xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%b : memref<8x64xf32>) outs(%t : memref<8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %0 = arith.maximumf %out, %in : f32
      linalg.yield %0 : f32
    }
    scf.yield %b : memref<8x64xf32>
  }
  return %s : memref<8xf32>
}

// -----

// Not fused (found by review): a row op without outputs.
// CHECK-LABEL: func.func @row_no_output
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @row_no_output(%x: memref<8x64xf32>) -> memref<8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %s = memref.alloc() : memref<8xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<8xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x64xf32>) outs(%s : memref<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%s : memref<8xf32>) {
  ^bb0(%in: f32):
    linalg.yield
  }
  %r = memref.alloc() : memref<8x64xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s : memref<8x64xf32>, memref<8xf32>) outs(%r : memref<8x64xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %2 = arith.subf %in, %in2 : f32
    linalg.yield %2 : f32
  }
  return %r : memref<8x64xf32>
}

// -----

// Not fused (found by review): 48-bit elements (the shuffles move one 32-bit word or less, or two).
// CHECK-LABEL: func.func @i48_rows
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @i48_rows(%x: memref<8x64xi48>) -> memref<8x64xi48> {
  %zero = arith.constant 0 : i48
  %s = memref.alloc() : memref<8xi48>
  linalg.fill ins(%zero : i48) outs(%s : memref<8xi48>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<8x64xi48>) outs(%s : memref<8xi48>) {
  ^bb0(%in: i48, %out: i48):
    %0 = arith.addi %out, %in : i48
    linalg.yield %0 : i48
  }
  %r = memref.alloc() : memref<8x64xi48>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x, %s : memref<8x64xi48>, memref<8xi48>) outs(%r : memref<8x64xi48>) {
  ^bb0(%in: i48, %in2: i48, %out: i48):
    %2 = arith.subi %in, %in2 : i48
    linalg.yield %2 : i48
  }
  return %r : memref<8x64xi48>
}

// -----

// Not fused: a static row length past int64 (2^32 x 2^32 elements).
// CHECK-LABEL: func.func @huge_rows
// CHECK-NOT:     gpu.launch
// CHECK:         return
func.func @huge_rows(%x: memref<2x4294967296x4294967296xf32>, %r: memref<2x4294967296x4294967296xf32>) {
  %zero = arith.constant 0.000000e+00 : f32
  %s = memref.alloc() : memref<2xf32>
  linalg.fill ins(%zero : f32) outs(%s : memref<2xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0)>], iterator_types = ["parallel", "reduction", "reduction"]} ins(%x : memref<2x4294967296x4294967296xf32>) outs(%s : memref<2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  %o = memref.alloc() : memref<2x4294967296x4294967296xf32>
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]} ins(%x, %s : memref<2x4294967296x4294967296xf32>, memref<2xf32>) outs(%o : memref<2x4294967296x4294967296xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.divf %in, %in_1 : f32
    linalg.yield %0 : f32
  }
  return
}
