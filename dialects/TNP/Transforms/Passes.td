//===- Passes.td - tnp dialect passes ----------------------*- tablegen -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_TRANSFORMS_PASSES_TD
#define TNP_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TNPMakeCastsExplicit : Pass<"tnp-make-casts-explicit"> {
  let summary = "insert astype so every op computes in one dtype";
  let description = [{
    Accepts any verified tnp IR. For every dtype-sensitive op (ufuncs,
    sum/prod/mean, matmul, dot, concatenate, stack, where, clip) it asks the
    semantics library, in the enclosing module's promotion mode, which dtype
    each operand computes in and inserts `tnp.astype` where an operand differs (also where only its
    weakness differs). Result types are unchanged, so the program's meaning
    is unchanged. Produces the "explicit dtypes" form checked by
    `tnp-verify-explicit-dtypes`: e.g. `less(uint8, int8)` becomes
    `less(astype(x, int16), astype(y, int16))`, `sum(int8)` becomes
    `sum(astype(x, int64))`, `concatenate(int32, float32)` casts both to
    float64, and `where(c, x, y)` casts `c` to bool (truthiness) and `x`,
    `y` to their promotion. A program whose promotion is invalid (which the
    verifier already rejects) makes the pass fail with the semantic error.
  }];
  let dependentDialects = ["::mlir::tnp::TNPDialect"];
}

def TNPVerifyExplicitDTypes : Pass<"tnp-verify-explicit-dtypes"> {
  let summary = "contract check: every op computes in one dtype";
  let description = [{
    Fails, naming the op and operand, unless the IR is in the "explicit
    dtypes" form `tnp-make-casts-explicit` produces: every operand of a
    dtype-sensitive op already has the dtype (and weakness) it computes in.
    Changes nothing. Later stages (the lowering to linalg) rely on this form.
  }];
}

#endif // TNP_TRANSFORMS_PASSES_TD
