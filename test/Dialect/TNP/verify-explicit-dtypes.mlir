// RUN: tnp-opt %s -split-input-file -tnp-verify-explicit-dtypes -verify-diagnostics

func.func @implicit_promotion(%x: tensor<2xsi8>, %y: tensor<2xsi16>) -> tensor<2xsi16> {
  // expected-error @+1 {{is not in the explicit-dtypes form: operand #0 is int8 (2,) but the op computes in int16}}
  %r = tnp.add %x, %y : (tensor<2xsi8>, tensor<2xsi16>) -> tensor<2xsi16>
  return %r : tensor<2xsi16>
}

// -----

func.func @implicit_sum_widening(%x: tensor<2xsi8>) -> tensor<si64> {
  // expected-error @+1 {{operand #0 is int8 (2,) but the op computes in int64}}
  %r = tnp.sum %x : tensor<2xsi8> -> tensor<si64>
  return %r : tensor<si64>
}

// -----

func.func @weak_literal_operand(%x: tensor<2xsi64>) -> tensor<2xsi64> {
  %c = tnp.constant dense<2> : tensor<si64, #tnp.weak>
  // expected-error @+1 {{operand #1 is int64* () but the op computes in int64}}
  %r = tnp.add %x, %c : (tensor<2xsi64>, tensor<si64, #tnp.weak>) -> tensor<2xsi64>
  return %r : tensor<2xsi64>
}
