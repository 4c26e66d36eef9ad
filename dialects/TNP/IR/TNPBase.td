//===- TNPBase.td - The tnp dialect, base op class, constraints -*- tablegen -*-===//
//
// Part of tnp. Dialect-wide invariants live here: values are ranked tensors
// whose element type is one of the 15 NumPy dtypes, optionally marked weak
// with the `#tnp.weak` encoding (docs/DialectDesign.md).
//
//===----------------------------------------------------------------------===//

#ifndef TNP_BASE_TD
#define TNP_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

def TNP_Dialect : Dialect {
  let name = "tnp";
  let cppNamespace = "::mlir::tnp";
  let summary = "NumPy-level array operations with TF-NumPy semantics";
  let description = [{
    The `tnp` dialect models NumPy array programs on value tensors. Element
    types are NumPy dtypes: `i1` (bool), `si8`..`si64`, `ui8`..`ui64`, `f16`,
    `bf16`, `f32`, `f64`, `complex<f32>`, `complex<f64>`. Broadcasting is
    implicit; dtype promotion follows the enclosing module's
    `tnp.dtype_conversion_mode` ("legacy", "all", "safe") and
    `tnp.prefer_float32` attributes (and `tnp.mask_chunks`, which picks how
    boolean masks are compacted: see tnp-convert-to-linalg). Result types are explicit and checked by
    verifiers against the semantics library; Python literals and TF's weak
    tensors carry the `#tnp.weak` tensor encoding.

    ```mlir
    module attributes {tnp.dtype_conversion_mode = "legacy"} {
      func.func @f(%x: tensor<2xsi8>) -> tensor<2xsi16> {
        %c = tnp.constant dense<1000> : tensor<si64, #tnp.weak>
        %r = tnp.add %x, %c : (tensor<2xsi8>, tensor<si64, #tnp.weak>) -> tensor<2xsi16>
        return %r : tensor<2xsi16>
      }
    }
    ```
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let hasOperationAttrVerify = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let extraClassDeclaration = [{
    /// Module attribute names of the promotion options.
    static constexpr ::llvm::StringLiteral kModeAttrName =
        "tnp.dtype_conversion_mode";
    static constexpr ::llvm::StringLiteral kPreferFloat32AttrName =
        "tnp.prefer_float32";
    /// Module attribute overriding tnp-convert-to-linalg's mask-chunks
    /// option (how boolean masks are compacted; a positive integer).
    static constexpr ::llvm::StringLiteral kMaskChunksAttrName =
        "tnp.mask_chunks";
  }];
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class TNP_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<TNP_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def TNP_WeakAttr : TNP_Attr<"Weak", "weak"> {
  let summary = "tensor encoding marking a weakly typed value";
  let description = [{
    Marks a tensor as weakly typed: a Python literal (`2`, `1.5`, `1j`,
    `[10, 20]` passed to a ufunc) or, in the `all`/`safe` modes, a TF
    WeakTensor result (e.g. `uint64 + int64 -> float64*`). Weak operands take
    part in promotion as SPEC.md §a.2 (legacy, value-based) and §b (lattice)
    describe.

    ```mlir
    %c = tnp.constant dense<2> : tensor<si64, #tnp.weak>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def TNP_DType : Type<CPred<"::mlir::tnp::isTNPDType($_self)">,
    "NumPy dtype (i1, si8-si64, ui8-ui64, f16, bf16, f32, f64, complex<f32>, complex<f64>)">;

/// A ranked tensor. Its element type is checked by the TNPTensorTypes trait
/// (so the message can name the illegal dtype and the legal ones).
def TNP_Tensor : Type<CPred<"::llvm::isa<::mlir::RankedTensorType>($_self)">,
    "ranked tensor of a NumPy dtype", "::mlir::RankedTensorType">;

def TNP_TensorTypesTrait : NativeOpTrait<"TNPTensorTypes"> {
  let cppNamespace = "::mlir::tnp";
}

//===----------------------------------------------------------------------===//
// Base op class
//===----------------------------------------------------------------------===//

class TNP_Op<string mnemonic, list<Trait> traits = []>
    : Op<TNP_Dialect, mnemonic, !listconcat([TNP_TensorTypesTrait], traits)>;

#endif // TNP_BASE_TD
