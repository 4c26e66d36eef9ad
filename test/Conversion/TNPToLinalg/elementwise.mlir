// RUN: tnp-opt %s -split-input-file -tnp-convert-to-linalg -tnp-verify-linalg-contract | FileCheck %s

// Broadcasting is in the indexing maps: the (3,) operand is read with
// (d0, d1) -> (d1), the 0-d one with () results; nothing is materialized.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @broadcast_add
// CHECK-SAME: (%[[A:[^:]*]]: tensor<2x3xf32> {bufferization.writable = false}, %[[B:[^:]*]]: tensor<3xf32> {bufferization.writable = false}) -> tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>)
// CHECK: arith.addf
func.func @broadcast_add(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %r = tnp.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// Signed floor division: the divisor is guarded (0 and -1 replaced by 1)
// before divsi, the quotient rounded toward -inf, x // 0 == 0.
// CHECK-LABEL: func @floor_divide_si32
// CHECK-SAME: tensor<4xi32>
// CHECK: linalg.generic
// CHECK: arith.select
// CHECK: arith.divsi
// CHECK: arith.remsi
// CHECK-NOT: tnp.
func.func @floor_divide_si32(%a: tensor<4xsi32>, %b: tensor<4xsi32>) -> tensor<4xsi32> {
  %r = tnp.floor_divide %a, %b : (tensor<4xsi32>, tensor<4xsi32>) -> tensor<4xsi32>
  return %r : tensor<4xsi32>
}

// -----

// Unsigned ops pick unsigned arith.
// CHECK-LABEL: func @unsigned
// CHECK: arith.maxui
// CHECK: arith.cmpi ult
func.func @unsigned(%a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xi1>) {
  %r = tnp.maximum %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %l = tnp.less %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %r, %l : tensor<4xui8>, tensor<4xi1>
}

// -----

// NaN-propagating extrema; round half to even.
// CHECK-LABEL: func @floats
// CHECK: arith.maximumf
// CHECK: math.roundeven
func.func @floats(%a: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>) {
  %r = tnp.maximum %a, %a : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %s = tnp.round %a : (tensor<4xf64>) -> tensor<4xf64>
  return %r, %s : tensor<4xf64>, tensor<4xf64>
}

// -----

// float -> unsigned astype saturates (NaN -> 0) instead of a poison fptoui.
// CHECK-LABEL: func @astype_f32_u8
// CHECK: arith.cmpf uno
// CHECK: arith.fptoui
// CHECK: arith.select
func.func @astype_f32_u8(%a: tensor<4xf32>) -> tensor<4xui8> {
  %r = tnp.astype %a : tensor<4xf32> -> tensor<4xui8>
  return %r : tensor<4xui8>
}

// -----

// Half-precision transcendental functions compute in f32.
// CHECK-LABEL: func @half_exp
// CHECK: arith.extf {{.*}} : bf16 to f32
// CHECK: math.exp {{.*}} : f32
// CHECK: arith.truncf {{.*}} : f32 to bf16
func.func @half_exp(%a: tensor<2xbf16>) -> tensor<2xbf16> {
  %r = tnp.exp %a : (tensor<2xbf16>) -> tensor<2xbf16>
  return %r : tensor<2xbf16>
}

// -----

// Weak encodings and signedness disappear from signatures and constants.
// CHECK-LABEL: func @signless(%{{.*}}: tensor<2xi64> {bufferization.writable = false}) -> tensor<2xi64>
// CHECK: arith.constant dense<2> : tensor<i64>
func.func @signless(%x: tensor<2xsi64>) -> tensor<2xsi64> {
  %c = tnp.constant dense<2> : tensor<si64>
  %r = tnp.multiply %x, %c : (tensor<2xsi64>, tensor<si64>) -> tensor<2xsi64>
  return %r : tensor<2xsi64>
}

// -----

// A negative integer exponent raises NumPy's `value` error through the
// runtime's sticky error (the entry point reports it, the result is
// discarded). The exponent is scanned first (any(b < 0)) and the power
// loop only runs when the check passed; unsigned and constant non-negative
// exponents need no check.
// CHECK-DAG: llvm.func @tnp_rt_error_raise(i32, !llvm.ptr)
// CHECK-DAG: llvm.mlir.global internal constant @__tnp_error_negative_power("Integers to negative integer powers are not allowed.\00")
// CHECK-LABEL: func @int_power
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction"]
// CHECK: arith.cmpi slt
// CHECK: arith.ori
// CHECK: %[[ANY:.*]] = tensor.extract
// CHECK: scf.if %[[ANY]]
// CHECK: %[[CODE:.*]] = arith.constant 7 : i32
// CHECK: %[[MSG:.*]] = llvm.mlir.addressof @__tnp_error_negative_power
// CHECK: llvm.call @tnp_rt_error_raise(%[[CODE]], %[[MSG]])
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: scf.while
// CHECK-LABEL: func @uint_power
// CHECK-NOT: scf.if
// CHECK: scf.while
// CHECK-LABEL: func @const_power
// CHECK-NOT: scf.if
// CHECK: scf.while
// CHECK-LABEL: func @empty_power
// CHECK-NOT: scf.if
// CHECK: return
func.func @int_power(%a: tensor<3xsi32>, %b: tensor<3xsi32>) -> tensor<3xsi32> {
  %r = tnp.power %a, %b : (tensor<3xsi32>, tensor<3xsi32>) -> tensor<3xsi32>
  return %r : tensor<3xsi32>
}
func.func @uint_power(%a: tensor<3xui32>, %b: tensor<3xui32>) -> tensor<3xui32> {
  %r = tnp.power %a, %b : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>
  return %r : tensor<3xui32>
}
func.func @const_power(%a: tensor<3xsi32>) -> tensor<3xsi32> {
  %b = tnp.constant dense<[0, 2, 3]> : tensor<3xsi32>
  %r = tnp.power %a, %b : (tensor<3xsi32>, tensor<3xsi32>) -> tensor<3xsi32>
  return %r : tensor<3xsi32>
}
func.func @empty_power(%a: tensor<0x3xsi32>, %b: tensor<3xsi32>) -> tensor<0x3xsi32> {
  %r = tnp.power %a, %b : (tensor<0x3xsi32>, tensor<3xsi32>) -> tensor<0x3xsi32>
  return %r : tensor<0x3xsi32>
}

// -----

// Dynamic dims: the result dims are computed at run time (a dim of 1
// broadcasts), checked, and the broadcast error is raised instead of
// computing when they disagree; operands are read with clamped indices.
// CHECK-LABEL: func @dynamic_add
// CHECK: tensor.dim
// CHECK: arith.andi
// CHECK: scf.if %{{.*}} -> (tensor<?x3xf32>)
// CHECK: llvm.mlir.addressof @__tnp_error_dynamic_broadcast
// CHECK: llvm.call @tnp_rt_error_raise_fmt
// CHECK: } else {
// CHECK: linalg.generic
// CHECK: tensor.extract
// CHECK: arith.addf
func.func @dynamic_add(%a: tensor<?x3xf32>, %b: tensor<?xf32>) -> tensor<?x3xf32> {
  %r = tnp.add %a, %b : (tensor<?x3xf32>, tensor<?xf32>) -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// -----

// Complex arcsin is C99's casin (FreeBSD's casinh on the swapped parts):
// computed on the parts with selects between asin(B) and atan2 near the
// branch cuts, and log of the modulus for huge |z|.
// CHECK-LABEL: func @complex_arcsin
// CHECK: linalg.generic
// CHECK-DAG: complex.re
// CHECK-DAG: complex.im
// CHECK-DAG: math.asin
// CHECK-DAG: math.atan2
// CHECK-DAG: math.log
// CHECK: complex.create
// CHECK-NOT: tnp.
func.func @complex_arcsin(%a: tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>> {
  %r = tnp.arcsin %a : (tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>>
  return %r : tensor<2xcomplex<f32>>
}

// -----

// Complex power is NumPy's npy_cpow on the parts (repeated squaring for
// small integer exponents, else cexp(b * clog(a))), not complex.pow.
// CHECK-LABEL: func @complex_power
// CHECK: linalg.generic
// CHECK-NOT: complex.pow
// CHECK: math.floor
// CHECK-NOT: complex.pow
// CHECK: complex.create
// CHECK-NOT: complex.pow
func.func @complex_power(%a: tensor<2xcomplex<f64>>, %b: tensor<2xcomplex<f64>>) -> tensor<2xcomplex<f64>> {
  %r = tnp.power %a, %b : (tensor<2xcomplex<f64>>, tensor<2xcomplex<f64>>) -> tensor<2xcomplex<f64>>
  return %r : tensor<2xcomplex<f64>>
}
