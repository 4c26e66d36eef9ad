// RUN: tnp-opt %s -split-input-file -verify-diagnostics
// The answers the tutorial does not print are rejected (see
// tutorial-facts.mlir for the accepted ones).

func.func @int32_plus_float32_is_not_float32(%i32: tensor<si32>, %f32: tensor<f32>) {
  // expected-error @+1 {{inferred type 'tensor<f64>'}}
  %1 = tnp.add %i32, %f32 : (tensor<si32>, tensor<f32>) -> tensor<f32>
  return
}

// -----

module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
func.func @no_float32_literals_without_prefer() {
  // expected-error @+1 {{a weak literal cannot have dtype float32}}
  %one = tnp.constant dense<1.0> : tensor<f32, #tnp.weak>
  return
}
}

// -----

func.func @broadcast_is_not_2x3(%x: tensor<2x3xf64>, %z: tensor<1x2x1xf64>) {
  // expected-error @+1 {{inferred type 'tensor<1x2x3xf64>'}}
  %r = tnp.add %x, %z : (tensor<2x3xf64>, tensor<1x2x1xf64>) -> tensor<2x3xf64>
  return
}
