// W1 of DESIGN.md section 7: np.maximum(x * 2.0 + y, 0.0) on 16M float32
// elements, exactly as ../shared/bench/cpu_peers.py times it. The Python
// float literals 2.0 and 0.0 are weak f64 scalars (legacy mode), so the
// result stays float32. IR as `tnp-case translate` produces it for that program.
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  func.func @main(%x: tensor<16777216xf32>, %y: tensor<16777216xf32>) -> tensor<16777216xf32> {
    %two = tnp.constant dense<2.000000e+00> : tensor<f64, #tnp.weak>
    %0 = tnp.multiply %x, %two : (tensor<16777216xf32>, tensor<f64, #tnp.weak>) -> tensor<16777216xf32>
    %1 = tnp.add %0, %y : (tensor<16777216xf32>, tensor<16777216xf32>) -> tensor<16777216xf32>
    %zero = tnp.constant dense<0.000000e+00> : tensor<f64, #tnp.weak>
    %2 = tnp.maximum %1, %zero : (tensor<16777216xf32>, tensor<f64, #tnp.weak>) -> tensor<16777216xf32>
    return %2 : tensor<16777216xf32>
  }
}
