func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %r = "tnp.transpose"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}
