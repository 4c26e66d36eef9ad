// RUN: tnp-opt %s | tnp-opt | FileCheck %s
// RUN: tnp-opt %s --mlir-print-op-generic | tnp-opt | FileCheck %s
// Round trip of every tnp op (custom syntax, and through the generic form).
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
// CHECK-LABEL: func @negative
// CHECK: tnp.negative %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @negative(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.negative %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @positive
// CHECK: tnp.positive %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @positive(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.positive %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @abs
// CHECK: tnp.abs %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @abs(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.abs %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @sign
// CHECK: tnp.sign %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sign(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.sign %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @square
// CHECK: tnp.square %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @square(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.square %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @reciprocal
// CHECK: tnp.reciprocal %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @reciprocal(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.reciprocal %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @sqrt
// CHECK: tnp.sqrt %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sqrt(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.sqrt %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @exp
// CHECK: tnp.exp %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @exp(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.exp %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @log
// CHECK: tnp.log %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @log(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.log %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @log1p
// CHECK: tnp.log1p %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @log1p(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.log1p %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @expm1
// CHECK: tnp.expm1 %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @expm1(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.expm1 %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @sin
// CHECK: tnp.sin %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sin(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.sin %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @cos
// CHECK: tnp.cos %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @cos(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.cos %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @tan
// CHECK: tnp.tan %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @tan(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.tan %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @arcsin
// CHECK: tnp.arcsin %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @arcsin(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.arcsin %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @arccos
// CHECK: tnp.arccos %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @arccos(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.arccos %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @arctan
// CHECK: tnp.arctan %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @arctan(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.arctan %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @sinh
// CHECK: tnp.sinh %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sinh(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.sinh %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @cosh
// CHECK: tnp.cosh %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @cosh(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.cosh %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @tanh
// CHECK: tnp.tanh %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @tanh(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.tanh %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @floor
// CHECK: tnp.floor %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @floor(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.floor %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @ceil
// CHECK: tnp.ceil %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @ceil(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.ceil %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @round
// CHECK: tnp.round %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @round(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = tnp.round %a : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @isnan
// CHECK: tnp.isnan %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi1>
func.func @isnan(%a: tensor<2x3xf32>) -> tensor<2x3xi1> {
  %r = tnp.isnan %a : (tensor<2x3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @isinf
// CHECK: tnp.isinf %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi1>
func.func @isinf(%a: tensor<2x3xf32>) -> tensor<2x3xi1> {
  %r = tnp.isinf %a : (tensor<2x3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @isfinite
// CHECK: tnp.isfinite %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi1>
func.func @isfinite(%a: tensor<2x3xf32>) -> tensor<2x3xi1> {
  %r = tnp.isfinite %a : (tensor<2x3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @logical_not
// CHECK: tnp.logical_not %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi1>
func.func @logical_not(%a: tensor<2x3xf32>) -> tensor<2x3xi1> {
  %r = tnp.logical_not %a : (tensor<2x3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @add
// CHECK: tnp.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @add(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @subtract
// CHECK: tnp.subtract %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @subtract(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.subtract %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @multiply
// CHECK: tnp.multiply %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @multiply(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.multiply %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @true_divide
// CHECK: tnp.true_divide %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @true_divide(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.true_divide %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @floor_divide
// CHECK: tnp.floor_divide %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @floor_divide(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.floor_divide %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @mod
// CHECK: tnp.mod %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @mod(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.mod %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @power
// CHECK: tnp.power %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @power(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.power %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @maximum
// CHECK: tnp.maximum %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @maximum(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.maximum %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @minimum
// CHECK: tnp.minimum %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @minimum(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.minimum %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @arctan2
// CHECK: tnp.arctan2 %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @arctan2(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.arctan2 %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
// CHECK-LABEL: func @equal
// CHECK: tnp.equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @equal(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @not_equal
// CHECK: tnp.not_equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @not_equal(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.not_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @less
// CHECK: tnp.less %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @less(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.less %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @less_equal
// CHECK: tnp.less_equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @less_equal(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.less_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @greater
// CHECK: tnp.greater %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @greater(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @greater_equal
// CHECK: tnp.greater_equal %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @greater_equal(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.greater_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @logical_and
// CHECK: tnp.logical_and %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @logical_and(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.logical_and %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @logical_or
// CHECK: tnp.logical_or %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @logical_or(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.logical_or %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @logical_xor
// CHECK: tnp.logical_xor %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
func.func @logical_xor(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xi1> {
  %r = tnp.logical_xor %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  return %r : tensor<2x3xi1>
}
// CHECK-LABEL: func @bitwise_and
// CHECK: tnp.bitwise_and %{{.*}}, %{{.*}} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
func.func @bitwise_and(%a: tensor<4xsi32>, %b: tensor<4xsi32>) -> tensor<4xsi32> {
  %r = tnp.bitwise_and %a, %b : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %r : tensor<4xsi32>
}
// CHECK-LABEL: func @bitwise_or
// CHECK: tnp.bitwise_or %{{.*}}, %{{.*}} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
func.func @bitwise_or(%a: tensor<4xsi32>, %b: tensor<4xsi32>) -> tensor<4xsi32> {
  %r = tnp.bitwise_or %a, %b : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %r : tensor<4xsi32>
}
// CHECK-LABEL: func @bitwise_xor
// CHECK: tnp.bitwise_xor %{{.*}}, %{{.*}} : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
func.func @bitwise_xor(%a: tensor<4xsi32>, %b: tensor<4xsi32>) -> tensor<4xsi32> {
  %r = tnp.bitwise_xor %a, %b : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %r : tensor<4xsi32>
}
// CHECK-LABEL: func @invert
// CHECK: tnp.invert %{{.*}} : (tensor<4xui8>) -> tensor<4xui8>
func.func @invert(%a: tensor<4xui8>) -> tensor<4xui8> {
  %r = tnp.invert %a : (tensor<4xui8>) -> tensor<4xui8>
  return %r : tensor<4xui8>
}
}
