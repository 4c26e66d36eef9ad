// W7 of DESIGN.md section 7: the outer broadcast u[:, None] * v[None, :] + 1.0
// with u, v float32 of 4096 elements (4096x4096 float32 result), exactly as
// ../shared/bench/cpu_peers.py times it. u[:, None] and v[None, :] are
// reshapes (views in NumPy); 1.0 is a weak f64 Python float, so the result
// stays float32. (tnp-case cannot translate `[:, None]` indexing yet, so this
// is written by hand.)
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  func.func @main(%u: tensor<4096xf32>, %v: tensor<4096xf32>) -> tensor<4096x4096xf32> {
    %uc = tnp.reshape %u : tensor<4096xf32> -> tensor<4096x1xf32>
    %vr = tnp.reshape %v : tensor<4096xf32> -> tensor<1x4096xf32>
    %0 = tnp.multiply %uc, %vr : (tensor<4096x1xf32>, tensor<1x4096xf32>) -> tensor<4096x4096xf32>
    %one = tnp.constant dense<1.000000e+00> : tensor<f64, #tnp.weak>
    %1 = tnp.add %0, %one : (tensor<4096x4096xf32>, tensor<f64, #tnp.weak>) -> tensor<4096x4096xf32>
    return %1 : tensor<4096x4096xf32>
  }
}
