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
