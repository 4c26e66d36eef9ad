//===- TNPDialect.h - The tnp dialect ---------------------------*- C++ -*-===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#ifndef TNP_IR_TNPDIALECT_H
#define TNP_IR_TNPDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"

#include "TNP/IR/TNPDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "TNP/IR/TNPAttrs.h.inc"

#endif // TNP_IR_TNPDIALECT_H
