// A GPU module and host code using every gpu op whose lowering calls the
// runtime (alloc, memcpy, memset, launch, dealloc, wait).
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%a: memref<?xf32>) kernel {
      %i = gpu.thread_id x
      %v = arith.constant 1.0 : f32
      memref.store %v, %a[%i] : memref<?xf32>
      gpu.return
    }
  }
  func.func @host(%n: index) {
    %c1 = arith.constant 1 : index
    %t0 = gpu.wait async
    %m, %t1 = gpu.alloc async [%t0] (%n) : memref<?xf32>
    %h = memref.alloc(%n) : memref<?xf32>
    %t2 = gpu.memcpy async [%t1] %m, %h : memref<?xf32>, memref<?xf32>
    %t3 = gpu.launch_func async [%t2] @kernels::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%m : memref<?xf32>)
    %f = arith.constant 0.0 : f32
    %t4 = gpu.memset async [%t3] %m, %f : memref<?xf32>, f32
    %t5 = gpu.dealloc async [%t4] %m : memref<?xf32>
    gpu.wait [%t5]
    return
  }
}
