//===- TNPInterfaces.td - tnp op interfaces ----------------*- tablegen -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_INTERFACES_TD
#define TNP_INTERFACES_TD

include "mlir/IR/OpBase.td"

def TNP_UfuncOpInterface : OpInterface<"UfuncOpInterface"> {
  let cppNamespace = "::mlir::tnp";
  let description = [{
    An elementwise NumPy ufunc with broadcasting. Its operands are promoted in
    the module's mode and resolved against NumPy 1.24's loops by the semantics
    library; the verifier checks the result dtype, weakness and broadcast
    shape against that resolution.
  }];
  let methods = [
    InterfaceMethod<"The semantics library's identifier of this ufunc.",
      "::tnp::sem::Ufunc", "getUfunc">,
  ];
  let verify = [{ return ::mlir::tnp::detail::verifyUfuncOp($_op); }];
}

#endif // TNP_INTERFACES_TD
