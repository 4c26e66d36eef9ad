func.func @f() -> tensor<1xf64> {
  %r = tnp.arange 0.0, 1.0e300, 1.0e-300 : tensor<1xf64>
  return %r : tensor<1xf64>
}
