// tnp-cuda-pipeline, host side (the defaults: a fatbin, host code lowered
// to LLVM): each call creates a stream, allocates its buffers from the
// runtime's device pool (mgpuMemAlloc), launches the kernels of the one
// gpu.binary on the stream, frees on the stream and synchronizes before
// returning. The binary is one fatbin holding a cubin for sm_80, one for
// sm_90 and sm_90's PTX (listed by Inputs/list_fatbin.py, which reads the
// fatbin format; the GPU machine's cuobjdump agrees, test/gpu/run.sh).
// REQUIRES: ptxas, fatbinary
// RUN: tnp-opt %s --tnp-cuda-pipeline | FileCheck %s
// RUN: tnp-opt %s --tnp-cuda-pipeline | mlir-translate --mlir-to-llvmir > %t.ll
// RUN: %python %S/Inputs/extract_binary.py %t.ll tnp_kernels_binary %t.fatbin
// RUN: %python %S/Inputs/list_fatbin.py %t.fatbin | FileCheck %s --check-prefix=FATBIN
// RUN: FileCheck %s --check-prefix=LLVMIR < %t.ll
// RUN: not tnp-opt %s --tnp-cuda-pipeline=format=cubin 2>&1 | FileCheck %s --check-prefix=BADFORMAT

// CHECK-LABEL: llvm.func @axpy_relu(
// CHECK: %[[S:.*]] = llvm.call @mgpuStreamCreate()
// CHECK: llvm.call @mgpuMemAlloc(%{{.*}}, %[[S]], %{{.*}})
// CHECK: gpu.launch_func <%[[S]] : !llvm.ptr> @tnp_kernels::@axpy_relu_kernel
// CHECK: llvm.call @mgpuStreamSynchronize(%[[S]])
// CHECK: llvm.call @mgpuStreamDestroy(%[[S]])
// CHECK: llvm.func @_mlir_ciface_axpy_relu(
// CHECK: gpu.binary @tnp_kernels [#gpu.object<#nvvm.target<chip = "sm_80"{{[^>]*}}>, "
// CHECK-NOT: gpu.binary

// FATBIN: ELF sm_80
// FATBIN-NEXT: ELF sm_90
// FATBIN-NEXT: PTX sm_90{{( compressed)?$}}
// FATBIN-NOT: {{ELF|PTX}}

// The module is loaded once, at load time, from the embedded fatbin.
// LLVMIR: @tnp_kernels_binary = internal constant
// LLVMIR: @llvm.global_ctors = appending global {{.*}} @tnp_kernels_load
// LLVMIR: call ptr @mgpuModuleLoad(ptr @tnp_kernels_binary

// BADFORMAT: error: tnp-cuda-pipeline: format 'cubin' is neither fatbin nor isa

func.func @axpy_relu(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %two = tnp.constant dense<2.0> : tensor<f32>
  %ax = tnp.multiply %x, %two : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  %s = tnp.add %ax, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %zero = tnp.constant dense<0.0> : tensor<f32>
  %r = tnp.maximum %s, %zero : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
