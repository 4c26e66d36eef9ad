// The GPU benchmark's workloads (DESIGN.md section 7, as
// bench/gpu_peers.py times them), with dynamic dims: bench.c picks the
// sizes. Compiled with tnp-compile --target=cuda.
module {
  // W1: np.maximum(x * 2.0 + y, 0.0) on float32, 64M elements: static, as
  // tnp::jit traces it, and with dynamic sizes (w1_dyn: the add checks its
  // sizes at run time and reads at `i * step`). One fused kernel each.
  func.func @w1(%x: tensor<67108864xf32>, %y: tensor<67108864xf32>) -> tensor<67108864xf32> {
    %two = tnp.constant dense<2.0> : tensor<f32>
    %0 = tnp.multiply %x, %two : (tensor<67108864xf32>, tensor<f32>) -> tensor<67108864xf32>
    %1 = tnp.add %0, %y : (tensor<67108864xf32>, tensor<67108864xf32>) -> tensor<67108864xf32>
    %zero = tnp.constant dense<0.0> : tensor<f32>
    %2 = tnp.maximum %1, %zero : (tensor<67108864xf32>, tensor<f32>) -> tensor<67108864xf32>
    return %2 : tensor<67108864xf32>
  }
  func.func @w1_dyn(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
    %two = tnp.constant dense<2.0> : tensor<f32>
    %0 = tnp.multiply %x, %two : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
    %1 = tnp.add %0, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
    %zero = tnp.constant dense<0.0> : tensor<f32>
    %2 = tnp.maximum %1, %zero : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
    return %2 : tensor<?xf32>
  }
  // W3: a @ b, float32 (4096 x 4096).
  func.func @w3(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
    %r = tnp.matmul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
    return %r : tensor<?x?xf32>
  }
  // W4: np.maximum(X @ w1 + bias, 0) @ w2 (65536x512, 512x64, 64, 64x2).
  func.func @w4(%x: tensor<?x512xf32>, %w1: tensor<512x64xf32>, %b: tensor<64xf32>,
                %w2: tensor<64x2xf32>) -> tensor<?x2xf32> {
    %h = tnp.matmul %x, %w1 : (tensor<?x512xf32>, tensor<512x64xf32>) -> tensor<?x64xf32>
    %hb = tnp.add %h, %b : (tensor<?x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
    %zero = tnp.constant dense<0.0> : tensor<f32>
    %r = tnp.maximum %hb, %zero : (tensor<?x64xf32>, tensor<f32>) -> tensor<?x64xf32>
    %y = tnp.matmul %r, %w2 : (tensor<?x64xf32>, tensor<64x2xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  // W5: softmax over rows, float32 (65536 x 1024).
  func.func @w5(%s: tensor<?x1024xf32>) -> tensor<?x1024xf32> {
    %m = tnp.max %s axis [1] keepdims : tensor<?x1024xf32> -> tensor<?x1xf32>
    %d = tnp.subtract %s, %m : (tensor<?x1024xf32>, tensor<?x1xf32>) -> tensor<?x1024xf32>
    %e = tnp.exp %d : (tensor<?x1024xf32>) -> tensor<?x1024xf32>
    %t = tnp.sum %e axis [1] keepdims : tensor<?x1024xf32> -> tensor<?x1xf32>
    %r = tnp.true_divide %e, %t : (tensor<?x1024xf32>, tensor<?x1xf32>) -> tensor<?x1024xf32>
    return %r : tensor<?x1024xf32>
  }
  // W5 with both sizes dynamic (as an AOT library takes any rows): rows of
  // up to 1024 float32 take the kernel that keeps a row in registers,
  // longer ones the kernel with a loop per member (bench.c times both).
  func.func @w5_dyn(%s: tensor<?x?xf32>) -> tensor<?x?xf32> {
    %m = tnp.max %s axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
    %d = tnp.subtract %s, %m : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
    %e = tnp.exp %d : (tensor<?x?xf32>) -> tensor<?x?xf32>
    %t = tnp.sum %e axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
    %r = tnp.true_divide %e, %t : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
    return %r : tensor<?x?xf32>
  }
  // The per-call overhead: an add of 8 float32 (W6's size).
  func.func @tiny(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
    %r = tnp.add %x, %y : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
    return %r : tensor<8xf32>
  }
  // The copy bandwidth reference: x + 0 reads and writes each element once
  // (the kernel the pipeline makes of it is a copy).
  func.func @copy(%x: tensor<67108864xf32>) -> tensor<67108864xf32> {
    %zero = tnp.constant dense<0.0> : tensor<f32>
    %r = tnp.add %x, %zero : (tensor<67108864xf32>, tensor<f32>) -> tensor<67108864xf32>
    return %r : tensor<67108864xf32>
  }
}
