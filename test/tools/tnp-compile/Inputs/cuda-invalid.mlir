// Input of cuda.test: an invalid program (operand shapes that cannot
// broadcast), rejected before any output is written.
func.func @bad(%x: tensor<3xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %r = tnp.add %x, %y : (tensor<3xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}
