// An op of a dialect the CPU pipeline does not lower.
func.func @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %r = tosa.abs %x : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}
