// tnp-gpu-host-memory on memref-level host code: buffers become gpu.alloc/
// gpu.dealloc/gpu.memcpy; a buffer the host reads is made host-shared (an
// allocation is marked, an argument copied); a host access to a buffer
// whose allocation cannot be traced is a located error.
// RUN: tnp-opt %s --tnp-gpu-host-memory -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @device_only
// CHECK: %[[A:.*]] = gpu.alloc () : memref<4xf32>
// CHECK: gpu.memcpy %[[A]], %arg0
// CHECK: gpu.dealloc %[[A]]
func.func @device_only(%x: memref<4xf32>) {
  %a = memref.alloc() : memref<4xf32>
  memref.copy %x, %a : memref<4xf32> to memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  return
}

// -----

// CHECK-LABEL: func.func @host_reads
// CHECK: %[[S:.*]] = memref.alloc() {tnp_host_shared} : memref<4xf32>
// CHECK: gpu.memcpy %[[S]], %arg0
// CHECK: %[[B:.*]] = memref.alloc() {tnp_host_shared} : memref<f32>
// CHECK: memref.load %[[S]]
// CHECK: memref.store %{{.*}}, %[[B]]
// CHECK: gpu.dealloc %[[S]]
// CHECK: return %[[B]]
func.func @host_reads(%x: memref<4xf32>) -> memref<f32> {
  %c1 = arith.constant 1 : index
  %b = memref.alloc() : memref<f32>
  %v = memref.load %x[%c1] : memref<4xf32>
  memref.store %v, %b[] : memref<f32>
  return %b : memref<f32>
}

// -----

memref.global "private" constant @c : memref<3xf32> = dense<[1.0, 2.0, 3.0]>
func.func @untraceable() -> f32 {
  %c0 = arith.constant 0 : index
  %g = memref.get_global @c : memref<3xf32>
  // expected-error @+1 {{tnp-cuda-pipeline contract: 'memref.load' accesses a buffer from the host whose allocation cannot be traced}}
  %v = memref.load %g[%c0] : memref<3xf32>
  return %v : f32
}
