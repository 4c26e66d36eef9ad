//===- TNPOps.td - tnp dialect operations ------------------*- tablegen -*-===//
//
// Part of tnp. The ops of OPS.md: constants and creation, astype, every
// elementwise ufunc, where/clip, reductions, matmul/dot, and the shape and
// data movement ops. Indexing and random come in later files.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_OPS_TD
#define TNP_OPS_TD

include "TNP/IR/TNPBase.td"
include "TNP/IR/TNPInterfaces.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Constants and creation
//===----------------------------------------------------------------------===//

def TNP_ConstantOp : TNP_Op<"constant", [ConstantLike, Pure]> {
  let summary = "array or literal constant";
  let description = [{
    A constant array (`np.asarray([1, 2])`) or, with the `#tnp.weak`
    encoding, a Python literal (`2`, `1.5`, `1j`, or a list of literals
    passed directly to a ufunc). The value's type is the result type. A weak
    constant's dtype must be one a literal can have in the module's mode:
    legacy: bool, int64, uint64, float64, complex128 (float32 and complex64
    with `tnp.prefer_float32`); all/safe: TF's weak dtypes int32, int64,
    float32, float64, complex128.

    ```mlir
    %a = tnp.constant dense<[1, 2]> : tensor<2xsi64>
    %c = tnp.constant dense<1.5> : tensor<f64, #tnp.weak>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs TNP_Tensor:$result);
  let builders = [
    OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
      build($_builder, $_state, value.getType(), value);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let hasFolder = 1;
}

class TNP_FillOp<string mnemonic, string what, string numpy>
    : TNP_Op<mnemonic, [Pure]> {
  let summary = "array of the given shape filled with " # what;
  let description = [{
    `np.}] # numpy # [{(shape, dtype)`: the shape and dtype are the result
    type's (NumPy's default dtype float64 is the front-end's choice). One
    `index` operand per dynamic dimension, in order.

    ```mlir
    %z = tnp.}] # mnemonic # [{ : tensor<2x3xf64>
    %d = tnp.}] # mnemonic # [{(%n) : tensor<?x3xsi32>
    ```
  }];
  let arguments = (ins Variadic<Index>:$dynamicSizes);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "(`(` $dynamicSizes^ `)`)? attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def TNP_ZerosOp : TNP_FillOp<"zeros", "zeros", "zeros">;
def TNP_OnesOp : TNP_FillOp<"ones", "ones", "ones">;
def TNP_EmptyOp : TNP_FillOp<"empty", "unspecified values (tnp: zeros)", "empty">;

def TNP_FullOp : TNP_Op<"full", [Pure]> {
  let summary = "array of the given shape filled with a value";
  let description = [{
    `np.full(shape, value, dtype)`: the 0-d `value` is cast to the result
    dtype with astype's rules. Without a dtype argument NumPy's result dtype
    is `asarray(value)`'s; the front-end writes it in the result type.

    ```mlir
    %v = tnp.constant dense<7> : tensor<si64, #tnp.weak>
    %f = tnp.full %v : tensor<si64, #tnp.weak> -> tensor<2x3xsi64>
    ```
  }];
  let arguments = (ins TNP_Tensor:$value, Variadic<Index>:$dynamicSizes);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    (`(` $dynamicSizes^ `)`)? $value attr-dict `:` type($value) `->` type($result)
  }];
  let hasVerifier = 1;
}

class TNP_LikeOp<string mnemonic, string what>
    : TNP_Op<mnemonic, [Pure]> {
  let summary = "array with the shape of the input filled with " # what;
  let description = [{
    `np.}] # mnemonic # [{(a, dtype)`: the result has `a`'s shape and the
    result type's dtype (`a`'s dtype unless a dtype was given).

    ```mlir
    %z = tnp.}] # mnemonic # [{ %a : tensor<1x2xsi8> -> tensor<1x2xf64>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def TNP_ZerosLikeOp : TNP_LikeOp<"zeros_like", "zeros">;
def TNP_OnesLikeOp : TNP_LikeOp<"ones_like", "ones">;
def TNP_EmptyLikeOp : TNP_LikeOp<"empty_like", "unspecified values (tnp: zeros)">;

def TNP_FullLikeOp : TNP_Op<"full_like", [Pure]> {
  let summary = "array with the shape of the input filled with a value";
  let description = [{
    `np.full_like(a, value, dtype)`: `a`'s shape, the result type's dtype
    (`a`'s unless given); the 0-d `value` is cast with astype's rules.

    ```mlir
    %f = tnp.full_like %a, %v : tensor<2xf32>, tensor<f64, #tnp.weak> -> tensor<2xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, TNP_Tensor:$value);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $value attr-dict `:` type($input) `,` type($value) `->` type($result)
  }];
  let hasVerifier = 1;
}

def TNP_ArangeOp : TNP_Op<"arange", [Pure]> {
  let summary = "evenly spaced values in [start, stop)";
  let description = [{
    `np.arange(start, stop, step)`. The bounds are integer or float
    attributes; the length is `ceil((stop - start) / step)` (0 if negative)
    and must equal the result's static size. A zero step is a `value` error.
    The dtype is the result type's (the front-end promotes the scalars).

    ```mlir
    %r = tnp.arange 0, 5, 2 : tensor<3xsi64>
    %f = tnp.arange 0.0, 1.0, 0.25 : tensor<4xf64>
    ```
  }];
  let arguments = (ins AnyAttrOf<[I64Attr, F64Attr]>:$start,
                       AnyAttrOf<[I64Attr, F64Attr]>:$stop,
                       AnyAttrOf<[I64Attr, F64Attr]>:$step);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    custom<Number>($start) `,` custom<Number>($stop) `,` custom<Number>($step)
    attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def TNP_LinspaceOp : TNP_Op<"linspace", [Pure]> {
  let summary = "evenly spaced numbers over an interval";
  let description = [{
    `np.linspace(start, stop, num, endpoint)`: `num` is the result's static
    size; `endpoint` (default true) includes `stop`.

    ```mlir
    %r = tnp.linspace 0.0, 1.0 : tensor<5xf64>
    %s = tnp.linspace 0.0, 1.0 {endpoint = false} : tensor<4xf64>
    ```
  }];
  let arguments = (ins F64Attr:$start, F64Attr:$stop,
                       DefaultValuedAttr<BoolAttr, "true">:$endpoint);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$start `,` $stop attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def TNP_EyeOp : TNP_Op<"eye", [Pure]> {
  let summary = "2-D array with ones on a diagonal";
  let description = [{
    `np.eye(N, M, k)` / `np.identity(N)`: ones where `j - i == k`, zeros
    elsewhere. N and M are the result's static dims.

    ```mlir
    %i = tnp.eye : tensor<3x3xf64>
    %u = tnp.eye k 1 : tensor<3x4xf32>
    ```
  }];
  let arguments = (ins DefaultValuedAttr<I64Attr, "0">:$k);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "(`k` $k^)? attr-dict `:` type($result)";
  let hasVerifier = 1;
}

class TNP_RandomOp<string mnemonic, string numpy, dag params, string law,
                   string example>
    : TNP_Op<mnemonic, [Pure]> {
  let summary = "seeded counter-based " # numpy;
  let description = [{
    `np.}] # numpy # [{`: an array of the result type (float16, bfloat16,
    float32 or float64; float64 is the front-end's default) whose element
    at row-major position i is a pure function of (`seed`, `stream`, i):
    }] # law # [{

    The bits come from Philox4x32-10 (Salmon et al., "Parallel random
    numbers: as easy as 1, 2, 3", SC'11) with key = `seed` (its low and high
    32 bits) and counter = (i low, i high, `stream` low, `stream` high), so
    every element is computed independently (no sequential state: the same
    values on any tiling, thread count or target) and the same (seed,
    stream) always gives the same array: the op is pure, and two ops that
    must differ take different streams (a front-end's `random.seed(s)`
    followed by several calls numbers them). Uniform numbers use the top 53
    (float64) or 24 (narrower floats) bits of the first two output words.
    One `index` operand per dynamic dimension, in order.

    ```mlir
    }] # example # [{
    ```
  }];
  let arguments = !con((ins I64Attr:$seed,
                            DefaultValuedAttr<I64Attr, "0">:$stream),
                       params, (ins Variadic<Index>:$dynamicSizes));
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    `seed` $seed (`(` $dynamicSizes^ `)`)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

def TNP_RandomUniformOp : TNP_RandomOp<"random.uniform",
    "random.uniform(low, high, size)",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$low,
         DefaultValuedAttr<F64Attr, "1.0">:$high),
    "low + (high - low) * u with u uniform in [0, 1) (float64 arithmetic "
    "for float64, float32 arithmetic rounded to the result type otherwise).",
    "%u = tnp.random.uniform seed 42 : tensor<2x3xf64>\n"
    "    %v = tnp.random.uniform seed 42 {low = -1.0 : f64, stream = 1 : i64} : tensor<4xf32>">;

def TNP_RandomNormalOp : TNP_RandomOp<"random.normal",
    "random.normal(loc, scale, size)` / `np.random.randn(*size)",
    (ins DefaultValuedAttr<F64Attr, "0.0">:$mean,
         DefaultValuedAttr<F64Attr, "1.0">:$stddev),
    "mean + stddev * z (NumPy's loc and scale) with z standard normal, by "
    "Box-Muller from two 53-bit uniforms u1 in (0, 1] and u2 in [0, 1) (all "
    "four output words): z = sqrt(-2 ln u1) cos(2 pi u2), computed in "
    "float64 and rounded to the result type. A negative stddev is a `value` "
    "error (NumPy's \"scale < 0\").",
    "%w = tnp.random.normal seed 0 : tensor<32x2xf64>\n"
    "    %d = tnp.random.normal seed 7(%n) {stddev = 1.000000e-01 : f64} : tensor<?x8xf32>">;

//===----------------------------------------------------------------------===//
// Conversion
//===----------------------------------------------------------------------===//

def TNP_AstypeOp : TNP_Op<"astype", [Pure]> {
  let summary = "elementwise dtype conversion";
  let description = [{
    `x.astype(dtype)`: same shape, the result type's dtype. Rules (one for
    every target): float -> int truncates toward zero; NaN -> 0; float values
    out of the integer range saturate to its min/max; narrowing integer casts
    wrap (two's complement); any -> bool is `x != 0`; complex -> real drops
    the imaginary part; bool -> number gives 0/1. The result may carry the
    `#tnp.weak` encoding (the cast a promotion inserts for a weak computation
    in the all/safe modes).

    ```mlir
    %i = tnp.astype %x : tensor<4xf32> -> tensor<4xsi32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise ufuncs
//===----------------------------------------------------------------------===//

class TNP_UfuncOp<string mnemonic, string ufunc, list<Trait> traits = []>
    : TNP_Op<mnemonic, !listconcat(traits, [Pure, TNP_UfuncOpInterface])> {
  let extraClassDeclaration = [{
    static ::tnp::sem::Ufunc getUfunc() {
      return ::tnp::sem::Ufunc::}] # ufunc # [{;
    }
  }];
}

class TNP_UnaryUfuncOp<string mnemonic, string ufunc, string summ,
                       string exIn = "f32", string exOut = "f32">
    : TNP_UfuncOp<mnemonic, ufunc> {
  let summary = summ;
  let description = [{
    `np.}] # mnemonic # [{(x)`, elementwise. The input dtype is resolved
    against NumPy 1.24's loops for the ufunc (an integer input of a float
    function computes in float16/float32/float64 as NumPy does; a dtype with
    no loop is a `dtype` error).

    ```mlir
    %r = tnp.}] # mnemonic # [{ %x : (tensor<2x3x}] # exIn # [{>) -> tensor<2x3x}] # exOut # [{>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

class TNP_BinaryUfuncOp<string mnemonic, string ufunc, string summ,
                        list<Trait> traits = [], string exOut = "f32">
    : TNP_UfuncOp<mnemonic, ufunc, traits> {
  let summary = summ;
  let description = [{
    `np.}] # mnemonic # [{(x1, x2)`, elementwise with NumPy broadcasting. The
    operands are promoted in the module's mode (weak literals take part as
    SPEC.md says), then resolved against NumPy 1.24's loops for the ufunc.
    Shapes that do not broadcast are a `broadcast` error; a dtype with no
    loop, or a promotion `safe` mode forbids, is a `dtype` error.

    ```mlir
    %r = tnp.}] # mnemonic # [{ %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3x}] # exOut # [{>
    ```
  }];
  let arguments = (ins TNP_Tensor:$lhs, TNP_Tensor:$rhs);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

// Arithmetic.
def TNP_AddOp : TNP_BinaryUfuncOp<"add", "Add", "elementwise addition", [Commutative]>;
def TNP_SubtractOp : TNP_BinaryUfuncOp<"subtract", "Subtract", "elementwise subtraction">;
def TNP_MultiplyOp : TNP_BinaryUfuncOp<"multiply", "Multiply", "elementwise multiplication", [Commutative]>;
def TNP_TrueDivideOp : TNP_BinaryUfuncOp<"true_divide", "TrueDivide", "elementwise true division (np.divide)">;
def TNP_FloorDivideOp : TNP_BinaryUfuncOp<"floor_divide", "FloorDivide", "elementwise floor division (integer // by zero gives 0)">;
def TNP_ModOp : TNP_BinaryUfuncOp<"mod", "Mod", "elementwise modulo with the sign of the divisor (np.remainder)">;
def TNP_PowerOp : TNP_BinaryUfuncOp<"power", "Power", "elementwise power (a negative integer power of an integer is a value error)">;
def TNP_NegativeOp : TNP_UnaryUfuncOp<"negative", "Negative", "elementwise negation">;
def TNP_PositiveOp : TNP_UnaryUfuncOp<"positive", "Positive", "elementwise unary plus">;
def TNP_AbsOp : TNP_UnaryUfuncOp<"abs", "Abs", "elementwise absolute value (complex gives its real float)">;
def TNP_SignOp : TNP_UnaryUfuncOp<"sign", "Sign", "elementwise sign">;
def TNP_SquareOp : TNP_UnaryUfuncOp<"square", "Square", "elementwise square">;
def TNP_ReciprocalOp : TNP_UnaryUfuncOp<"reciprocal", "Reciprocal", "elementwise reciprocal">;
// Extrema.
def TNP_MaximumOp : TNP_BinaryUfuncOp<"maximum", "Maximum", "elementwise maximum (NaN propagates)", [Commutative]>;
def TNP_MinimumOp : TNP_BinaryUfuncOp<"minimum", "Minimum", "elementwise minimum (NaN propagates)", [Commutative]>;
// Float functions.
def TNP_SqrtOp : TNP_UnaryUfuncOp<"sqrt", "Sqrt", "elementwise square root", "si8", "f16">;
def TNP_ExpOp : TNP_UnaryUfuncOp<"exp", "Exp", "elementwise exponential">;
def TNP_LogOp : TNP_UnaryUfuncOp<"log", "Log", "elementwise natural logarithm">;
def TNP_Log1pOp : TNP_UnaryUfuncOp<"log1p", "Log1p", "elementwise log(1 + x)">;
def TNP_Expm1Op : TNP_UnaryUfuncOp<"expm1", "Expm1", "elementwise exp(x) - 1">;
def TNP_SinOp : TNP_UnaryUfuncOp<"sin", "Sin", "elementwise sine">;
def TNP_CosOp : TNP_UnaryUfuncOp<"cos", "Cos", "elementwise cosine">;
def TNP_TanOp : TNP_UnaryUfuncOp<"tan", "Tan", "elementwise tangent">;
def TNP_ArcsinOp : TNP_UnaryUfuncOp<"arcsin", "Arcsin", "elementwise inverse sine">;
def TNP_ArccosOp : TNP_UnaryUfuncOp<"arccos", "Arccos", "elementwise inverse cosine">;
def TNP_ArctanOp : TNP_UnaryUfuncOp<"arctan", "Arctan", "elementwise inverse tangent">;
def TNP_Arctan2Op : TNP_BinaryUfuncOp<"arctan2", "Arctan2", "elementwise arc tangent of x1/x2 choosing the quadrant">;
def TNP_SinhOp : TNP_UnaryUfuncOp<"sinh", "Sinh", "elementwise hyperbolic sine">;
def TNP_CoshOp : TNP_UnaryUfuncOp<"cosh", "Cosh", "elementwise hyperbolic cosine">;
def TNP_TanhOp : TNP_UnaryUfuncOp<"tanh", "Tanh", "elementwise hyperbolic tangent">;
def TNP_FloorOp : TNP_UnaryUfuncOp<"floor", "Floor", "elementwise floor">;
def TNP_CeilOp : TNP_UnaryUfuncOp<"ceil", "Ceil", "elementwise ceiling">;
def TNP_RoundOp : TNP_UnaryUfuncOp<"round", "Round", "elementwise rounding, half to even (integers unchanged)">;
// Predicates.
def TNP_IsNanOp : TNP_UnaryUfuncOp<"isnan", "IsNan", "elementwise test for NaN", "f32", "i1">;
def TNP_IsInfOp : TNP_UnaryUfuncOp<"isinf", "IsInf", "elementwise test for infinity", "f32", "i1">;
def TNP_IsFiniteOp : TNP_UnaryUfuncOp<"isfinite", "IsFinite", "elementwise test for a finite value", "f32", "i1">;
// Comparisons.
def TNP_EqualOp : TNP_BinaryUfuncOp<"equal", "Equal", "elementwise ==", [Commutative], "i1">;
def TNP_NotEqualOp : TNP_BinaryUfuncOp<"not_equal", "NotEqual", "elementwise !=", [Commutative], "i1">;
def TNP_LessOp : TNP_BinaryUfuncOp<"less", "Less", "elementwise <", [], "i1">;
def TNP_LessEqualOp : TNP_BinaryUfuncOp<"less_equal", "LessEqual", "elementwise <=", [], "i1">;
def TNP_GreaterOp : TNP_BinaryUfuncOp<"greater", "Greater", "elementwise >", [], "i1">;
def TNP_GreaterEqualOp : TNP_BinaryUfuncOp<"greater_equal", "GreaterEqual", "elementwise >=", [], "i1">;
// Logical.
def TNP_LogicalAndOp : TNP_BinaryUfuncOp<"logical_and", "LogicalAnd", "elementwise truth-value and", [Commutative], "i1">;
def TNP_LogicalOrOp : TNP_BinaryUfuncOp<"logical_or", "LogicalOr", "elementwise truth-value or", [Commutative], "i1">;
def TNP_LogicalXorOp : TNP_BinaryUfuncOp<"logical_xor", "LogicalXor", "elementwise truth-value xor", [Commutative], "i1">;
def TNP_LogicalNotOp : TNP_UnaryUfuncOp<"logical_not", "LogicalNot", "elementwise truth-value not", "f32", "i1">;
// Bitwise.
def TNP_BitwiseAndOp : TNP_BinaryUfuncOp<"bitwise_and", "BitwiseAnd", "elementwise bitwise and (bool, integers)", [Commutative], "i1">;
def TNP_BitwiseOrOp : TNP_BinaryUfuncOp<"bitwise_or", "BitwiseOr", "elementwise bitwise or (bool, integers)", [Commutative], "i1">;
def TNP_BitwiseXorOp : TNP_BinaryUfuncOp<"bitwise_xor", "BitwiseXor", "elementwise bitwise xor (bool, integers)", [Commutative], "i1">;
def TNP_InvertOp : TNP_UnaryUfuncOp<"invert", "Invert", "elementwise bitwise not (bool, integers)", "i1", "i1">;

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

def TNP_WhereOp : TNP_Op<"where", [Pure]> {
  let summary = "elementwise choice between two arrays (np.where)";
  let description = [{
    `np.where(condition, x, y)`: `x` where `condition` is true, else `y`,
    with the three operands broadcast together (`broadcast` error
    otherwise). The condition is read by truthiness, so it may have any
    dtype (nonzero and NaN are true; tnp-make-casts-explicit casts it to
    bool). `x` and `y` promote in the module's mode like a binary ufunc's
    operands (weak literals included); the result is never weak (TF's
    where_v2 returns a plain tensor in the auto modes too).

    ```mlir
    %r = tnp.where %c, %x, %y : (tensor<3xi1>, tensor<3xsi8>, tensor<f64, #tnp.weak>) -> tensor<3xf64>
    ```
  }];
  let arguments = (ins TNP_Tensor:$condition, TNP_Tensor:$x, TNP_Tensor:$y);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $x `,` $y attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TNP_ClipOp : TNP_Op<"clip", [Pure, AttrSizedOperandSegments]> {
  let summary = "limits the values of an array (np.clip)";
  let description = [{
    `np.clip(a, a_min, a_max)` as NumPy 1.24 computes it: `min(max(a,
    a_min), a_max)` elementwise with the operands broadcast together, so
    `a_min > a_max` gives `a_max`. A bound may be absent (NumPy's None: no
    clipping on that side), not both (`value` error). The dtype is the
    promotion of the operands in the module's mode, weak literals included
    (`clip(bool, 0, 1)` is int64 in legacy mode). Floats: a NaN in `a` or in
    an element of an array bound gives NaN; a NaN 0-d bound (a literal or a
    0-d array) means no clipping on that side, NumPy 1.24's deprecated rule
    for scalar NaN bounds. Complex values are ordered lexicographically.

    ```mlir
    %r = tnp.clip %a min %lo max %hi : (tensor<3xf32>, tensor<f64, #tnp.weak>, tensor<3xf32>) -> tensor<3xf32>
    %s = tnp.clip %a max %hi : (tensor<3xsi8>, tensor<si64, #tnp.weak>) -> tensor<3xsi8>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, Optional<TNP_Tensor>:$min,
                       Optional<TNP_Tensor>:$max);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class TNP_ReductionOp<string mnemonic, string reduction, string summ,
                      string exOut = "f32">
    : TNP_Op<mnemonic, [Pure]> {
  let summary = summ;
  let description = [{
    `np.}] # mnemonic # [{(a, axis, keepdims)`: reduces over `axis` (absent:
    every axis, NumPy's `axis=None`; a list of axes, negative allowed; an
    empty list reduces nothing) and keeps the reduced dims as 1 with
    `keepdims`. The result dtype follows OPS.md (sum/prod widen bool and
    small ints to int64, mean of ints is float64, ...). Bad or repeated axes
    are `axis` errors; reducing an empty axis without an identity (max, min)
    is a `reduction` error.

    ```mlir
    %s = tnp.}] # mnemonic # [{ %a axis [0, 2] : tensor<2x3x2xf32> -> tensor<3x}] # exOut # [{>
    %t = tnp.}] # mnemonic # [{ %a keepdims : tensor<2x3x2xf32> -> tensor<1x1x1x}] # exOut # [{>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, OptionalAttr<DenseI64ArrayAttr>:$axis,
                       UnitAttr:$keepdims);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input (`axis` $axis^)? (`keepdims` $keepdims^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static ::tnp::sem::Reduction getReduction() {
      return ::tnp::sem::Reduction::}] # reduction # [{;
    }
  }];
}

def TNP_SumOp : TNP_ReductionOp<"sum", "Sum", "sum of array elements">;
def TNP_ProdOp : TNP_ReductionOp<"prod", "Prod", "product of array elements">;
def TNP_MeanOp : TNP_ReductionOp<"mean", "Mean", "arithmetic mean of array elements">;
def TNP_MaxOp : TNP_ReductionOp<"max", "Max", "maximum of array elements (NaN propagates; np.amax)">;
def TNP_MinOp : TNP_ReductionOp<"min", "Min", "minimum of array elements (NaN propagates; np.amin)">;
def TNP_AnyOp : TNP_ReductionOp<"any", "Any", "whether any element is true", "i1">;
def TNP_AllOp : TNP_ReductionOp<"all", "All", "whether all elements are true", "i1">;

class TNP_ArgReductionOp<string mnemonic, string reduction, string summ>
    : TNP_Op<mnemonic, [Pure]> {
  let summary = summ;
  let description = [{
    `np.}] # mnemonic # [{(a, axis, keepdims)`: int64 indices of the first
    extreme value along `axis` (absent: of the flattened array). An empty
    axis is a `reduction` error; a bad axis an `axis` error.

    ```mlir
    %i = tnp.}] # mnemonic # [{ %a axis 1 : tensor<2x3xf32> -> tensor<2xsi64>
    %j = tnp.}] # mnemonic # [{ %a : tensor<2x3xf32> -> tensor<si64>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, OptionalAttr<I64Attr>:$axis,
                       UnitAttr:$keepdims);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input (`axis` $axis^)? (`keepdims` $keepdims^)? attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    static ::tnp::sem::Reduction getReduction() {
      return ::tnp::sem::Reduction::}] # reduction # [{;
    }
  }];
}

def TNP_ArgMaxOp : TNP_ArgReductionOp<"argmax", "ArgMax", "indices of the maximum values">;
def TNP_ArgMinOp : TNP_ArgReductionOp<"argmin", "ArgMin", "indices of the minimum values">;

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def TNP_MatmulOp : TNP_Op<"matmul", [Pure]> {
  let summary = "matrix product with NumPy's 1-D and batch rules";
  let description = [{
    `np.matmul(a, b)` / `a @ b`: a 1-D operand gets a dimension prepended
    (`a`) or appended (`b`) that is removed from the result; batch dims
    broadcast. The dtype is the operands' promotion. Contraction mismatch is a
    `shape` error, batch mismatch a `broadcast` error, a 0-d operand a
    `value` error.

    ```mlir
    %c = tnp.matmul %a, %b : (tensor<2x1x2x3xf32>, tensor<3x3x2xf32>) -> tensor<2x3x2x2xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$lhs, TNP_Tensor:$rhs);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def TNP_DotOp : TNP_Op<"dot", [Pure]> {
  let summary = "dot product (np.dot)";
  let description = [{
    `np.dot(a, b)`: 1-D·1-D is the inner product (0-d result), 2-D·2-D the
    matrix product, N-D·1-D sums over the last axis, N-D·M-D over the last
    axis of `a` and the second-to-last of `b`; a 0-d operand multiplies
    elementwise. The dtype is the operands' promotion; a contraction mismatch
    is a `shape` error.

    ```mlir
    %d = tnp.dot %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$lhs, TNP_Tensor:$rhs);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

def TNP_ReshapeOp : TNP_Op<"reshape", [Pure]> {
  let summary = "same elements in a new shape (row-major)";
  let description = [{
    `np.reshape(a, shape)`: the result type is the new shape. Element counts
    must agree (`shape` error, "cannot reshape array of size 6 into shape
    (4,)"); the dtype is kept.

    Sizes known only at run time are `?` dims of the result, in one of two
    forms:
    - without size operands, at most one `?`: NumPy's -1, the one size that
      fits (the front-end resolves -1 itself when the input is static);
    - with one `index` operand per `?`, in order: the sizes requested at run
      time, where one of them may be -1 (the size that fits; as in NumPy
      1.24, any negative size reads as -1).
    The checks NumPy makes (sizes agree, one unknown dimension) run before
    anything is computed, at compile time where the sizes
    are known and at run time otherwise, with NumPy's error kinds and
    messages.

    ```mlir
    %r = tnp.reshape %a : tensor<6xsi32> -> tensor<2x3xsi32>
    %f = tnp.reshape %b : tensor<?x4xf32> -> tensor<?xf32>
    %g = tnp.reshape %b[%n, %m] : tensor<?x4xf32> -> tensor<?x2x?xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, Variadic<Index>:$dynamicSizes);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input (`[` $dynamicSizes^ `]`)? attr-dict `:` type($input) `->` type($result)
  }];
  let builders = [
    OpBuilder<(ins "Type":$result, "Value":$input), [{
      build($_builder, $_state, result, input, ValueRange{});
    }]>
  ];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TNP_TransposeOp : TNP_Op<"transpose", [Pure]> {
  let summary = "permutes the dimensions";
  let description = [{
    `np.transpose(a, axes)` / `a.T`: result dim i is input dim
    `permutation[i]`. The permutation must name every axis once (`axis`
    error otherwise).

    ```mlir
    %t = tnp.transpose %a [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$input $permutation attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TNP_BroadcastToOp : TNP_Op<"broadcast_to", [Pure]> {
  let summary = "broadcasts an array to a shape";
  let description = [{
    `np.broadcast_to(a, shape)`: the result type's shape must be one `a`
    broadcasts to (`broadcast` error otherwise); the dtype is kept.

    A `?` dim of the result is either
    - without size operands: the size of the aligned input dim, which must be
      dynamic too (`np.broadcast_to(a, a.shape)` on that dim), or
    - with one `index` operand per `?`, in order: the size requested at run
      time. The aligned input dim must then be 1 or that size, and the size
      must not be negative; both are checked at run time before anything is
      computed (`broadcast` and `value` errors, NumPy's messages).

    ```mlir
    %b = tnp.broadcast_to %a : tensor<3xf32> -> tensor<2x3xf32>
    %c = tnp.broadcast_to %a[%n] : tensor<3xf32> -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, Variadic<Index>:$dynamicSizes);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $input (`[` $dynamicSizes^ `]`)? attr-dict `:` type($input) `->` type($result)
  }];
  let builders = [
    OpBuilder<(ins "Type":$result, "Value":$input), [{
      build($_builder, $_state, result, input, ValueRange{});
    }]>
  ];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TNP_ExpandDimsOp : TNP_Op<"expand_dims", [Pure]> {
  let summary = "inserts dimensions of size 1";
  let description = [{
    `np.expand_dims(a, axis)`: the result has a dim of size 1 at each of
    `axes`, which index the result (normalized: sorted, unique, `0 <= axis <
    result rank`; the front-end resolves negative and repeated axes with
    NumPy's `axis` errors). The dtype is kept.

    ```mlir
    %e = tnp.expand_dims %a [0, 2] : tensor<3xf32> -> tensor<1x3x1xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$input $axes attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TNP_SqueezeOp : TNP_Op<"squeeze", [Pure]> {
  let summary = "removes dimensions of size 1";
  let description = [{
    `np.squeeze(a, axis)`: removes the dims `axes` (normalized: sorted,
    unique, in range; the front-end resolves axis=None to the dims of size
    1). A removed dim must have size 1: a static other size is a `shape`
    error ("cannot select an axis to squeeze out which has size not equal
    to one"); a dynamic dim is checked at run time, before anything is
    computed. The dtype is kept.

    ```mlir
    %s = tnp.squeeze %a [0, 2] : tensor<1x3x1xf32> -> tensor<3xf32>
    %d = tnp.squeeze %b [0] : tensor<?x3xf32> -> tensor<3xf32>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = "$input $axes attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TNP_ConcatenateOp : TNP_Op<"concatenate", [Pure]> {
  let summary = "joins arrays along an existing axis";
  let description = [{
    `np.concatenate(arrays, axis)`: at least one array of rank >= 1, all of
    the same rank, with equal dims except along `axis` (normalized, `0 <=
    axis < rank`; the front-end flattens the arrays for axis=None). The
    dtype is the promotion of the arrays' dtypes in the module's mode
    (tnp-make-casts-explicit casts each operand to it). Mismatched dims are
    a `shape` error with NumPy's message; a dynamic dim against another
    size is checked at run time, before anything is computed.

    ```mlir
    %c = tnp.concatenate %a, %b axis 1 : (tensor<2x3xsi32>, tensor<2x1xf32>) -> tensor<2x4xf64>
    ```
  }];
  let arguments = (ins Variadic<TNP_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, $result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def TNP_StackOp : TNP_Op<"stack", [Pure]> {
  let summary = "joins arrays of one shape along a new axis";
  let description = [{
    `np.stack(arrays, axis)`: at least one array, all of the same shape
    (`shape` error "all input arrays must have the same shape" otherwise;
    dynamic dims are checked at run time); the result has a new dim of the
    number of arrays at `axis` (normalized for the result's rank). The dtype
    is the promotion of the arrays' dtypes, as for concatenate.

    ```mlir
    %s = tnp.stack %a, %b axis 1 : (tensor<2xsi32>, tensor<2xsi32>) -> tensor<2x2xsi32>
    ```
  }];
  let arguments = (ins Variadic<TNP_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs TNP_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` $axis attr-dict `:` functional-type($inputs, $result)
  }];
  let hasVerifier = 1;
}

def TNP_SplitOp : TNP_Op<"split", [Pure]> {
  let summary = "splits an array into pieces along an axis";
  let description = [{
    `np.split(a, indices_or_sections, axis)`: one result per piece along
    `axis` (normalized). With `sections` the axis is divided into that many
    equal pieces (an unequal division is a `value` error, checked at run
    time for a dynamic axis); with `indices` the pieces are `a[0:i0]`,
    `a[i0:i1]`, ..., `a[ik:]` with Python's slice bounds (negative counts
    from the end, out of range is clamped, a decreasing pair gives an empty
    piece). Exactly one of the two is given. The pieces along a dynamic axis
    have dynamic sizes. The dtype is kept.

    ```mlir
    %p:3 = tnp.split %a sections 3 axis 0 : tensor<6x2xf32> -> tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
    %q:3 = tnp.split %b indices [2, 5] axis 0 : tensor<7xsi8> -> tensor<2xsi8>, tensor<3xsi8>, tensor<2xsi8>
    ```
  }];
  let arguments = (ins TNP_Tensor:$input, OptionalAttr<I64Attr>:$sections,
                       OptionalAttr<DenseI64ArrayAttr>:$indices, I64Attr:$axis);
  let results = (outs Variadic<TNP_Tensor>:$results);
  let assemblyFormat = [{
    $input (`sections` $sections^)? (`indices` $indices^)? `axis` $axis attr-dict
    `:` type($input) `->` type($results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// The sections or indices as the semantics library takes them.
    ::tnp::sem::SplitSpec getSplitSpec();
  }];
}

#endif // TNP_OPS_TD
