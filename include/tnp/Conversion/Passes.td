//===- Passes.td - tnp conversion passes -------------------*- tablegen -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_CONVERSION_PASSES_TD
#define TNP_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def TNPConvertToLinalg : Pass<"tnp-convert-to-linalg", "::mlir::ModuleOp"> {
  let summary = "lower tnp ops to linalg/tensor/arith/math/complex on signless tensors";
  let description = [{
    Accepts tnp IR in the explicit-dtypes form (run `tnp-make-casts-explicit`
    first; a dtype-sensitive op whose operands are not in its compute dtype is
    an error). Produces linalg on tensors: elementwise ops become one
    `linalg.generic` with broadcasting indexing maps (no materialized
    broadcasts), reductions `linalg.generic` with reduction iterators,
    matmul `linalg.matmul` or a contraction `linalg.generic`, reshapes
    `tensor.reshape`, transposes `linalg.transpose`, creation ops
    `linalg.fill`/`linalg.generic`. All tensor types become signless and lose
    the `#tnp.weak` encoding, function signatures included (the early
    signless conversion); the signedness of each op is taken from its tnp
    types. An op that cannot lower (e.g. a dtype with no element rule yet, or
    a dynamic shape that would need a run-time broadcast check) is reported
    as an `unsupported` diagnostic at its location and the pass fails; it
    never crashes. Every tensor argument of a function with a body gets
    `bufferization.writable = false`: arrays are immutable, so compiled code
    never writes into its caller's buffers (bufferization copies before an
    in-place update of an argument).

    Boolean masks (`tnp.mask_select`, masks among `tnp.gather`/`tnp.scatter`
    indices) are compacted by counting the true elements and writing their
    positions. With `mask-chunks` = 1 that is one sequential loop (the CPU
    pipeline, whose loops run on one thread). With more, the mask is cut
    into at most that many chunks (of at least 256 elements): per-chunk
    counts and offsets are parallel loop nests, and an `scf.forall` over the
    chunks writes each chunk's positions into its own slice of the result
    (the CUDA pipeline's form: every loop over data becomes a kernel). A
    module attribute `tnp.mask_chunks` (an integer) overrides the option,
    so that a test can run either form through any tool.
  }];
  let options = [
    Option<"maskChunks", "mask-chunks", "int64_t", /*default=*/"1",
           "The most chunks a boolean mask is compacted in, in parallel "
           "(1: one sequential loop)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::complex::ComplexDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect",
    "::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::gpu::GPUDialect"
  ];
}

def TNPVerifyLinalgContract : Pass<"tnp-verify-linalg-contract", "::mlir::ModuleOp"> {
  let summary = "contract check after tnp-convert-to-linalg";
  let description = [{
    Fails, naming the offending op or value, unless no tnp op is left and
    every type is free of signed/unsigned integers and tnp encodings. Changes
    nothing.
  }];
}

def TNPVerifyBufferContract : Pass<"tnp-verify-buffer-contract", "::mlir::ModuleOp"> {
  let summary = "contract check after bufferization";
  let description = [{
    Fails, naming the op, unless no value of tensor type is left (every
    function takes and returns memrefs with the identity layout). Changes
    nothing.
  }];
}

def TNPVerifyLLVMContract : Pass<"tnp-verify-llvm-contract", "::mlir::ModuleOp"> {
  let summary = "contract check at the end of a lowering to LLVM";
  let description = [{
    Fails, naming the op, unless every op inside the module belongs to the
    llvm dialect (what the LLVM IR translation and the JIT accept). Changes
    nothing.
  }];
}

#endif // TNP_CONVERSION_PASSES_TD
