// tnp-cuda-pipeline, device side: each kernel family becomes kernels
// launched in blocks of 256 threads (a guard, not min/max bounds, so every
// thread loop has the block size), merged into one gpu.module per module,
// serialized to PTX for sm_80 and sm_90. The PTX is FileChecked (format=isa:
// no GPU or toolkit needed); lower-host=0 keeps the host side readable.
// Host code that would touch device memory is a located contract error.
// (The one-thread-per-row kernels of reductions are the first step: tree
// reductions come next.)
// RUN: tnp-opt %s --tnp-cuda-pipeline='format=isa lower-host=0' -split-input-file -verify-diagnostics | FileCheck %s
// RUN: tnp-opt %s --tnp-cuda-pipeline='format=isa lower-host=0 chips=sm_90 block-size=128' -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=SM90

// Elementwise: one fused kernel.
// CHECK-LABEL: func.func @axpy_relu
// CHECK: gpu.launch_func @tnp_kernels::@axpy_relu_kernel blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%c256, %c1, %c1)
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_80"{{[^>]*}}>
// CHECK-SAME: .target sm_80
// CHECK-SAME: .visible .entry axpy_relu_kernel(
// CHECK-SAME: ld.global.b32
// CHECK-SAME: add.rn.f32
// CHECK-SAME: add.rn.f32
// CHECK-SAME: max.NaN.f32
// CHECK-SAME: st.global.b32
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_90"{{[^>]*}}>
// CHECK-SAME: .target sm_90
// SM90-LABEL: func.func @axpy_relu
// SM90: threads in (%c128, %c1, %c1)
// SM90: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_90"{{[^>]*}}>
// SM90-NOT: sm_80
func.func @axpy_relu(%x: tensor<4096xf32>, %y: tensor<4096xf32>) -> tensor<4096xf32> {
  %two = tnp.constant dense<2.0> : tensor<f32>
  %ax = tnp.multiply %x, %two : (tensor<4096xf32>, tensor<f32>) -> tensor<4096xf32>
  %s = tnp.add %ax, %y : (tensor<4096xf32>, tensor<4096xf32>) -> tensor<4096xf32>
  %zero = tnp.constant dense<0.0> : tensor<f32>
  %r = tnp.maximum %s, %zero : (tensor<4096xf32>, tensor<f32>) -> tensor<4096xf32>
  return %r : tensor<4096xf32>
}

// -----

// A reduction over the last axis (128 >= 32 elements):
// tnp-gpu-warp-reductions' kernel, one warp per row (8 per block of 256):
// each lane folds every 32nd element, then five shuffles combine the lanes
// and lane 0 stores the total combined with the initial value (the fill
// that wrote it is folded into the kernel: no init kernel).
// CHECK-LABEL: func.func @rowsum
// CHECK: gpu.launch_func @tnp_kernels::@rowsum_kernel blocks in (%c8, %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry rowsum_kernel(
// CHECK-SAME: add.rn.f32
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 16, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 8, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 4, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 2, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 1, 31, -1;
// CHECK-SAME: st.global.b32
// CHECK-NOT: .entry rowsum_kernel_0(
// SM90-LABEL: func.func @rowsum
// SM90: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_90"{{[^>]*}}>
func.func @rowsum(%x: tensor<64x128xf32>) -> tensor<64xf32> {
  %r = tnp.sum %x axis [1] : tensor<64x128xf32> -> tensor<64xf32>
  return %r : tensor<64xf32>
}

// -----

// A row length known only at run time: the warp kernel when it is >= 32
// (starting from the fill's value), else the fill and one thread per row.
// f64 partials move as two 32-bit words.
// CHECK-LABEL: func.func @rowmax
// CHECK: %[[WIDE:.*]] = arith.cmpi uge, %{{.*}}, %c32
// CHECK: scf.if %[[WIDE]] {
// CHECK: gpu.launch_func @tnp_kernels::@rowmax_kernel blocks
// CHECK-NEXT: } else {
// CHECK: gpu.launch_func @tnp_kernels::@rowmax_kernel_0 blocks
// CHECK-NEXT: gpu.launch_func @tnp_kernels::@rowmax_kernel_1 blocks
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry rowmax_kernel(
// CHECK-SAME: max.f64
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 16, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 16, 31, -1;
// CHECK-SAME: .entry rowmax_kernel_0(
// CHECK-SAME: .entry rowmax_kernel_1(
// CHECK-NOT: shfl
// CHECK-SAME: max.f64
func.func @rowmax(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  %r = tnp.max %x axis [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

// A reduction of every element. Over more than 256 elements (known at run
// time here): min(ceil(n / 256), 1024) blocks of 8 warps each reduce a
// strided share into a buffer of partials, and one block reduces those into
// the result; up to 256 elements, one block. The kernels start from the
// initial value (the fill is folded into them); only an empty array runs
// the fill, as no block is launched then.
// Each thread folds every (blocks * 256)th element, each warp combines its
// lanes (5 shuffles), the warps' totals meet in workgroup memory after a
// barrier and warp 0 combines them (3 more shuffles). Bools go through the
// workgroup buffer as bytes.
// CHECK-LABEL: func.func @fullsum
// CHECK: %[[OUT:.*]] = gpu.alloc () : memref<f32>
// CHECK: %[[N:.*]] = arith.muli %dim, %dim_0 : index
// CHECK: %[[EMPTY:.*]] = arith.cmpi eq, %[[N]], %c0
// CHECK: scf.if %[[EMPTY]] {
// CHECK-NEXT: gpu.launch_func @tnp_kernels::@fullsum_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%c256 : index, %[[OUT]] : memref<f32>)
// CHECK-NEXT: }
// CHECK: %[[B0:.*]] = arith.ceildivui %[[N]], %c256
// CHECK: %[[BLOCKS:.*]] = arith.minui %[[B0]], %c1024
// CHECK: %[[MANY:.*]] = arith.cmpi ugt, %[[BLOCKS]], %c1
// CHECK: scf.if %[[MANY]] {
// CHECK: %[[PARTIALS:.*]] = gpu.alloc (%[[BLOCKS]]) : memref<?xf32>
// CHECK: %[[STRIDE:.*]] = arith.muli %[[BLOCKS]], %c256
// CHECK: gpu.launch_func @tnp_kernels::@fullsum_kernel_0 blocks in (%[[BLOCKS]], %c1, %c1) threads in (%c256, %c1, %c1) args(%arg0 : memref<?x?xf32>, %[[N]] : index, %[[STRIDE]] : index, %[[PARTIALS]] : memref<?xf32>)
// CHECK: gpu.launch_func @tnp_kernels::@fullsum_kernel_1 blocks in (%{{.*}}, %c1, %c1) threads in (%c256, %c1, %c1) args(%[[BLOCKS]] : index, %[[PARTIALS]] : memref<?xf32>, %[[OUT]] : memref<f32>)
// CHECK: gpu.dealloc %[[PARTIALS]]
// CHECK: } else {
// CHECK: %[[GRID:.*]] = arith.select %[[EMPTY]], %c0, %c1
// CHECK: gpu.launch_func @tnp_kernels::@fullsum_kernel_2 blocks in (%[[GRID]], %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry fullsum_kernel_0(
// CHECK-NOT: minnctapersm
// CHECK-SAME: %ctaid.x
// CHECK-SAME: .shared .align 16 .b8 __wg_fullsum_kernel_0_0[32];
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 16, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 1, 31, -1;
// CHECK-SAME: st.shared.b32
// CHECK-SAME: bar.sync
// CHECK-SAME: ld.shared.b32
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 4, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 2, 31, -1;
// CHECK-SAME: shfl.sync.down.b32 {{[^,]*}}, {{[^,]*}}, 1, 31, -1;
// CHECK-SAME: st.global.b32
// CHECK-SAME: .entry fullsum_kernel_1(
// CHECK-SAME: bar.sync
// CHECK-SAME: .entry fullsum_kernel_2(
// CHECK-SAME: bar.sync
func.func @fullsum(%x: tensor<?x?xf32>) -> tensor<f32> {
  %r = tnp.sum %x : tensor<?x?xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// A static length over 256: the two kernels, no run-time choice and no
// fill (it cannot be empty).
// CHECK-LABEL: func.func @fullany
// CHECK-NOT: scf.if
// CHECK: gpu.launch_func @tnp_kernels::@fullany_kernel blocks in (%c1024, %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK: gpu.launch_func @tnp_kernels::@fullany_kernel_0 blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry fullany_kernel(
// CHECK-SAME: .shared .align 16 .b8 __wg_fullany_kernel_0[8];
// CHECK-SAME: st.shared.b8
// CHECK-SAME: .entry fullany_kernel_0(
// CHECK-NOT: .entry fullany_kernel_1(
func.func @fullany(%x: tensor<1024x1024xi1>) -> tensor<i1> {
  %r = tnp.any %x : tensor<1024x1024xi1> -> tensor<i1>
  return %r : tensor<i1>
}

// -----

// A static length of at most 256: one block (and no fill).
// CHECK-LABEL: func.func @fullmax_short
// CHECK: gpu.launch_func @tnp_kernels::@fullmax_short_kernel blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK-NOT: gpu.launch_func
func.func @fullmax_short(%x: tensor<16x16xf64>) -> tensor<f64> {
  %r = tnp.max %x : tensor<16x16xf64> -> tensor<f64>
  return %r : tensor<f64>
}

// -----

// A column sum reads along the outer axis: one thread per output, so that
// a warp's reads coalesce (no warp kernel).
// CHECK-LABEL: func.func @colsum
// CHECK: gpu.binary @tnp_kernels
// CHECK-NOT: shfl
// CHECK-SAME: add.rn.f32
// CHECK-NOT: shfl
func.func @colsum(%x: tensor<64x128xf32>) -> tensor<128xf32> {
  %r = tnp.sum %x axis [0] : tensor<64x128xf32> -> tensor<128xf32>
  return %r : tensor<128xf32>
}

// -----

// A transpose: the 2-D loop nest collapsed to one dim of 150000 elements,
// in ceil(150000 / 256) = 586 blocks of a 1-D grid (a 2-D grid would cap
// the outer dim at 65535).
// CHECK-LABEL: func.func @transpose
// CHECK: gpu.launch_func @tnp_kernels::@transpose_kernel blocks in (%c586, %c1, %c1) threads in (%c256, %c1, %c1)
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry transpose_kernel(
// CHECK-SAME: ld.global.b16
// CHECK-SAME: st.global.b16
func.func @transpose(%a: tensor<300x500xsi16>) -> tensor<500x300xsi16> {
  %t = tnp.transpose %a [1, 0] : tensor<300x500xsi16> -> tensor<500x300xsi16>
  return %t : tensor<500x300xsi16>
}

// -----

// 0-d operands: a one-iteration loop, so the element is computed on the
// device (the host never reads device memory).
// CHECK-LABEL: func.func @scalar
// CHECK: gpu.launch_func @tnp_kernels::@scalar_kernel
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry scalar_kernel(
// CHECK-SAME: add.rn.f64
func.func @scalar(%a: tensor<f64>, %b: tensor<f64>) -> tensor<f64> {
  %r = tnp.add %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %r : tensor<f64>
}

// -----

// A matmul whose rows and columns are >= 16: tnp-gpu-tiled-contractions'
// kernel. 256 threads, asking for two blocks per SM (f32); the k-slices
// of A (16 x 128, rows padded to 132) and B (16 x 64: n <= 64) in two
// stages of 16-byte aligned workgroup buffers, read as vectors; products
// and sums fused (fma, as BLAS's); the first slices stored before the loop,
// then one barrier per k-step. The output's fill stays a kernel of its own.
// CHECK-LABEL: func.func @matmul
// CHECK: gpu.launch_func @tnp_kernels::@matmul_kernel blocks
// CHECK: gpu.launch_func @tnp_kernels::@matmul_kernel_0 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%c256, %c1, %c1)
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry matmul_kernel_0(
// CHECK-SAME: .maxntid 256, 1, 1
// CHECK-SAME: .minnctapersm 2
// CHECK-SAME: .shared .align 16 .b8 __wg_matmul_kernel_0_0[16896];
// CHECK-SAME: .shared .align 16 .b8 __wg_matmul_kernel_0_1[8192];
// CHECK-SAME: st.shared.b32
// CHECK-SAME: bar.sync
// CHECK-SAME: ld.global.b32
// CHECK-SAME: ld.shared.v4.b32
// CHECK-SAME: fma.rn.f32
// CHECK-SAME: st.shared.b32
// CHECK-SAME: bar.sync
// CHECK-NOT: bar.sync
// CHECK-SAME: .entry
func.func @matmul(%a: tensor<64x32xf32>, %b: tensor<32x16xf32>) -> tensor<64x16xf32> {
  %r = tnp.matmul %a, %b : (tensor<64x32xf32>, tensor<32x16xf32>) -> tensor<64x16xf32>
  return %r : tensor<64x16xf32>
}

// -----

// Tiles inside C over whole k-slices read and write with no clamps or
// guards: the interior kernel. Here every tile is one (256 = 2 x 128, K a
// multiple of 16): no other kernel, and no selects in it.
// CHECK-LABEL: func.func @matmul_interior
// CHECK: gpu.launch_func @tnp_kernels::@matmul_interior_kernel blocks
// CHECK: gpu.launch_func @tnp_kernels::@matmul_interior_kernel_0 blocks in (%c2, %c2, %c1) threads in (%c256, %c1, %c1)
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry matmul_interior_kernel_0(
// CHECK-NOT: selp
// CHECK-SAME: fma.rn.f32
// CHECK-NOT: selp
// CHECK-SAME: .entry
func.func @matmul_interior(%a: tensor<256x64xf32>, %b: tensor<64x256xf32>) -> tensor<256x256xf32> {
  %r = tnp.matmul %a, %b : (tensor<256x64xf32>, tensor<64x256xf32>) -> tensor<256x256xf32>
  return %r : tensor<256x256xf32>
}

// -----

// Sizes known at run time: the interior kernel over floor(M / 128) x
// floor(N / 128) tiles (none unless K is a positive multiple of 16), then
// the edge kernel over every tile, whose interior tiles return at once.
// CHECK-LABEL: func.func @matmul_dynamic_tiles
// CHECK: %[[KREM:.*]] = arith.remui %{{.*}}, %c16 : index
// CHECK: %[[WHOLE0:.*]] = arith.cmpi eq, %[[KREM]], %c0
// CHECK: %[[WHOLE:.*]] = arith.andi %[[WHOLE0]], %{{.*}} : i1
// CHECK: %[[ROWS0:.*]] = arith.divui %{{.*}}, %c128 : index
// CHECK: %[[ROWS:.*]] = arith.select %[[WHOLE]], %[[ROWS0]], %c0 : index
// CHECK: %[[COLS0:.*]] = arith.divui %{{.*}}, %c128 : index
// CHECK: %[[COLS:.*]] = arith.select %[[WHOLE]], %[[COLS0]], %c0 : index
// CHECK: gpu.launch_func @tnp_kernels::@matmul_dynamic_tiles_kernel_0 blocks in (%[[COLS]],
// CHECK: gpu.launch_func @tnp_kernels::@matmul_dynamic_tiles_kernel_1 blocks
// CHECK-SAME: %[[ROWS]] : index, %[[COLS]] : index
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry matmul_dynamic_tiles_kernel_0(
// CHECK-NOT: selp
// CHECK-SAME: .entry matmul_dynamic_tiles_kernel_1(
// CHECK-SAME: selp
func.func @matmul_dynamic_tiles(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = tnp.matmul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

// Dynamic sizes and a broadcast batch (f64): the 128 x 128 tile, k-slices
// of 8 (64-bit accumulators take twice the registers: no two-blocks hint),
// the batch in grid z.
// CHECK-LABEL: func.func @batched
// CHECK: gpu.launch_func @tnp_kernels::@batched_kernel_0 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%c256, %c1, %c1)
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry batched_kernel_0(
// CHECK-NOT: minnctapersm
// CHECK-SAME: .shared .align 16 .b8 __wg_batched_kernel_0_0[16896];
// CHECK-SAME: .shared .align 16 .b8 __wg_batched_kernel_0_1[16384];
// CHECK-SAME: %ctaid.z
// CHECK-SAME: fma.rn.f64
func.func @batched(%a: tensor<3x?x?xf64>, %b: tensor<?x?xf64>) -> tensor<3x?x?xf64> {
  %r = tnp.matmul %a, %b : (tensor<3x?x?xf64>, tensor<?x?xf64>) -> tensor<3x?x?xf64>
  return %r : tensor<3x?x?xf64>
}

// -----

// Integers accumulate with mad.
// CHECK-LABEL: func.func @integers
// CHECK: gpu.launch_func @tnp_kernels::@integers_kernel_0 blocks
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry integers_kernel_0(
// CHECK-SAME: .shared .align 16 .b8 __wg_integers_kernel_0_0[16896];
// CHECK-SAME: .shared .align 16 .b8 __wg_integers_kernel_0_1[16384];
// CHECK-SAME: mad.lo.s32
func.func @integers(%a: tensor<?x?xsi32>, %b: tensor<?x?xsi32>) -> tensor<?x?xsi32> {
  %r = tnp.matmul %a, %b : (tensor<?x?xsi32>, tensor<?x?xsi32>) -> tensor<?x?xsi32>
  return %r : tensor<?x?xsi32>
}

// -----

// Fewer than 16 columns (W4's second matmul): a tile would be mostly idle,
// so one thread per output loops over k; its products and sums round
// separately, as NumPy's do.
// CHECK-LABEL: func.func @narrow
// CHECK: gpu.launch_func @tnp_kernels::@narrow_kernel_0
// CHECK: gpu.binary @tnp_kernels
// CHECK-SAME: .entry narrow_kernel_0(
// CHECK-NOT: .shared
// CHECK-SAME: mul.rn.f32
// CHECK-SAME: add.rn.f32
func.func @narrow(%a: tensor<?x64xf32>, %b: tensor<64x2xf32>) -> tensor<?x2xf32> {
  %r = tnp.matmul %a, %b : (tensor<?x64xf32>, tensor<64x2xf32>) -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// An array constant is copied into a device buffer of its own each call
// (gpu.memcpy from the host global), freed after its last use.
// CHECK-LABEL: func.func @constant
// CHECK: %[[G:.*]] = memref.get_global
// CHECK: %[[D:.*]] = gpu.alloc () : memref<3xf32>
// CHECK: gpu.memcpy %[[D]], %[[G]]
// CHECK: gpu.launch_func
// CHECK: gpu.dealloc %[[D]]
func.func @constant(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c = tnp.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %r = tnp.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// Boolean-mask selection runs on the device (mask-chunks = 4096 chunks of
// at least 256 elements): kernels count each chunk's true elements and sum
// the counts before each chunk; the host reads the last chunk's offset and
// count (managed buffers of one element per chunk) to size the result. A
// kernel writes each chunk's positions, another gathers the rows. The mask
// is never copied for the host, and no host loop reads a buffer.
// CHECK-LABEL: func.func @mask
// CHECK-NOT: scf.for
// CHECK: %[[OFFS:.*]] = memref.alloc(%[[NC:.*]]) {alignment = 64 : i64, tnp_host_shared} : memref<?xi64>
// CHECK: %[[COUNTS:.*]] = memref.alloc(%[[NC]]) {alignment = 64 : i64, tnp_host_shared} : memref<?xi64>
// CHECK: gpu.launch_func @tnp_kernels::@mask_kernel blocks in {{.*}} args(%arg1 : memref<?xi1>, {{.*}}%[[COUNTS]] : memref<?xi64>
// CHECK-NOT: scf.for
// CHECK: args(%{{.*}} : index, %[[COUNTS]] : memref<?xi64>, %[[OFFS]] : memref<?xi64>)
// CHECK-NOT: scf.for
// CHECK: %[[TI:.*]] = scf.if
// CHECK: memref.load %[[OFFS]]
// CHECK: memref.load %[[COUNTS]]
// CHECK: %[[POS:.*]] = gpu.alloc (%[[TI]]) : memref<?xi64>
// CHECK: gpu.launch_func @tnp_kernels::@{{.*}} args(%arg1 : memref<?xi1>, {{.*}}%[[POS]] : memref<?xi64>
// CHECK: gpu.launch_func @tnp_kernels::@{{.*}} args({{.*}}%[[POS]] : memref<?xi64>, %arg0 : memref<?x4xf32>
// CHECK-NOT: scf.for
// CHECK-NOT: tnp_host_shared
// CHECK: return
func.func @mask(%x: tensor<?x4xf32>, %m: tensor<?xi1>) -> tensor<?x4xf32> {
  %r = tnp.mask_select %x [%m] at 0 : tensor<?x4xf32>, tensor<?xi1> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

// A static mask of one chunk: its chunk loops stay kernels (the scf.forall
// is mapped, so canonicalization does not inline its one iteration into
// host code), and the mask is not copied for the host.
// CHECK-LABEL: func.func @mask_one_chunk
// CHECK-NOT: scf.for
// CHECK-NOT: memref<3xi1>{{.*}}tnp_host_shared
// CHECK: gpu.launch_func @tnp_kernels::@mask_one_chunk_kernel blocks in {{.*}} args({{.*}}%arg1 : memref<3xi1>,
// CHECK-NOT: scf.for
// CHECK: return
func.func @mask_one_chunk(%x: tensor<3x4xsi32>, %m: tensor<3xi1>) -> tensor<?x4xsi32> {
  %r = tnp.mask_select %x [%m] at 0 : tensor<3x4xsi32>, tensor<3xi1> -> tensor<?x4xsi32>
  return %r : tensor<?x4xsi32>
}

// -----

// An integer index array's bounds pre-pass runs as reductions on the
// device: the first bad position (a min-reduction), then, only when there
// is one, the entry there (a one-thread kernel). The host reads their 0-d
// results, nothing else: the index array stays a device buffer.
// CHECK-LABEL: func.func @gather
// CHECK: %[[R:.*]] = memref.alloc() {alignment = 64 : i64, tnp_host_shared} : memref<i64>
// CHECK: gpu.launch_func
// CHECK: gpu.launch_func @tnp_kernels::@{{.*}} args(%arg1 : memref<?xi64>,
// CHECK: %[[FIRST:.*]] = memref.load %[[R]][] : memref<i64>
// CHECK: %[[FOUND:.*]] = arith.cmpi ult, %[[FIRST]]
// CHECK: scf.if %[[FOUND]]
// CHECK: %[[AT:.*]] = arith.index_cast %[[FIRST]] : i64 to index
// CHECK: gpu.launch_func @tnp_kernels::@{{.*}} args({{.*}}%arg1 : memref<?xi64>, %[[AT]] : index,
// CHECK: memref.load %[[R]][] : memref<i64>
// CHECK: llvm.call @tnp_rt_error_raise_fmt
// CHECK: } else {
// CHECK: gpu.launch_func @tnp_kernels::@{{.*}} args(%arg1 : memref<?xi64>, %arg0 : memref<?x4xf32>
// CHECK-NOT: tnp_host_shared
// CHECK: return
func.func @gather(%x: tensor<?x4xf32>, %i: tensor<?xsi64>) -> tensor<?x4xf32> {
  %r = tnp.gather %x [%i] dims [0] at 0 : tensor<?x4xf32>, tensor<?xsi64> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

// tnp.scatter runs on the device (tnp-parallel-scatter): "set" as a kernel
// setting the winners of the elements stored to -1 (not a fill of the
// whole buffer), a kernel of atomic maxima and a kernel where the winners
// store; "add" of f32 as atomic adds. Neither the input nor the index array
// becomes a managed buffer.
// CHECK-LABEL: func.func @scatter_set
// CHECK-NOT: memref<?x3xf32>{{.*}}tnp_host_shared
// CHECK-NOT: scf.for
// CHECK: gpu.memcpy %[[R:.*]], %arg0 : memref<?x3xf32>, memref<?x3xf32>
// CHECK: %[[W:.*]] = gpu.alloc (%{{.*}}) : memref<?xi64>
// CHECK: gpu.launch_func @tnp_kernels::@{{.*}} args(%arg1 : memref<?xi64>, {{.*}}%[[W]] : memref<?xi64>)
// CHECK-NEXT: gpu.launch_func @tnp_kernels::@{{.*}} args(%arg1 : memref<?xi64>, {{.*}}%[[W]] : memref<?xi64>)
// CHECK-NEXT: gpu.launch_func @tnp_kernels::@{{.*}} args(%arg1 : memref<?xi64>, %arg2 : memref<?x3xf32>, {{.*}}%[[W]] : memref<?xi64>, %[[R]] : memref<?x3xf32>)
// CHECK-NEXT: gpu.dealloc %[[W]]
// CHECK: gpu.binary
// CHECK-SAME: atom.global.max.s64
func.func @scatter_set(%x: tensor<?x3xf32>, %i: tensor<?xsi64>, %v: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %r = tnp.scatter %x [%i] dims [0] at 0 "set" %v : tensor<?x3xf32>, (tensor<?xsi64>), tensor<?x3xf32> -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_add
// CHECK-NOT: tnp_host_shared} : memref<5xf32>
// CHECK-NOT: scf.for
// CHECK: gpu.binary
// CHECK-SAME: atom.global.add.f32
func.func @scatter_add(%x: tensor<5xf32>, %i: tensor<6xsi32>, %v: tensor<6xf32>) -> tensor<5xf32> {
  %r = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<5xf32>, (tensor<6xsi32>), tensor<6xf32> -> tensor<5xf32>
  return %r : tensor<5xf32>
}

// -----

// "add" of the other dtypes runs on the device too: f16 as a native atomic
// add; bf16 as one on sm_90 and a compare-and-swap loop on sm_80 (LLVM's
// expansion); 8-bit ints as a 32-bit compare-and-swap loop; bool as a store
// of true under the term; complex as two float atomic adds, the real part
// and the one 4 bytes on. Nothing runs on the host but the bounds check.
// CHECK-LABEL: func.func @scatter_add_narrow
// CHECK-NOT: scf.for
// CHECK-NOT: tnp_host_shared} : memref<5x
// CHECK: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_80"
// CHECK-SAME: atom.global.add.noftz.f16
// CHECK-SAME: atom.{{[a-z_.]*}}global.cas.b32
// CHECK-SAME: st.global.b8 \09[%rd{{[0-9]+}}], 1;
// CHECK-SAME: atom.global.add.f32 \09%r{{[0-9]+}}, {{\[}}[[A:%rd[0-9]+]]],
// CHECK-SAME: atom.global.add.f32 \09%r{{[0-9]+}}, {{\[}}[[A]]+4],
// CHECK-SAME: #gpu.object<#nvvm.target<chip = "sm_90"
// CHECK-SAME: atom.global.add.noftz.bf16
func.func @scatter_add_narrow(%x: tensor<5xf16>, %xb: tensor<5xbf16>, %xi: tensor<5xsi8>, %xt: tensor<5xi1>, %xc: tensor<5xcomplex<f32>>, %i: tensor<6xsi32>, %v: tensor<6xf16>, %vb: tensor<6xbf16>, %vi: tensor<6xsi8>, %vt: tensor<6xi1>, %vc: tensor<6xcomplex<f32>>) -> (tensor<5xf16>, tensor<5xbf16>, tensor<5xsi8>, tensor<5xi1>, tensor<5xcomplex<f32>>) {
  %r = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<5xf16>, (tensor<6xsi32>), tensor<6xf16> -> tensor<5xf16>
  %rb = tnp.scatter %xb [%i] dims [0] at 0 "add" %vb : tensor<5xbf16>, (tensor<6xsi32>), tensor<6xbf16> -> tensor<5xbf16>
  %ri = tnp.scatter %xi [%i] dims [0] at 0 "add" %vi : tensor<5xsi8>, (tensor<6xsi32>), tensor<6xsi8> -> tensor<5xsi8>
  %rt = tnp.scatter %xt [%i] dims [0] at 0 "add" %vt : tensor<5xi1>, (tensor<6xsi32>), tensor<6xi1> -> tensor<5xi1>
  %rc = tnp.scatter %xc [%i] dims [0] at 0 "add" %vc : tensor<5xcomplex<f32>>, (tensor<6xsi32>), tensor<6xcomplex<f32>> -> tensor<5xcomplex<f32>>
  return %r, %rb, %ri, %rt, %rc : tensor<5xf16>, tensor<5xbf16>, tensor<5xsi8>, tensor<5xi1>, tensor<5xcomplex<f32>>
}
