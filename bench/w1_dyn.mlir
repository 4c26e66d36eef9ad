// W1 with dynamic sizes: np.maximum(x * 2.0 + y, 0.0) where x and y are
// float32 of any (independent) sizes, as an AOT-compiled function sees them.
// x and y may differ, or be 1 and broadcast, at run time: the add checks
// their sizes, and the whole expression is one loop, versioned on nothing
// broadcasting (the loop then has contiguous, vectorized reads).
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  func.func @main(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
    %two = tnp.constant dense<2.000000e+00> : tensor<f64, #tnp.weak>
    %0 = tnp.multiply %x, %two : (tensor<?xf32>, tensor<f64, #tnp.weak>) -> tensor<?xf32>
    %1 = tnp.add %0, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
    %zero = tnp.constant dense<0.000000e+00> : tensor<f64, #tnp.weak>
    %2 = tnp.maximum %1, %zero : (tensor<?xf32>, tensor<f64, #tnp.weak>) -> tensor<?xf32>
    return %2 : tensor<?xf32>
  }
}
