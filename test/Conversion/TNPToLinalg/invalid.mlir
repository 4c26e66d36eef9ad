// RUN: tnp-opt %s -split-input-file -tnp-convert-to-linalg -verify-diagnostics

func.func @not_explicit(%a: tensor<2xsi8>, %b: tensor<2xsi16>) -> tensor<2xsi16> {
  // expected-error @+2 {{is not in the explicit-dtypes form}}
  // expected-error @+1 {{failed to legalize operation 'tnp.add'}}
  %r = tnp.add %a, %b : (tensor<2xsi8>, tensor<2xsi16>) -> tensor<2xsi16>
  return %r : tensor<2xsi16>
}

// -----

func.func @sparse_constant() -> tensor<2x2xf32> {
  // expected-error @+2 {{unsupported error: a constant that is not a dense elements attribute}}
  // expected-error @+1 {{failed to legalize operation 'tnp.constant'}}
  %r = tnp.constant sparse<[[0, 1]], [5.0]> : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// -----

// Operands of another dtype than the one the op computes in: the lowering
// expects the explicit-dtypes form (tnp-make-casts-explicit was not run).
func.func @concatenate_not_explicit(%a: tensor<2xsi32>, %b: tensor<1xf32>) -> tensor<3xf64> {
  // expected-error @+2 {{is not in the explicit-dtypes form (operand of dtype int32 (2,), the op computes in float64); run tnp-make-casts-explicit first}}
  // expected-error @+1 {{failed to legalize operation 'tnp.concatenate'}}
  %r = tnp.concatenate %a, %b axis 0 : (tensor<2xsi32>, tensor<1xf32>) -> tensor<3xf64>
  return %r : tensor<3xf64>
}

// -----

func.func @where_not_explicit(%c: tensor<2xi1>, %x: tensor<2xsi8>, %y: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{is not in the explicit-dtypes form (operand of dtype int8 (2,), the op computes in float32); run tnp-make-casts-explicit first}}
  // expected-error @+1 {{failed to legalize operation 'tnp.where'}}
  %r = tnp.where %c, %x, %y : (tensor<2xi1>, tensor<2xsi8>, tensor<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @clip_not_explicit(%x: tensor<2xf32>, %lo: tensor<f64>) -> tensor<2xf64> {
  // expected-error @+2 {{is not in the explicit-dtypes form (operand of dtype float32 (2,), the op computes in float64); run tnp-make-casts-explicit first}}
  // expected-error @+1 {{failed to legalize operation 'tnp.clip'}}
  %r = tnp.clip %x min %lo : (tensor<2xf32>, tensor<f64>) -> tensor<2xf64>
  return %r : tensor<2xf64>
}
