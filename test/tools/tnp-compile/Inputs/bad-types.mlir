func.func private @helper(tensor<3xf32>) -> tensor<3xf32>

func.func @uses_external(%x: tensor<3xf32>) -> tensor<3xf32> {
  %r = call @helper(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}
