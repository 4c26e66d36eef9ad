// Shape-polymorphic exports of the dynamic-shape AOT test.
func.func @axpy(%a: tensor<f32>, %x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %ax = tnp.multiply %a, %x : (tensor<f32>, tensor<?xf32>) -> tensor<?xf32>
  %r = tnp.add %ax, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

func.func @rowsum(%m: tensor<?x?xf64>) -> tensor<?xf64> {
  %r = tnp.sum %m axis [1] : tensor<?x?xf64> -> tensor<?xf64>
  return %r : tensor<?xf64>
}
