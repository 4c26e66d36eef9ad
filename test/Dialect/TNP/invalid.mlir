// RUN: tnp-opt %s -split-input-file -verify-diagnostics

func.func @broadcast_mismatch(%a: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{broadcast error: operands could not be broadcast together with shapes (3,) (4,)}}
  %r = tnp.add %a, %b : (tensor<3xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

func.func @broadcast_zero_vs_two(%a: tensor<0xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{broadcast error}}
  %r = tnp.add %a, %b : (tensor<0xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

module attributes {tnp.dtype_conversion_mode = "safe"} {
func.func @safe_violation(%a: tensor<2xsi8>, %b: tensor<2xui32>) -> tensor<2xsi64> {
  // expected-error @+1 {{dtype error}}
  %r = tnp.add %a, %b : (tensor<2xsi8>, tensor<2xui32>) -> tensor<2xsi64>
  return %r : tensor<2xsi64>
}
}

// -----

module attributes {tnp.dtype_conversion_mode = "safe"} {
func.func @safe_weak_float(%a: tensor<2xsi32>) -> tensor<2xf64, #tnp.weak> {
  %c = tnp.constant dense<1.5> : tensor<f32, #tnp.weak>
  // expected-error @+1 {{dtype error}}
  %r = tnp.add %a, %c : (tensor<2xsi32>, tensor<f32, #tnp.weak>) -> tensor<2xf64, #tnp.weak>
  return %r : tensor<2xf64, #tnp.weak>
}
}

// -----

func.func @no_loop_subtract_bool(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{dtype error: numpy boolean subtract, the `-` operator, is not supported}}
  %r = tnp.subtract %a, %a : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %r : tensor<2xi1>
}

// -----

func.func @no_loop_bitwise_float(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{dtype error: ufunc 'bitwise_and'}}
  %r = tnp.bitwise_and %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @no_loop_floor_divide_complex(%a: tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>> {
  // expected-error @+1 {{dtype error: ufunc 'floor_divide'}}
  %r = tnp.floor_divide %a, %a : (tensor<2xcomplex<f32>>, tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>>
  return %r : tensor<2xcomplex<f32>>
}

// -----

func.func @wrong_result_dtype(%a: tensor<2xsi8>) -> tensor<2xf32> {
  // expected-error @+1 {{result type 'tensor<2xf32>' does not match the inferred type 'tensor<2xf16>'}}
  %r = tnp.sqrt %a : (tensor<2xsi8>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @illegal_dtype(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @+1 {{dtype error: illegal dtype 'i32'}}
  %r = tnp.negative %a : (tensor<2xi32>) -> tensor<2xi32>
  return %r : tensor<2xi32>
}

// -----

func.func @illegal_dtype_f8(%a: tensor<2xf8E4M3FN>) -> tensor<2xf8E4M3FN> {
  // expected-error @+1 {{illegal dtype}}
  %r = tnp.negative %a : (tensor<2xf8E4M3FN>) -> tensor<2xf8E4M3FN>
  return %r : tensor<2xf8E4M3FN>
}

// -----

func.func @unknown_encoding(%a: tensor<2xf32, "foo">) -> tensor<2xf32> {
  // expected-error @+1 {{unknown tensor encoding}}
  %r = tnp.negative %a : (tensor<2xf32, "foo">) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @bad_axis(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{axis error: axis 2 is out of bounds for array of dimension 2}}
  %r = tnp.sum %a axis [2] : tensor<2x3xf32> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @repeated_axis(%a: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{axis error: repeated axis}}
  %r = tnp.sum %a axis [1, -1] : tensor<2x3xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

func.func @reduction_dtype(%a: tensor<2xsi8>) -> tensor<si8> {
  // expected-error @+1 {{does not match the inferred type 'tensor<si64>'}}
  %r = tnp.sum %a : tensor<2xsi8> -> tensor<si8>
  return %r : tensor<si8>
}

// -----

func.func @empty_max(%a: tensor<0x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{reduction error: zero-size array to reduction operation maximum which has no identity}}
  %r = tnp.max %a : tensor<0x3xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

func.func @empty_argmin(%a: tensor<2x0xf32>) -> tensor<2xsi64> {
  // expected-error @+1 {{reduction error}}
  %r = tnp.argmin %a axis 1 : tensor<2x0xf32> -> tensor<2xsi64>
  return %r : tensor<2xsi64>
}

// -----

func.func @bad_reshape(%a: tensor<6xsi32>) -> tensor<4xsi32> {
  // expected-error @+1 {{shape error: cannot reshape array of size 6 into shape (4,)}}
  %r = tnp.reshape %a : tensor<6xsi32> -> tensor<4xsi32>
  return %r : tensor<4xsi32>
}

// -----

func.func @reshape_dtype(%a: tensor<6xsi32>) -> tensor<2x3xsi64> {
  // expected-error @+1 {{dtype error: the result dtype}}
  %r = tnp.reshape %a : tensor<6xsi32> -> tensor<2x3xsi64>
  return %r : tensor<2x3xsi64>
}

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{shape error: matmul}}
  %r = tnp.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %r : tensor<2x5xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x5xf32>) -> tensor<3x2x5xf32> {
  // expected-error @+1 {{broadcast error}}
  %r = tnp.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x5xf32>) -> tensor<3x2x5xf32>
  return %r : tensor<3x2x5xf32>
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{value error}}
  %r = tnp.matmul %a, %b : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @dot_mismatch(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{shape error}}
  %r = tnp.dot %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @transpose_repeated(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis error}}
  %r = tnp.transpose %a [0, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

func.func @transpose_shape(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{shape error: transposing (2, 3)}}
  %r = tnp.transpose %a [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

func.func @bad_broadcast_to(%a: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{broadcast error}}
  %r = tnp.broadcast_to %a : tensor<3xf32> -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

func.func @astype_shape(%a: tensor<3xf32>) -> tensor<4xsi32> {
  // expected-error @+1 {{shape error: astype keeps the shape}}
  %r = tnp.astype %a : tensor<3xf32> -> tensor<4xsi32>
  return %r : tensor<4xsi32>
}

// -----

func.func @weak_literal_dtype() -> tensor<si8, #tnp.weak> {
  // expected-error @+1 {{a weak literal cannot have dtype int8 in promotion mode legacy}}
  %c = tnp.constant dense<1> : tensor<si8, #tnp.weak>
  return %c : tensor<si8, #tnp.weak>
}

// -----

module attributes {tnp.dtype_conversion_mode = "all"} {
func.func @weak_literal_dtype_auto() -> tensor<si64, #tnp.weak> {
  %ok = tnp.constant dense<1> : tensor<si32, #tnp.weak>
  // expected-error @+1 {{a weak literal cannot have dtype uint64 in promotion mode all}}
  %c = tnp.constant dense<1> : tensor<ui64, #tnp.weak>
  return %ok : tensor<si32, #tnp.weak>
}
}

// -----

func.func @weak_matrix() -> tensor<2x2xsi64, #tnp.weak> {
  // expected-error @+1 {{must be 0-d or 1-d}}
  %c = tnp.constant dense<1> : tensor<2x2xsi64, #tnp.weak>
  return %c : tensor<2x2xsi64, #tnp.weak>
}

// -----

func.func @arange_zero_step() -> tensor<0xsi64> {
  // expected-error @+1 {{value error: arange: step must not be zero}}
  %r = tnp.arange 0, 5, 0 : tensor<0xsi64>
  return %r : tensor<0xsi64>
}

// -----

func.func @arange_length() -> tensor<4xsi64> {
  // expected-error @+1 {{shape error: arange(0, 5, 2) has 3 elements, but the result type has 4}}
  %r = tnp.arange 0, 5, 2 : tensor<4xsi64>
  return %r : tensor<4xsi64>
}

// -----

func.func @dynamic_sizes(%n: index) -> tensor<?x?xf64> {
  // expected-error @+1 {{expects one size operand per dynamic dimension}}
  %r = tnp.zeros(%n) : tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

// -----

func.func @full_nonscalar(%v: tensor<2xf64>) -> tensor<2xf64> {
  // expected-error @+1 {{value error: the fill value must be 0-d}}
  %r = tnp.full %v : tensor<2xf64> -> tensor<2xf64>
  return %r : tensor<2xf64>
}

// -----

func.func @like_shape(%a: tensor<2xf64>) -> tensor<3xf64> {
  // expected-error @+1 {{shape error: result shape (3,) differs from the input shape (2,)}}
  %r = tnp.zeros_like %a : tensor<2xf64> -> tensor<3xf64>
  return %r : tensor<3xf64>
}

// -----

func.func @eye_rank() -> tensor<3xf64> {
  // expected-error @+1 {{expects a static 2-D result}}
  %r = tnp.eye : tensor<3xf64>
  return %r : tensor<3xf64>
}

// -----

// expected-error @+1 {{'tnp.dtype_conversion_mode' must be one of "legacy", "all", "safe"}}
module attributes {tnp.dtype_conversion_mode = "fast"} {
}

// -----

// expected-error @+1 {{'tnp.prefer_float32' must be a bool attribute}}
module attributes {tnp.prefer_float32 = 1 : i64} {
}

// -----

func.func @attr_on_func() attributes {tnp.dtype_conversion_mode = "all"} {
  // expected-error @-1 {{'tnp.dtype_conversion_mode' belongs on the builtin.module}}
  return
}

// -----

func.func @unranked(%a: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{must be ranked tensor}}
  %r = tnp.negative %a : (tensor<*xf32>) -> tensor<*xf32>
  return %r : tensor<*xf32>
}

// -----

func.func @constant_encoding_mismatch() -> tensor<si64, #tnp.weak> {
  // expected-error @+1 {{value type 'tensor<si64>' does not match the result type 'tensor<si64, #tnp.weak>'}}
  %c = "tnp.constant"() {value = dense<1> : tensor<si64>} : () -> tensor<si64, #tnp.weak>
  return %c : tensor<si64, #tnp.weak>
}

// -----

func.func @reshape_static_into_unknown(%a: tensor<6xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{shape error: cannot reshape array of size 6}}
  %r = tnp.reshape %a : tensor<6xf32> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

func.func @broadcast_to_undetermined(%a: tensor<3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{broadcast error: result dim 0 is dynamic but no dynamic input dim determines it}}
  %r = tnp.broadcast_to %a : tensor<3xf32> -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// -----

func.func @reshape_sizes_count(%a: tensor<?xf32>, %n: index) -> tensor<?x?xf32> {
  // expected-error @+1 {{expects one size operand per dynamic dimension of the result (2), got 1}}
  %r = tnp.reshape %a[%n] : tensor<?xf32> -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

func.func @reshape_two_unknowns(%a: tensor<?xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{value error: can only specify one unknown dimension, got (?, ?) (pass the run-time sizes as operands)}}
  %r = tnp.reshape %a : tensor<?xf32> -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// -----

func.func @broadcast_to_sizes_count(%a: tensor<3xf32>, %n: index) -> tensor<?x3xf32> {
  // expected-error @+1 {{expects one size operand per dynamic dimension of the result (1), got 2}}
  %r = tnp.broadcast_to %a[%n, %n] : tensor<3xf32> -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// -----

func.func @broadcast_to_sizes_static_mismatch(%a: tensor<3xf32>, %n: index) -> tensor<?x4xf32> {
  // expected-error @+1 {{broadcast error: operands could not be broadcast together with remapped shapes [original->remapped]: (3,)  and requested shape (?,4)}}
  %r = tnp.broadcast_to %a[%n] : tensor<3xf32> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

func.func @arange_bool_bound() -> tensor<5xsi64> {
  // expected-error @+1 {{attribute 'step' failed to satisfy constraint}}
  %r = "tnp.arange"() {start = 0 : i64, stop = 5 : i64, step = true} : () -> tensor<5xsi64>
  return %r : tensor<5xsi64>
}

// -----

func.func @random_int() -> tensor<3xsi32> {
  // expected-error @+1 {{dtype error: random numbers are float16, bfloat16, float32 or float64, got int32}}
  %r = tnp.random.uniform seed 1 : tensor<3xsi32>
  return %r : tensor<3xsi32>
}

// -----

func.func @random_negative_scale() -> tensor<3xf64> {
  // expected-error @+1 {{value error: scale < 0}}
  %r = tnp.random.normal seed 1 {stddev = -1.0 : f64} : tensor<3xf64>
  return %r : tensor<3xf64>
}

// -----

func.func @random_sizes(%n: index) -> tensor<?x?xf64> {
  // expected-error @+1 {{expects one size operand per dynamic dimension}}
  %r = tnp.random.normal seed 1(%n) : tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

// -----

func.func @random_inf_bounds() -> tensor<3xf64> {
  // expected-error @+1 {{value error: low and high must be finite}}
  %r = tnp.random.uniform seed 1 {high = 0x7FF0000000000000 : f64} : tensor<3xf64>
  return %r : tensor<3xf64>
}

// -----

func.func @index_out_of_bounds(%x: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{index error: index 5 is out of bounds for axis 0 with size 3}}
  %r = tnp.index %x [5] : tensor<3xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

func.func @index_negative_out_of_bounds(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{index error: index -4 is out of bounds for axis 1 with size 3}}
  %r = tnp.index %x [:, -4] : tensor<2x3xf32> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @index_step_zero(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{value error: slice step cannot be zero}}
  %r = tnp.index %x [::0] : tensor<3xf32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @index_too_many(%x: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{index error: too many indices for array: array is 1-dimensional, but 2 were indexed}}
  %r = tnp.index %x [0, 1] : tensor<3xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

func.func @index_float(%x: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{index error: only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices}}
  %r = tnp.index %x [1.5 : f64] : tensor<3xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// -----

func.func @index_two_ellipses(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{index error: an index can only have a single ellipsis ('...')}}
  %r = tnp.index %x [..., ...] : tensor<3xf32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @index_wrong_type(%x: tensor<5xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{result type 'tensor<3xf32>' does not match the inferred type 'tensor<2xf32>'}}
  %r = tnp.index %x [1:5:2] : tensor<5xf32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @expand_dims_bad_axis(%a: tensor<2x3xf32>) -> tensor<2x3x1xf32> {
  // expected-error @+1 {{axis error: axis 3 is out of bounds for array of dimension 3}}
  %r = tnp.expand_dims %a [3] : tensor<2x3xf32> -> tensor<2x3x1xf32>
  return %r : tensor<2x3x1xf32>
}

// -----

func.func @expand_dims_repeated(%a: tensor<2x3xf32>) -> tensor<1x1x2x3xf32> {
  // expected-error @+1 {{axis error: repeated axis}}
  %r = tnp.expand_dims %a [0, 0] : tensor<2x3xf32> -> tensor<1x1x2x3xf32>
  return %r : tensor<1x1x2x3xf32>
}

// -----

func.func @expand_dims_not_normalized(%a: tensor<2x3xf32>) -> tensor<2x3x1xf32> {
  // expected-error @+1 {{the axes must be normalized (sorted, 0 <= axis < 3), got array<i64: -1>}}
  %r = tnp.expand_dims %a [-1] : tensor<2x3xf32> -> tensor<2x3x1xf32>
  return %r : tensor<2x3x1xf32>
}

// -----

func.func @expand_dims_shape(%a: tensor<2x3xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{shape error: expand_dims gives (2, 1, 3), but the result is float32 (1, 2, 3)}}
  %r = tnp.expand_dims %a [1] : tensor<2x3xf32> -> tensor<1x2x3xf32>
  return %r : tensor<1x2x3xf32>
}

// -----

func.func @expand_dims_dtype(%a: tensor<2x3xf32>) -> tensor<2x1x3xf64> {
  // expected-error @+1 {{dtype error: the result dtype}}
  %r = tnp.expand_dims %a [1] : tensor<2x3xf32> -> tensor<2x1x3xf64>
  return %r : tensor<2x1x3xf64>
}

// -----

func.func @squeeze_not_one(%a: tensor<1x3x1xsi32>) -> tensor<1x1xsi32> {
  // expected-error @+1 {{shape error: cannot select an axis to squeeze out which has size not equal to one (axis 1 of shape (1, 3, 1))}}
  %r = tnp.squeeze %a [1] : tensor<1x3x1xsi32> -> tensor<1x1xsi32>
  return %r : tensor<1x1xsi32>
}

// -----

func.func @squeeze_bad_axis(%a: tensor<1x3x1xsi32>) -> tensor<1x3x1xsi32> {
  // expected-error @+1 {{axis error: axis 3 is out of bounds for array of dimension 3}}
  %r = tnp.squeeze %a [3] : tensor<1x3x1xsi32> -> tensor<1x3x1xsi32>
  return %r : tensor<1x3x1xsi32>
}

// -----

func.func @squeeze_duplicate(%a: tensor<1x3x1xsi32>) -> tensor<3x1xsi32> {
  // expected-error @+1 {{axis error: duplicate value in 'axis'}}
  %r = tnp.squeeze %a [0, 0] : tensor<1x3x1xsi32> -> tensor<3x1xsi32>
  return %r : tensor<3x1xsi32>
}

// -----

func.func @squeeze_not_normalized(%a: tensor<1x3x1xsi32>) -> tensor<1x3xsi32> {
  // expected-error @+1 {{the axes must be normalized (sorted, 0 <= axis < 3), got array<i64: -1>}}
  %r = tnp.squeeze %a [-1] : tensor<1x3x1xsi32> -> tensor<1x3xsi32>
  return %r : tensor<1x3xsi32>
}

// -----

func.func @squeeze_shape(%a: tensor<1x3x1xsi32>) -> tensor<3xsi32> {
  // expected-error @+1 {{shape error: squeeze gives (3, 1), but the result is int32 (3,)}}
  %r = tnp.squeeze %a [0] : tensor<1x3x1xsi32> -> tensor<3xsi32>
  return %r : tensor<3xsi32>
}

// -----

func.func @concatenate_mismatch(%a: tensor<2x3xsi32>, %b: tensor<2x4xsi32>) -> tensor<4x3xsi32> {
  // expected-error @+1 {{shape error: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 4}}
  %r = tnp.concatenate %a, %b axis 0 : (tensor<2x3xsi32>, tensor<2x4xsi32>) -> tensor<4x3xsi32>
  return %r : tensor<4x3xsi32>
}

// -----

func.func @concatenate_rank(%a: tensor<2x3xsi32>, %b: tensor<3xsi32>) -> tensor<5x3xsi32> {
  // expected-error @+1 {{shape error: all the input arrays must have same number of dimensions, but the array at index 0 has 2 dimension(s) and the array at index 1 has 1 dimension(s)}}
  %r = tnp.concatenate %a, %b axis 0 : (tensor<2x3xsi32>, tensor<3xsi32>) -> tensor<5x3xsi32>
  return %r : tensor<5x3xsi32>
}

// -----

func.func @concatenate_0d(%a: tensor<si32>) -> tensor<2xsi32> {
  // expected-error @+1 {{value error: zero-dimensional arrays cannot be concatenated}}
  %r = tnp.concatenate %a, %a axis 0 : (tensor<si32>, tensor<si32>) -> tensor<2xsi32>
  return %r : tensor<2xsi32>
}

// -----

func.func @concatenate_none() -> tensor<0xsi32> {
  // expected-error @+1 {{value error: need at least one array to concatenate}}
  %r = tnp.concatenate axis 0 : () -> tensor<0xsi32>
  return %r : tensor<0xsi32>
}

// -----

func.func @concatenate_bad_axis(%a: tensor<2x3xsi32>) -> tensor<2x6xsi32> {
  // expected-error @+1 {{axis error: axis 2 is out of bounds for array of dimension 2}}
  %r = tnp.concatenate %a, %a axis 2 : (tensor<2x3xsi32>, tensor<2x3xsi32>) -> tensor<2x6xsi32>
  return %r : tensor<2x6xsi32>
}

// -----

func.func @concatenate_not_normalized(%a: tensor<2x3xsi32>) -> tensor<2x6xsi32> {
  // expected-error @+1 {{the axis must be normalized (0 <= axis < 2), got -1}}
  %r = tnp.concatenate %a, %a axis -1 : (tensor<2x3xsi32>, tensor<2x3xsi32>) -> tensor<2x6xsi32>
  return %r : tensor<2x6xsi32>
}

// -----

// The result dtype is the promotion of the inputs.
func.func @concatenate_dtype(%a: tensor<2xsi32>, %b: tensor<1xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{result type 'tensor<3xf32>' does not match the inferred type 'tensor<3xf64>' (float64 (3,))}}
  %r = tnp.concatenate %a, %b axis 0 : (tensor<2xsi32>, tensor<1xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @stack_mismatch(%a: tensor<2x3xsi32>, %b: tensor<3x2xsi32>) -> tensor<2x2x3xsi32> {
  // expected-error @+1 {{shape error: all input arrays must have the same shape (got (2,3) (3,2))}}
  %r = tnp.stack %a, %b axis 0 : (tensor<2x3xsi32>, tensor<3x2xsi32>) -> tensor<2x2x3xsi32>
  return %r : tensor<2x2x3xsi32>
}

// -----

func.func @stack_none() -> tensor<0xsi32> {
  // expected-error @+1 {{value error: need at least one array to stack}}
  %r = tnp.stack axis 0 : () -> tensor<0xsi32>
  return %r : tensor<0xsi32>
}

// -----

func.func @stack_bad_axis(%a: tensor<2x3xsi32>) -> tensor<2x3x2xsi32> {
  // expected-error @+1 {{axis error: axis 3 is out of bounds for array of dimension 3}}
  %r = tnp.stack %a, %a axis 3 : (tensor<2x3xsi32>, tensor<2x3xsi32>) -> tensor<2x3x2xsi32>
  return %r : tensor<2x3x2xsi32>
}

// -----

func.func @stack_not_normalized(%a: tensor<2x3xsi32>) -> tensor<2x3x2xsi32> {
  // expected-error @+1 {{the axis must be normalized (0 <= axis < 3), got -1}}
  %r = tnp.stack %a, %a axis -1 : (tensor<2x3xsi32>, tensor<2x3xsi32>) -> tensor<2x3x2xsi32>
  return %r : tensor<2x3x2xsi32>
}

// -----

func.func @split_unequal(%a: tensor<7xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{value error: array split does not result in an equal division (7 into 3 sections)}}
  %r:3 = tnp.split %a sections 3 axis 0 : tensor<7xf32> -> tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r#0 : tensor<2xf32>
}

// -----

func.func @split_zero(%a: tensor<7xf32>) -> () {
  // expected-error @+1 {{value error: number sections must be larger than 0.}}
  "tnp.split"(%a) <{axis = 0 : i64, sections = 0 : i64}> : (tensor<7xf32>) -> ()
  return
}

// -----

func.func @split_bad_axis(%a: tensor<7xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{axis error: axis 1 is out of bounds for array of dimension 1}}
  %r = tnp.split %a sections 1 axis 1 : tensor<7xf32> -> tensor<7xf32>
  return %r : tensor<7xf32>
}

// -----

func.func @split_both(%a: tensor<7xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{expects exactly one of `sections` and `indices`}}
  %r = tnp.split %a sections 1 indices [] axis 0 : tensor<7xf32> -> tensor<7xf32>
  return %r : tensor<7xf32>
}

// -----

func.func @split_count(%a: tensor<6xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{shape error: the split gives 2 pieces, but the op has 1 results}}
  %r = tnp.split %a sections 2 axis 0 : tensor<6xf32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @split_piece(%a: tensor<7xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{result #1 has type 'tensor<2xf32>', but the split gives 'tensor<3xf32>' (float32 (3,))}}
  %r:3 = tnp.split %a indices [2, 5] axis 0 : tensor<7xf32> -> tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r#0 : tensor<2xf32>
}

// -----

func.func @where_broadcast(%c: tensor<3xi1>, %x: tensor<4xsi32>, %y: tensor<si32>) -> tensor<4xsi32> {
  // expected-error @+1 {{broadcast error: operands could not be broadcast together with shapes (3,) (4,) ()}}
  %r = tnp.where %c, %x, %y : (tensor<3xi1>, tensor<4xsi32>, tensor<si32>) -> tensor<4xsi32>
  return %r : tensor<4xsi32>
}

// -----

func.func @where_dtype(%c: tensor<3xi1>, %x: tensor<3xsi8>, %y: tensor<3xui8>) -> tensor<3xsi8> {
  // expected-error @+1 {{result type 'tensor<3xsi8>' does not match the inferred type 'tensor<3xsi16>' (int16 (3,))}}
  %r = tnp.where %c, %x, %y : (tensor<3xi1>, tensor<3xsi8>, tensor<3xui8>) -> tensor<3xsi8>
  return %r : tensor<3xsi8>
}

// -----

module attributes {tnp.dtype_conversion_mode = "safe"} {
func.func @where_safe(%c: tensor<2xi1>, %x: tensor<2xsi8>) -> tensor<2xf64> {
  %y = tnp.constant dense<1.5> : tensor<f32, #tnp.weak>
  // expected-error @+1 {{dtype error}}
  %r = tnp.where %c, %x, %y : (tensor<2xi1>, tensor<2xsi8>, tensor<f32, #tnp.weak>) -> tensor<2xf64>
  return %r : tensor<2xf64>
}
}

// -----

func.func @clip_no_bound(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{value error: One of max or min must be given}}
  %r = tnp.clip %x : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// clip(bool, 0, 1) is int64 (the literals promote).
func.func @clip_bool_literals(%x: tensor<3xi1>) -> tensor<3xi1> {
  %lo = tnp.constant dense<0> : tensor<si64, #tnp.weak>
  %hi = tnp.constant dense<1> : tensor<si64, #tnp.weak>
  // expected-error @+1 {{result type 'tensor<3xi1>' does not match the inferred type 'tensor<3xsi64>' (int64 (3,))}}
  %r = tnp.clip %x min %lo max %hi : (tensor<3xi1>, tensor<si64, #tnp.weak>, tensor<si64, #tnp.weak>) -> tensor<3xi1>
  return %r : tensor<3xi1>
}

// -----

func.func @clip_broadcast(%x: tensor<3xf32>, %lo: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{broadcast error: operands could not be broadcast together with shapes (3,) (4,)}}
  %r = tnp.clip %x min %lo : (tensor<3xf32>, tensor<4xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @mask_wrong_shape(%x: tensor<3x4xf32>, %m: tensor<2xi1>) -> tensor<?x4xf32> {
  // expected-error @+1 {{index error: boolean index did not match indexed array along dimension 0; dimension is 3 but corresponding boolean dimension is 2}}
  %r = tnp.mask_select %x [%m] at 0 : tensor<3x4xf32>, tensor<2xi1> -> tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

func.func @mask_not_bool(%x: tensor<3xf32>, %m: tensor<3xsi32>) -> tensor<?xf32> {
  // expected-error @+1 {{index error: a boolean mask must have dtype bool, not}}
  %r = tnp.mask_select %x [%m] at 0 : tensor<3xf32>, tensor<3xsi32> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

func.func @mask_too_many(%x: tensor<3xf32>, %m: tensor<3x1xi1>) -> tensor<?xf32> {
  // expected-error @+1 {{index error: too many indices for array: array is 1-dimensional, but 2 were indexed}}
  %r = tnp.mask_select %x [%m] at 0 : tensor<3xf32>, tensor<3x1xi1> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

func.func @mask_result_type(%x: tensor<3x4xf32>, %m: tensor<3xi1>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'tnp.mask_select' op result type 'tensor<2x4xf32>' does not match the inferred type 'tensor<?x4xf32>'}}
  %r = tnp.mask_select %x [%m] at 0 : tensor<3x4xf32>, tensor<3xi1> -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

func.func @gather_float_index(%x: tensor<3xf32>, %i: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{index error: arrays used as indices must be of integer (or boolean) type}}
  %r = tnp.gather %x [%i] dims [0] at 0 : tensor<3xf32>, tensor<2xf32> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @gather_no_broadcast(%x: tensor<3x4xf32>, %i: tensor<2xsi64>, %j: tensor<3xsi64>) -> tensor<2xf32> {
  // expected-error @+1 {{index error: shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,)}}
  %r = tnp.gather %x [%i, %j] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<2xsi64>, tensor<3xsi64> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @gather_dims_count(%x: tensor<3x4xf32>, %i: tensor<2xsi64>) -> tensor<2xf32> {
  // expected-error @+1 {{index error: gather needs one input dim per index array}}
  %r = tnp.gather %x [%i] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<2xsi64> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @gather_dims_order(%x: tensor<3x4xf32>, %i: tensor<2xsi64>) -> tensor<2xf32> {
  // expected-error @+1 {{index error: gather dims must be strictly increasing input dims}}
  %r = tnp.gather %x [%i, %i] dims [1, 0] at 0 : tensor<3x4xf32>, tensor<2xsi64>, tensor<2xsi64> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @gather_dim_range(%x: tensor<3xf32>, %i: tensor<2xsi64>) -> tensor<2xf32> {
  // expected-error @+1 {{index error: too many indices for array: array is 1-dimensional, but 2 were indexed}}
  %r = tnp.gather %x [%i] dims [1] at 0 : tensor<3xf32>, tensor<2xsi64> -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

func.func @gather_position(%x: tensor<3x4xf32>, %i: tensor<2xsi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{index error: gather position 2 is not in [0, 1]}}
  %r = tnp.gather %x [%i] dims [0] at 2 : tensor<3x4xf32>, tensor<2xsi64> -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

func.func @gather_result_type(%x: tensor<3x4xf32>, %i: tensor<2xsi64>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'tnp.gather' op result type 'tensor<4x2xf32>' does not match the inferred type 'tensor<2x4xf32>'}}
  %r = tnp.gather %x [%i] dims [0] at 0 : tensor<3x4xf32>, tensor<2xsi64> -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

func.func @gather_mask_dim(%x: tensor<3x4xf32>, %m: tensor<3xi1>, %n: tensor<3xi1>) -> tensor<?xf32> {
  // expected-error @+1 {{index error: boolean index did not match indexed array along dimension 1; dimension is 4 but corresponding boolean dimension is 3}}
  %r = tnp.gather %x [%m, %n] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<3xi1>, tensor<3xi1> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

func.func @gather_mask_overlap(%x: tensor<3x4xf32>, %m: tensor<3x4xi1>, %i: tensor<2xsi64>) -> tensor<?xf32> {
  // expected-error @+1 {{index error: gather dims must be strictly increasing input dims (a mask covers as many dims as its rank)}}
  %r = tnp.gather %x [%m, %i] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<3x4xi1>, tensor<2xsi64> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

func.func @gather_mask_too_many(%x: tensor<3x4xf32>, %m: tensor<3x4xi1>, %i: tensor<2xsi64>) -> tensor<?xf32> {
  // expected-error @+1 {{index error: too many indices for array: array is 2-dimensional, but 3 were indexed}}
  %r = tnp.gather %x [%i, %m] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<2xsi64>, tensor<3x4xi1> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

func.func @gather_mask_0d(%x: tensor<3x4xf32>, %m: tensor<i1>, %i: tensor<2xsi64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{index error: a boolean mask of gather must have a rank of at least 1}}
  %r = tnp.gather %x [%m, %i] dims [0, 1] at 0 : tensor<3x4xf32>, tensor<i1>, tensor<2xsi64> -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

func.func @gather_mask_static_bcast(%x: tensor<3x4x5xf32>, %m: tensor<3xi1>, %i: tensor<2xsi64>, %j: tensor<3xsi64>) -> tensor<?xf32> {
  // expected-error @+1 {{index error: shape mismatch: indexing arrays could not be broadcast together with shapes (?,) (2,) (3,)}}
  %r = tnp.gather %x [%m, %i, %j] dims [0, 1, 2] at 0 : tensor<3x4x5xf32>, tensor<3xi1>, tensor<2xsi64>, tensor<3xsi64> -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

func.func @update_mode(%x: tensor<3xf32>, %v: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+1 {{'tnp.index_update' op mode must be "set" or "add", not "mul"}}
  %r = tnp.index_update %x [1:] "mul" %v : tensor<3xf32>, tensor<f32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @update_result(%x: tensor<3xf32>, %v: tensor<f32>) -> tensor<3xf64> {
  // expected-error @+1 {{'tnp.index_update' op result type 'tensor<3xf64>' must be the input type 'tensor<3xf32>'}}
  %r = tnp.index_update %x [1:] "set" %v : tensor<3xf32>, tensor<f32> -> tensor<3xf64>
  return %r : tensor<3xf64>
}

// -----

func.func @update_broadcast(%x: tensor<3x4xf32>, %v: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{broadcast error: could not broadcast input array from shape (3,) into shape (2, 4)}}
  %r = tnp.index_update %x [1:] "set" %v : tensor<3x4xf32>, tensor<3xf32> -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @update_rank(%x: tensor<3xf32>, %v: tensor<1x2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{broadcast error: could not broadcast input array from shape (1, 2) into shape (2,)}}
  %r = tnp.index_update %x [1:] "set" %v : tensor<3xf32>, tensor<1x2xf32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @update_index(%x: tensor<3xf32>, %v: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+1 {{index error: index 3 is out of bounds for axis 0 with size 3}}
  %r = tnp.index_update %x [3] "set" %v : tensor<3xf32>, tensor<f32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @scatter_broadcast(%x: tensor<3x4xf32>, %i: tensor<2xsi64>, %v: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{broadcast error: could not broadcast input array from shape (3,) into shape (2, 4)}}
  %r = tnp.scatter %x [%i] dims [0] at 0 "set" %v : tensor<3x4xf32>, (tensor<2xsi64>), tensor<3xf32> -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

// -----

func.func @scatter_float_index(%x: tensor<3xf32>, %i: tensor<2xf32>, %v: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+1 {{index error: arrays used as indices must be of integer (or boolean) type}}
  %r = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<3xf32>, (tensor<2xf32>), tensor<f32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

func.func @scatter_mode(%x: tensor<3xf32>, %i: tensor<2xsi64>, %v: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+1 {{'tnp.scatter' op mode must be "set" or "add", not "max"}}
  %r = tnp.scatter %x [%i] dims [0] at 0 "max" %v : tensor<3xf32>, (tensor<2xsi64>), tensor<f32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}
