// float16, bfloat16 and complex math: libm calls and, without F16C, the
// compiler runtime's half-precision conversions.
func.func @h(%x: tensor<8xf16>, %y: tensor<8xbf16>, %z: tensor<8xcomplex<f64>>, %w: tensor<8xcomplex<f32>>) -> (tensor<8xf16>, tensor<8xbf16>, tensor<8xcomplex<f64>>, tensor<8xcomplex<f32>>) {
  %a = tnp.sin %x : (tensor<8xf16>) -> tensor<8xf16>
  %b = tnp.tanh %y : (tensor<8xbf16>) -> tensor<8xbf16>
  %c = tnp.exp %z : (tensor<8xcomplex<f64>>) -> tensor<8xcomplex<f64>>
  %d = tnp.power %w, %w : (tensor<8xcomplex<f32>>, tensor<8xcomplex<f32>>) -> tensor<8xcomplex<f32>>
  return %a, %b, %c, %d : tensor<8xf16>, tensor<8xbf16>, tensor<8xcomplex<f64>>, tensor<8xcomplex<f32>>
}
