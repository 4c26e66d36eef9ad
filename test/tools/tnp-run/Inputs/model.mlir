// Functions of the tnp-run tests (run.test, errors.test).
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  func.func @predict(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> tensor<2x4xf32> {
    %0 = tnp.matmul %x, %w : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    return %0 : tensor<2x4xf32>
  }
  // Two results, one of them 0-d; bools are one byte per element.
  func.func @two(%a: tensor<3xi1>, %b: tensor<3xi1>) -> (tensor<3xi1>, tensor<f64>) {
    %0 = tnp.logical_xor %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
    %1 = tnp.constant dense<2.5> : tensor<f64>
    return %0, %1 : tensor<3xi1>, tensor<f64>
  }
  // A result that is a global constant (copied out by the runtime).
  func.func @const() -> tensor<2xsi64> {
    %0 = tnp.constant dense<[7, -7]> : tensor<2xsi64>
    return %0 : tensor<2xsi64>
  }
  // A dynamic dim accepts any size; the result aliases the argument.
  func.func @dyn(%x: tensor<?x2xsi32>) -> tensor<?x2xsi32> {
    return %x : tensor<?x2xsi32>
  }
  // Calls a private function (kept when @calls is run).
  func.func @calls(%x: tensor<3xf32>) -> tensor<3xf32> {
    %0 = call @helper(%x) : (tensor<3xf32>) -> tensor<3xf32>
    return %0 : tensor<3xf32>
  }
  // bfloat16 travels as 2-byte void (.npy files of ml_dtypes.bfloat16).
  func.func @bf(%x: tensor<3xbf16>) -> tensor<3xbf16> {
    return %x : tensor<3xbf16>
  }
  func.func private @helper(%x: tensor<3xf32>) -> tensor<3xf32> {
    %0 = tnp.multiply %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    return %0 : tensor<3xf32>
  }
  // Does not lower yet (dynamic elementwise): must not stop the others.
  func.func @nolower(%x: tensor<3xf32>) -> tensor<2x2xf32> {
    %0 = tnp.constant sparse<[[0, 1]], [5.0]> : tensor<2x2xf32>
    return %0 : tensor<2x2xf32>
  }
}
