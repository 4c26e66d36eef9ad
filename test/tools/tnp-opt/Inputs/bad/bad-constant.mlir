func.func @f() -> tensor<2xf32> {
  %c = "tnp.constant"() {value = dense<[1, 2, 3]> : tensor<3xsi64>} : () -> tensor<2xf32>
  return %c : tensor<2xf32>
}
