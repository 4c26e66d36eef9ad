func.func @axpy(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %two = tnp.constant dense<2.0> : tensor<f32>
  %ax = tnp.multiply %x, %two : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  %r = tnp.add %ax, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
