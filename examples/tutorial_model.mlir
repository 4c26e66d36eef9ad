// The TF-NumPy tutorial's example model (relu(x @ w1 + b) @ w2) and its
// weight scaling, written in the tnp dialect, in the default "numpy mode"
// (legacy promotion, prefer_float32 = false).
//
//   stddev = tnp.sqrt(size).astype(tnp.float32)
//   w1 = w1_raw.astype(tnp.float32) / stddev
//   y = tnp.matmul(inputs, w1) + bias
//   y = tnp.maximum(y, 0)
//   return tnp.matmul(y, w2)
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  // tnp.sqrt(32) is float64 (a Python int is an int64 literal; sqrt of int64
  // uses NumPy's float64 loop), then astype(float32).
  func.func @init_w1(%w1_raw: tensor<32x64xf64>) -> tensor<32x64xf32> {
    %size = tnp.constant dense<32> : tensor<si64>
    %sq = tnp.sqrt %size : (tensor<si64>) -> tensor<f64>
    %stddev = tnp.astype %sq : tensor<f64> -> tensor<f32>
    %w = tnp.astype %w1_raw : tensor<32x64xf64> -> tensor<32x64xf32>
    %r = tnp.true_divide %w, %stddev : (tensor<32x64xf32>, tensor<f32>) -> tensor<32x64xf32>
    return %r : tensor<32x64xf32>
  }

  func.func @predict(%inputs: tensor<2x32xf32>, %w1: tensor<32x64xf32>,
                     %bias: tensor<64xf32>, %w2: tensor<64x2xf32>) -> tensor<2x2xf32> {
    %h = tnp.matmul %inputs, %w1 : (tensor<2x32xf32>, tensor<32x64xf32>) -> tensor<2x64xf32>
    %y = tnp.add %h, %bias : (tensor<2x64xf32>, tensor<64xf32>) -> tensor<2x64xf32>
    // `0` is a weak Python int: maximum(float32, 0) stays float32.
    %zero = tnp.constant dense<0> : tensor<si64, #tnp.weak>
    %relu = tnp.maximum %y, %zero : (tensor<2x64xf32>, tensor<si64, #tnp.weak>) -> tensor<2x64xf32>
    %out = tnp.matmul %relu, %w2 : (tensor<2x64xf32>, tensor<64x2xf32>) -> tensor<2x2xf32>
    return %out : tensor<2x2xf32>
  }

  // The tutorial's first call, with tnp's seeded random numbers:
  //   tnp.random.seed(0)
  //   w1 = tnp.random.randn(32, 64).astype(tnp.float32) / stddev
  //   bias = tnp.random.randn(64).astype(tnp.float32)
  //   w2 = tnp.random.randn(64, 2).astype(tnp.float32) / 8
  //   model.predict(tnp.ones([2, 32], dtype=tnp.float32))
  // The three randn calls after seed(0) are streams 0, 1 and 2 of seed 0.
  func.func @main() -> tensor<2x2xf32> {
    %w1_raw = tnp.random.normal seed 0 : tensor<32x64xf64>
    %bias_raw = tnp.random.normal seed 0 {stream = 1 : i64} : tensor<64xf64>
    %w2_raw = tnp.random.normal seed 0 {stream = 2 : i64} : tensor<64x2xf64>
    %r = call @run(%w1_raw, %bias_raw, %w2_raw)
        : (tensor<32x64xf64>, tensor<64xf64>, tensor<64x2xf64>) -> tensor<2x2xf32>
    return %r : tensor<2x2xf32>
  }

  // The same call with the float64 randn draws as arguments (e.g. NumPy's,
  // to compare with NumPy's result for the same weights).
  func.func @run(%w1_raw: tensor<32x64xf64>, %bias_raw: tensor<64xf64>,
                 %w2_raw: tensor<64x2xf64>) -> tensor<2x2xf32> {
    %w1 = call @init_w1(%w1_raw) : (tensor<32x64xf64>) -> tensor<32x64xf32>
    %bias = tnp.astype %bias_raw : tensor<64xf64> -> tensor<64xf32>
    %w2f = tnp.astype %w2_raw : tensor<64x2xf64> -> tensor<64x2xf32>
    %eight = tnp.constant dense<8> : tensor<si64, #tnp.weak>
    %w2 = tnp.true_divide %w2f, %eight : (tensor<64x2xf32>, tensor<si64, #tnp.weak>) -> tensor<64x2xf32>
    %x = tnp.ones : tensor<2x32xf32>
    %r = call @predict(%x, %w1, %bias, %w2)
        : (tensor<2x32xf32>, tensor<32x64xf32>, tensor<64xf32>, tensor<64x2xf32>) -> tensor<2x2xf32>
    return %r : tensor<2x2xf32>
  }
}
