//===- TNPDialect.cpp - The tnp dialect ------------------------------------===//
//
// Part of tnp.
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPDialect.h"
#include "TNP/IR/TNPIndexingOps.h"
#include "TNP/IR/TNPOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tnp;

#include "TNP/IR/TNPDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "TNP/IR/TNPAttrs.cpp.inc"

void TNPDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "TNP/IR/TNPOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "TNP/IR/TNPIndexingOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "TNP/IR/TNPAttrs.cpp.inc"
      >();
}

Operation *TNPDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type ||
      !isTNPDType(elements.getElementType()))
    return nullptr;
  // Weak constants stand for Python literals, whose values drive legacy
  // value-based casting: folding must never create one (a folded weak
  // result would change the promotion of its users), so such folds are
  // dropped and the op stays.
  if (isWeak(type))
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

LogicalResult TNPDialect::verifyOperationAttribute(Operation *op,
                                                   NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kModeAttrName) {
    auto s = dyn_cast<StringAttr>(attr.getValue());
    if (!s || !::tnp::sem::parsePromotionMode(s.getValue()))
      return op->emitError() << "'" << kModeAttrName
                             << "' must be one of \"legacy\", \"all\", "
                                "\"safe\", got "
                             << attr.getValue();
  } else if (name == kPreferFloat32AttrName) {
    if (!isa<BoolAttr>(attr.getValue()))
      return op->emitError() << "'" << kPreferFloat32AttrName
                             << "' must be a bool attribute, got "
                             << attr.getValue();
  } else if (name == kMaskChunksAttrName) {
    auto n = dyn_cast<IntegerAttr>(attr.getValue());
    if (!n || !n.getType().isSignlessInteger() || n.getInt() < 1)
      return op->emitError() << "'" << kMaskChunksAttrName
                             << "' must be a positive integer, got "
                             << attr.getValue();
  } else {
    return op->emitError() << "unknown tnp attribute '" << name << "'";
  }
  if (!isa<ModuleOp>(op))
    return op->emitError() << "'" << name
                           << "' belongs on the builtin.module";
  return success();
}
