// W2 (column sums): A.sum(axis=0), A float32 4096x4096.
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  func.func @main(%a: tensor<4096x4096xf32>) -> tensor<4096xf32> {
    %r = tnp.sum %a axis [0] : tensor<4096x4096xf32> -> tensor<4096xf32>
    return %r : tensor<4096xf32>
  }
}
