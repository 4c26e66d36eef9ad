// Input of cuda.test: boolean-mask selection does not run on the GPU yet.
func.func @mask(%x: tensor<3x4xsi32>, %m: tensor<3xi1>) -> tensor<?x4xsi32> {
  %r = tnp.mask_select %x [%m] at 0 : tensor<3x4xsi32>, tensor<3xi1> -> tensor<?x4xsi32>
  return %r : tensor<?x4xsi32>
}
