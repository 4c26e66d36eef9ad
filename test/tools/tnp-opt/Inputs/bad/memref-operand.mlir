func.func @f(%x: memref<2xf32>) -> tensor<2xf32> {
  %r = "tnp.negative"(%x) : (memref<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}
