// W5 (row softmax): m = S.max(axis=1, keepdims=True); e = np.exp(S - m);
// e / e.sum(axis=1, keepdims=True), S float32 4096x1024.
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  func.func @main(%s: tensor<4096x1024xf32>) -> tensor<4096x1024xf32> {
    %m = tnp.max %s axis [1] keepdims : tensor<4096x1024xf32> -> tensor<4096x1xf32>
    %d = tnp.subtract %s, %m : (tensor<4096x1024xf32>, tensor<4096x1xf32>) -> tensor<4096x1024xf32>
    %e = tnp.exp %d : (tensor<4096x1024xf32>) -> tensor<4096x1024xf32>
    %t = tnp.sum %e axis [1] keepdims : tensor<4096x1024xf32> -> tensor<4096x1xf32>
    %r = tnp.true_divide %e, %t : (tensor<4096x1024xf32>, tensor<4096x1xf32>) -> tensor<4096x1024xf32>
    return %r : tensor<4096x1024xf32>
  }
}
