//===- TNPIndexing.cpp - tnp indexing ops: syntax, inference, verifiers ---===//
//
// Part of tnp. The index lists of `tnp.index` in Python's spelling, NumPy's
// rules for basic indexing (ellipsis expansion, slice clamping, bounds of
// integer indices) and the errors NumPy raises, with its messages.
//
//===----------------------------------------------------------------------===//

#include "TNP/IR/TNPIndexingOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "tnp/Semantics/Shapes.h"

#include <limits>

using namespace mlir;
using namespace mlir::tnp;
namespace sem = ::tnp::sem;

static constexpr llvm::StringLiteral kNewAxis = "newaxis";
static constexpr llvm::StringLiteral kEllipsis = "...";

/// NumPy's IndexError for an index object it does not accept.
static sem::Error invalidIndex() {
  return sem::Error{sem::ErrorKind::Index,
                    "only integers, slices (`:`), ellipsis (`...`), "
                    "numpy.newaxis (`None`) and integer or boolean arrays "
                    "are valid indices"};
}

//===----------------------------------------------------------------------===//
// Index items
//===----------------------------------------------------------------------===//

ArrayAttr mlir::tnp::indexItemsAttr(MLIRContext *ctx, ArrayRef<IndexItem> items) {
  Builder b(ctx);
  auto bound = [&](std::optional<int64_t> v) -> Attribute {
    if (v)
      return b.getI64IntegerAttr(*v);
    return b.getUnitAttr();
  };
  SmallVector<Attribute> attrs;
  for (const IndexItem &it : items) {
    switch (it.kind) {
    case IndexItem::Kind::Int:
      attrs.push_back(b.getI64IntegerAttr(it.value));
      break;
    case IndexItem::Kind::Slice:
      attrs.push_back(
          b.getArrayAttr({bound(it.start), bound(it.stop), bound(it.step)}));
      break;
    case IndexItem::Kind::NewAxis:
      attrs.push_back(b.getStringAttr(kNewAxis));
      break;
    case IndexItem::Kind::Ellipsis:
      attrs.push_back(b.getStringAttr(kEllipsis));
      break;
    }
  }
  return b.getArrayAttr(attrs);
}

/// An i64 bound of a slice, or unit (omitted).
static std::optional<std::optional<int64_t>> decodeBound(Attribute a) {
  if (isa<UnitAttr>(a))
    return std::optional<int64_t>();
  if (auto i = dyn_cast<IntegerAttr>(a))
    if (i.getType().isInteger(64) || i.getType().isIndex())
      return std::optional<int64_t>(i.getInt());
  return std::nullopt;
}

SemExpected<SmallVector<IndexItem>> mlir::tnp::decodeIndexItems(ArrayAttr indices) {
  SmallVector<IndexItem> items;
  for (Attribute a : indices) {
    if (auto i = dyn_cast<IntegerAttr>(a)) {
      if (!i.getType().isInteger(64) && !i.getType().isIndex())
        return invalidIndex();
      items.push_back(IndexItem::integer(i.getInt()));
      continue;
    }
    if (auto s = dyn_cast<StringAttr>(a)) {
      if (s.getValue() == kNewAxis)
        items.push_back(IndexItem::newAxis());
      else if (s.getValue() == kEllipsis)
        items.push_back(IndexItem::ellipsis());
      else
        return invalidIndex();
      continue;
    }
    auto arr = dyn_cast<ArrayAttr>(a);
    if (!arr || arr.size() != 3)
      return invalidIndex();
    auto start = decodeBound(arr[0]), stop = decodeBound(arr[1]),
         step = decodeBound(arr[2]);
    if (!start || !stop || !step)
      return sem::Error{sem::ErrorKind::Index,
                        "slice indices must be integers or None or have an "
                        "__index__ method"};
    if (*step && **step == 0)
      return sem::Error{sem::ErrorKind::Value, "slice step cannot be zero"};
    items.push_back(IndexItem::slice(*start, *stop, *step));
  }
  return items;
}

SemExpected<SmallVector<IndexItem>>
mlir::tnp::expandIndexItems(ArrayRef<IndexItem> items, int64_t rank) {
  int64_t used = 0, ellipses = 0;
  for (const IndexItem &it : items) {
    if (it.kind == IndexItem::Kind::Int || it.kind == IndexItem::Kind::Slice)
      ++used;
    else if (it.kind == IndexItem::Kind::Ellipsis)
      ++ellipses;
  }
  if (ellipses > 1)
    return sem::Error{sem::ErrorKind::Index,
                      "an index can only have a single ellipsis ('...')"};
  if (used > rank)
    return sem::Error{sem::ErrorKind::Index,
                      "too many indices for array: array is " +
                          std::to_string(rank) + "-dimensional, but " +
                          std::to_string(used) + " were indexed"};
  SmallVector<IndexItem> out;
  for (const IndexItem &it : items) {
    if (it.kind != IndexItem::Kind::Ellipsis) {
      out.push_back(it);
      continue;
    }
    for (int64_t i = used; i < rank; ++i)
      out.push_back(IndexItem::slice());
    used = rank;
  }
  for (int64_t i = used; i < rank; ++i)
    out.push_back(IndexItem::slice());
  return out;
}

std::pair<int64_t, int64_t> mlir::tnp::staticSliceBounds(const IndexItem &slice,
                                                         int64_t dim) {
  // CPython's PySlice_Unpack + PySlice_AdjustIndices.
  int64_t step = slice.step.value_or(1);
  if (step < -std::numeric_limits<int64_t>::max())
    step = -std::numeric_limits<int64_t>::max();
  auto adjust = [&](std::optional<int64_t> v, int64_t omitted) -> int64_t {
    if (!v)
      return omitted;
    int64_t x = *v;
    if (x < 0) {
      x += dim;
      if (x < 0)
        x = step < 0 ? -1 : 0;
    } else if (x >= dim) {
      x = step < 0 ? dim - 1 : dim;
    }
    return x;
  };
  int64_t start = adjust(slice.start, step < 0 ? dim - 1 : 0);
  int64_t stop = adjust(slice.stop, step < 0 ? -1 : dim);
  int64_t len = 0;
  if (step < 0) {
    if (stop < start)
      len = (start - stop - 1) / (-step) + 1;
  } else if (start < stop) {
    len = (stop - start - 1) / step + 1;
  }
  return {start, len};
}

SemExpected<RankedTensorType> mlir::tnp::inferIndexType(RankedTensorType input,
                                                        ArrayRef<IndexItem> items) {
  for (const IndexItem &it : items)
    if (it.kind == IndexItem::Kind::Slice && it.step && *it.step == 0)
      return sem::Error{sem::ErrorKind::Value, "slice step cannot be zero"};
  SemExpected<SmallVector<IndexItem>> expanded =
      expandIndexItems(items, input.getRank());
  if (!expanded)
    return expanded.error();
  SmallVector<int64_t> shape;
  int64_t axis = 0;
  for (const IndexItem &it : *expanded) {
    if (it.kind == IndexItem::Kind::NewAxis) {
      shape.push_back(1);
      continue;
    }
    int64_t dim = input.getDimSize(axis);
    if (it.kind == IndexItem::Kind::Int) {
      if (!ShapedType::isDynamic(dim) && (it.value >= dim || it.value < -dim))
        return sem::Error{sem::ErrorKind::Index,
                          "index " + std::to_string(it.value) +
                              " is out of bounds for axis " +
                              std::to_string(axis) + " with size " +
                              std::to_string(dim)};
    } else if (ShapedType::isDynamic(dim)) {
      shape.push_back(ShapedType::kDynamic);
    } else {
      shape.push_back(staticSliceBounds(it, dim).second);
    }
    ++axis;
  }
  return RankedTensorType::get(shape, input.getElementType(),
                               input.getEncoding());
}

SemExpected<Value> mlir::tnp::buildIndex(OpBuilder &b, Location loc, Value input,
                                         ArrayRef<IndexItem> items) {
  auto rt = dyn_cast<RankedTensorType>(input.getType());
  if (!rt)
    return sem::Error{sem::ErrorKind::DType,
                      "operand of type " + describeType(input.getType()) +
                          " is not a tnp array"};
  SemExpected<RankedTensorType> type = inferIndexType(rt, items);
  if (!type)
    return type.error();
  return IndexOp::create(b, loc, *type, input,
                         indexItemsAttr(b.getContext(), items))
      .getResult();
}

//===----------------------------------------------------------------------===//
// Custom syntax: `[1, -1, 1:3, ::-1, newaxis, ...]`
//===----------------------------------------------------------------------===//

static ParseResult parseIndexList(OpAsmParser &parser, ArrayAttr &indices) {
  Builder &b = parser.getBuilder();
  SmallVector<Attribute> items;
  auto parseBound = [&](Attribute &bound) -> ParseResult {
    int64_t v;
    OptionalParseResult r = parser.parseOptionalInteger(v);
    if (r.has_value()) {
      if (failed(*r))
        return failure();
      bound = b.getI64IntegerAttr(v);
    } else {
      bound = b.getUnitAttr();
    }
    return success();
  };
  auto parseItem = [&]() -> ParseResult {
    if (succeeded(parser.parseOptionalKeyword(kNewAxis))) {
      items.push_back(b.getStringAttr(kNewAxis));
      return success();
    }
    if (succeeded(parser.parseOptionalEllipsis())) {
      items.push_back(b.getStringAttr(kEllipsis));
      return success();
    }
    int64_t v;
    OptionalParseResult r = parser.parseOptionalInteger(v);
    bool hasInt = r.has_value();
    if (hasInt && failed(*r))
      return failure();
    if (failed(parser.parseOptionalColon())) {
      if (hasInt) {
        items.push_back(b.getI64IntegerAttr(v));
        return success();
      }
      // Anything else is kept as written; the verifier reports it.
      Attribute other;
      if (parser.parseAttribute(other))
        return failure();
      items.push_back(other);
      return success();
    }
    Attribute start = hasInt ? Attribute(b.getI64IntegerAttr(v))
                             : Attribute(b.getUnitAttr());
    Attribute stop, step = b.getUnitAttr();
    if (parseBound(stop))
      return failure();
    if (succeeded(parser.parseOptionalColon()) && parseBound(step))
      return failure();
    items.push_back(b.getArrayAttr({start, stop, step}));
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, parseItem))
    return failure();
  indices = b.getArrayAttr(items);
  return success();
}

static void printIndexList(OpAsmPrinter &p, Operation *, ArrayAttr indices) {
  auto printBound = [&](Attribute a) {
    if (auto i = dyn_cast<IntegerAttr>(a))
      p << i.getInt();
  };
  p << '[';
  llvm::interleaveComma(indices, p, [&](Attribute a) {
    if (auto i = dyn_cast<IntegerAttr>(a);
        i && i.getType().isInteger(64)) {
      p << i.getInt();
    } else if (auto s = dyn_cast<StringAttr>(a);
               s && (s.getValue() == kNewAxis || s.getValue() == kEllipsis)) {
      p << s.getValue();
    } else if (auto arr = dyn_cast<ArrayAttr>(a);
               arr && arr.size() == 3 &&
               llvm::all_of(arr, [](Attribute x) {
                 auto i = dyn_cast<IntegerAttr>(x);
                 return isa<UnitAttr>(x) || (i && i.getType().isInteger(64));
               })) {
      printBound(arr[0]);
      p << ':';
      printBound(arr[1]);
      if (!isa<UnitAttr>(arr[2])) {
        p << ':';
        printBound(arr[2]);
      }
    } else {
      p.printAttribute(a);
    }
  });
  p << ']';
}

//===----------------------------------------------------------------------===//
// Verifier and folder
//===----------------------------------------------------------------------===//

LogicalResult IndexOp::verify() {
  SemExpected<SmallVector<IndexItem>> items = decodeIndexItems(getIndices());
  if (!items)
    return emitSemanticsError(*this, items.error());
  SemExpected<RankedTensorType> inferred =
      inferIndexType(cast<RankedTensorType>(getInput().getType()), *items);
  if (!inferred)
    return emitSemanticsError(*this, inferred.error());
  // A `?` slice length may be refined to a static one only by inference.
  if (getType() != *inferred)
    return emitOpError() << "result type " << getType()
                         << " does not match the inferred type " << *inferred
                         << " (" << describeType(*inferred) << ")";
  return success();
}

OpFoldResult IndexOp::fold(FoldAdaptor) {
  // x[...], x[:], x[()]: the array itself.
  if (getInput().getType() != getType())
    return {};
  SemExpected<SmallVector<IndexItem>> items = decodeIndexItems(getIndices());
  if (!items)
    return {};
  for (const IndexItem &it : *items)
    if (it.kind != IndexItem::Kind::Ellipsis && !it.isFullSlice())
      return {};
  return getInput();
}

//===----------------------------------------------------------------------===//
// Boolean masks and integer arrays
//===----------------------------------------------------------------------===//

static sem::Error tooManyIndices(int64_t rank, int64_t used) {
  return sem::Error{sem::ErrorKind::Index,
                    "too many indices for array: array is " +
                        std::to_string(rank) + "-dimensional, but " +
                        std::to_string(used) + " were indexed"};
}

SemExpected<RankedTensorType>
mlir::tnp::inferMaskSelectType(RankedTensorType input, RankedTensorType mask,
                               int64_t axis) {
  if (toDType(mask.getElementType()) != sem::DType::Bool)
    return sem::Error{sem::ErrorKind::Index,
                      "a boolean mask must have dtype bool, not " +
                          describeType(mask)};
  int64_t k = mask.getRank();
  if (axis < 0 || axis + k > input.getRank())
    return tooManyIndices(input.getRank(), std::max<int64_t>(axis, 0) + k);
  for (int64_t j = 0; j < k; ++j) {
    int64_t d = input.getDimSize(axis + j), m = mask.getDimSize(j);
    if (!ShapedType::isDynamic(d) && !ShapedType::isDynamic(m) && d != m)
      return sem::Error{sem::ErrorKind::Index,
                        "boolean index did not match indexed array along "
                        "dimension " +
                            std::to_string(axis + j) + "; dimension is " +
                            std::to_string(d) +
                            " but corresponding boolean dimension is " +
                            std::to_string(m)};
  }
  SmallVector<int64_t> shape(input.getShape().take_front(axis));
  shape.push_back(ShapedType::kDynamic);
  llvm::append_range(shape, input.getShape().drop_front(axis + k));
  return RankedTensorType::get(shape, input.getElementType(),
                               input.getEncoding());
}

SemExpected<Value> mlir::tnp::buildMaskSelect(OpBuilder &b, Location loc,
                                              Value input, Value mask,
                                              int64_t axis) {
  auto it = dyn_cast<RankedTensorType>(input.getType());
  auto mt = dyn_cast<RankedTensorType>(mask.getType());
  if (!it || !mt)
    return sem::Error{sem::ErrorKind::DType, "operands of a boolean mask "
                                             "index must be tnp arrays"};
  SemExpected<RankedTensorType> type = inferMaskSelectType(it, mt, axis);
  if (!type)
    return type.error();
  return MaskSelectOp::create(b, loc, *type, input, mask,
                              b.getI64IntegerAttr(axis))
      .getResult();
}

SemExpected<RankedTensorType>
mlir::tnp::inferGatherType(RankedTensorType input, TypeRange indices,
                           ArrayRef<int64_t> dims, int64_t position) {
  int64_t rank = input.getRank();
  if (indices.empty() || indices.size() != dims.size())
    return sem::Error{sem::ErrorKind::Index,
                      "gather needs one input dim per index array"};
  // Each index array covers one input dim; a boolean mask of rank k covers
  // k consecutive dims and stands for its k nonzero() arrays, each of the
  // run-time length `?` (the number of true elements).
  std::vector<sem::Shape> shapes;
  SmallVector<bool> covered(rank, false);
  int64_t next = 0;
  for (auto [i, t] : llvm::enumerate(indices)) {
    auto rt = dyn_cast<RankedTensorType>(t);
    std::optional<sem::DType> dt =
        rt ? toDType(rt.getElementType()) : std::nullopt;
    bool mask = dt == sem::DType::Bool;
    if (!dt || !(mask || sem::isInteger(*dt)))
      return sem::Error{sem::ErrorKind::Index,
                        "arrays used as indices must be of integer (or "
                        "boolean) type, not " +
                            describeType(t)};
    if (mask && rt.getRank() == 0)
      return sem::Error{sem::ErrorKind::Index,
                        "a boolean mask of gather must have a rank of at "
                        "least 1"};
    int64_t d = dims[i], k = mask ? rt.getRank() : 1;
    if (d < next || d < 0)
      return sem::Error{sem::ErrorKind::Index,
                        "gather dims must be strictly increasing input dims "
                        "(a mask covers as many dims as its rank)"};
    if (d + k > rank)
      return tooManyIndices(rank, d + k);
    next = d + k;
    for (int64_t j = 0; j < k; ++j) {
      covered[d + j] = true;
      if (!mask)
        continue;
      int64_t m = rt.getDimSize(j), n = input.getDimSize(d + j);
      if (!ShapedType::isDynamic(m) && !ShapedType::isDynamic(n) && m != n)
        return sem::Error{sem::ErrorKind::Index,
                          "boolean index did not match indexed array along "
                          "dimension " +
                              std::to_string(d + j) + "; dimension is " +
                              std::to_string(n) +
                              " but corresponding boolean dimension is " +
                              std::to_string(m)};
      shapes.push_back(sem::Shape{ShapedType::kDynamic});
    }
    if (!mask)
      shapes.emplace_back(rt.getShape().begin(), rt.getShape().end());
  }
  int64_t kept = llvm::count(covered, false);
  if (position < 0 || position > kept)
    return sem::Error{sem::ErrorKind::Index,
                      "gather position " + std::to_string(position) +
                          " is not in [0, " + std::to_string(kept) + "]"};
  sem::Expected<sem::Shape> bshape = sem::broadcastShapes(shapes);
  if (!bshape) {
    std::string msg = "shape mismatch: indexing arrays could not be "
                      "broadcast together with shapes";
    for (const sem::Shape &s : shapes)
      msg += " " + sem::shapeStr(s);
    return sem::Error{sem::ErrorKind::Index, msg};
  }
  SmallVector<int64_t> keptDims;
  for (int64_t d = 0; d < rank; ++d)
    if (!covered[d])
      keptDims.push_back(input.getDimSize(d));
  SmallVector<int64_t> shape(ArrayRef(keptDims).take_front(position));
  llvm::append_range(shape, *bshape);
  llvm::append_range(shape, ArrayRef(keptDims).drop_front(position));
  return RankedTensorType::get(shape, input.getElementType(),
                               input.getEncoding());
}

SemExpected<Value> mlir::tnp::buildGather(OpBuilder &b, Location loc,
                                          Value input, ValueRange indices,
                                          ArrayRef<int64_t> dims,
                                          int64_t position) {
  auto it = dyn_cast<RankedTensorType>(input.getType());
  if (!it)
    return sem::Error{sem::ErrorKind::DType,
                      "operand of type " + describeType(input.getType()) +
                          " is not a tnp array"};
  SemExpected<RankedTensorType> type =
      inferGatherType(it, indices.getTypes(), dims, position);
  if (!type)
    return type.error();
  return GatherOp::create(b, loc, *type, input, indices,
                          b.getDenseI64ArrayAttr(dims),
                          b.getI64IntegerAttr(position))
      .getResult();
}

LogicalResult MaskSelectOp::verify() {
  SemExpected<RankedTensorType> inferred = inferMaskSelectType(
      getInput().getType(), getMask().getType(), getAxis());
  if (!inferred)
    return emitSemanticsError(*this, inferred.error());
  if (getType() != *inferred)
    return emitOpError() << "result type " << getType()
                         << " does not match the inferred type " << *inferred;
  return success();
}

LogicalResult GatherOp::verify() {
  SemExpected<RankedTensorType> inferred = inferGatherType(
      getInput().getType(), getIndices().getTypes(), getDims(), getPosition());
  if (!inferred)
    return emitSemanticsError(*this, inferred.error());
  if (getType() != *inferred)
    return emitOpError() << "result type " << getType()
                         << " does not match the inferred type " << *inferred;
  return success();
}

/// NumPy's assignment error when `values` cannot broadcast to `region`
/// (static dims; dynamic ones are checked at run time).
static std::optional<sem::Error> updateValuesError(RankedTensorType values,
                                                   RankedTensorType region) {
  sem::Shape from(values.getShape().begin(), values.getShape().end());
  sem::Shape to(region.getShape().begin(), region.getShape().end());
  sem::Error e{sem::ErrorKind::Broadcast,
               "could not broadcast input array from shape " +
                   sem::shapeStr(from) + " into shape " + sem::shapeStr(to)};
  if (values.getRank() > region.getRank())
    return e;
  int64_t off = region.getRank() - values.getRank();
  for (int64_t i = 0; i < values.getRank(); ++i) {
    int64_t v = from[i], r = to[i + off];
    if (!ShapedType::isDynamic(v) && !ShapedType::isDynamic(r) && v != 1 &&
        v != r)
      return e;
  }
  return std::nullopt;
}

/// The checks shared by the update ops: the mode, the result type (the
/// input's) and values that broadcast to the updated region.
static LogicalResult verifyUpdate(Operation *op, StringRef mode,
                                  RankedTensorType input, Type result,
                                  RankedTensorType values,
                                  RankedTensorType region) {
  if (mode != "set" && mode != "add")
    return op->emitOpError() << "mode must be \"set\" or \"add\", not \""
                             << mode << "\"";
  if (result != input)
    return op->emitOpError() << "result type " << result
                             << " must be the input type " << input;
  if (!toDType(values.getElementType()))
    return op->emitOpError() << "values must be a tnp array";
  if (std::optional<sem::Error> e = updateValuesError(values, region))
    return emitSemanticsError(op, *e);
  return success();
}

LogicalResult IndexUpdateOp::verify() {
  SemExpected<SmallVector<IndexItem>> items = decodeIndexItems(getIndices());
  if (!items)
    return emitSemanticsError(*this, items.error());
  SemExpected<RankedTensorType> region =
      inferIndexType(getInput().getType(), *items);
  if (!region)
    return emitSemanticsError(*this, region.error());
  return verifyUpdate(*this, getMode(), getInput().getType(), getType(),
                      getValues().getType(), *region);
}

LogicalResult ScatterOp::verify() {
  SemExpected<RankedTensorType> region = inferGatherType(
      getInput().getType(), getIndices().getTypes(), getDims(), getPosition());
  if (!region)
    return emitSemanticsError(*this, region.error());
  return verifyUpdate(*this, getMode(), getInput().getType(), getType(),
                      getValues().getType(), *region);
}

#define GET_OP_CLASSES
#include "TNP/IR/TNPIndexingOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Subscripts (front-ends)
//===----------------------------------------------------------------------===//

// Basic slicing of the input (every advanced item a full slice per dim it
// covers; newaxis left out), then the mask selection or the gather, then the
// newaxis dims. Leaving newaxis out until the end keeps the axis numbers of
// the error messages NumPy's: those of the input. A 0-d mask among other
// advanced items adds a size-1 dim it indexes (NumPy: `x[True, i]` is
// `x[None][[0], i]`); that dim is appended after the input's dims, where it
// does not renumber them.
SemExpected<Value> mlir::tnp::buildSubscript(OpBuilder &b, Location loc,
                                             Value base,
                                             ArrayRef<SubscriptItem> items) {
  auto baseType = dyn_cast<RankedTensorType>(base.getType());
  if (!baseType)
    return sem::Error{sem::ErrorKind::DType,
                      "operand of type " + describeType(base.getType()) +
                          " is not a tnp array"};
  enum class Kind { Basic, Mask, IntArray };
  struct Part {
    Kind kind;
    IndexItem item;
    Value array;
  };
  std::vector<Part> parts;
  for (const SubscriptItem &it : items) {
    if (!it.array) {
      parts.push_back({Kind::Basic, it.item, Value()});
      continue;
    }
    auto rt = dyn_cast<RankedTensorType>(it.array.getType());
    std::optional<sem::DType> dt =
        rt ? toDType(rt.getElementType()) : std::nullopt;
    if (dt == sem::DType::Bool)
      parts.push_back({Kind::Mask, IndexItem(), it.array});
    else if (dt && sem::isInteger(*dt))
      parts.push_back({Kind::IntArray, IndexItem(), it.array});
    else
      return sem::Error{sem::ErrorKind::Index,
                        "arrays used as indices must be of integer (or "
                        "boolean) type"};
  }
  if (llvm::all_of(parts, [](const Part &p) { return p.kind == Kind::Basic; })) {
    SmallVector<IndexItem> basic;
    for (const Part &p : parts)
      basic.push_back(p.item);
    return buildIndex(b, loc, base, basic);
  }

  auto rankOf = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getRank();
  };
  size_t advanced = 0;
  for (const Part &p : parts)
    advanced += p.kind != Kind::Basic || p.item.kind == IndexItem::Kind::Int;
  bool maskOnly = advanced == 1 && llvm::any_of(parts, [](const Part &p) {
                    return p.kind == Kind::Mask;
                  });
  if (!maskOnly)
    for (Part &p : parts)
      if (p.kind == Kind::Basic && p.item.kind == IndexItem::Kind::Int) {
        // NumPy turns an integer next to an array into a 0-d intp array.
        SemExpected<Value> c =
            buildAsarray(b, loc, {sem::Scalar::fromInt(p.item.value)}, {},
                         sem::DType::Int64, sem::PromotionOptions());
        if (!c)
          return c.error();
        p.kind = Kind::IntArray;
        p.array = *c;
      }
  int64_t rank = baseType.getRank(), used = 0;
  bool hasEllipsis = false;
  for (const Part &p : parts) {
    if (p.kind == Kind::Mask)
      used += rankOf(p.array);
    else if (p.kind == Kind::IntArray || p.item.kind == IndexItem::Kind::Slice)
      used += 1;
    hasEllipsis |= p.kind == Kind::Basic && p.item.kind == IndexItem::Kind::Ellipsis;
  }
  if (used > rank)
    return tooManyIndices(rank, used);
  SmallVector<IndexItem> slicing;
  SmallVector<std::pair<int64_t, Value>> operands; // (first dim, array)
  SmallVector<int64_t> newAxes; // newaxis: kept dims before it (newaxis too)
  SmallVector<size_t> advParts; // part numbers of the advanced parts
  int64_t sDim = 0, keptS = 0, keptFull = 0, posS = -1, posFull = -1;
  int64_t coveredDims = 0;
  SmallVector<Value> zeroDMasks;
  for (auto [i, p] : llvm::enumerate(parts)) {
    if (p.kind == Kind::Basic) {
      switch (p.item.kind) {
      case IndexItem::Kind::NewAxis:
        newAxes.push_back(keptFull++);
        continue;
      case IndexItem::Kind::Ellipsis: {
        int64_t n = std::max<int64_t>(rank - used, 0);
        sDim += n;
        keptS += n;
        keptFull += n;
        break;
      }
      default: // a slice
        sDim += 1;
        keptS += 1;
        keptFull += 1;
      }
      slicing.push_back(p.item);
      continue;
    }
    advParts.push_back(i);
    if (posS < 0) {
      posS = keptS;
      posFull = keptFull;
    }
    int64_t k = p.kind == Kind::Mask ? rankOf(p.array) : 1;
    if (k == 0 && !maskOnly) {
      // A 0-d mask with other advanced items: a (1,) mask of a new dim.
      SemExpected<Value> m = buildReshape(b, loc, p.array, {1});
      if (!m)
        return m.error();
      zeroDMasks.push_back(*m);
      continue;
    }
    operands.push_back({sDim, p.array});
    coveredDims += k;
    for (int64_t j = 0; j < k; ++j)
      slicing.push_back(IndexItem::slice());
    sDim += k;
  }
  if (!zeroDMasks.empty()) {
    if (!hasEllipsis)
      slicing.push_back(IndexItem::ellipsis());
    for (auto [j, m] : llvm::enumerate(zeroDMasks)) {
      slicing.push_back(IndexItem::newAxis());
      operands.push_back({rank + static_cast<int64_t>(j), m});
      ++coveredDims;
    }
  }
  bool adjacent = advParts.back() - advParts.front() + 1 == advParts.size();
  SemExpected<Value> sliced = buildIndex(b, loc, base, slicing);
  if (!sliced)
    return sliced;
  SemExpected<Value> r = [&]() -> SemExpected<Value> {
    if (maskOnly)
      return buildMaskSelect(b, loc, *sliced, operands[0].second,
                             operands[0].first);
    SmallVector<Value> idx;
    SmallVector<int64_t> dims;
    for (auto &[d, v] : operands) {
      dims.push_back(d);
      idx.push_back(v);
    }
    return buildGather(b, loc, *sliced, idx, dims, adjacent ? posS : 0);
  }();
  if (!r || newAxes.empty())
    return r;
  // B's rank: the result's dims beyond the sliced array's kept ones.
  int64_t bRank = rankOf(*r) - (rankOf(*sliced) - coveredDims);
  int64_t insertAt = adjacent ? posFull : 0;
  SmallVector<int64_t> axes;
  for (int64_t q : newAxes)
    axes.push_back(q < insertAt ? q : q + bRank);
  return buildExpandDims(b, loc, *r, axes);
}

SemExpected<Value> mlir::tnp::buildIndexUpdate(OpBuilder &b, Location loc,
                                               Value input,
                                               ArrayRef<IndexItem> items,
                                               StringRef mode, Value values) {
  auto it = dyn_cast<RankedTensorType>(input.getType());
  auto vt = dyn_cast<RankedTensorType>(values.getType());
  if (!it || !vt || !toDType(vt.getElementType()))
    return sem::Error{sem::ErrorKind::DType, "index_update takes tnp arrays"};
  SemExpected<RankedTensorType> region = inferIndexType(it, items);
  if (!region)
    return region.error();
  if (std::optional<sem::Error> e = updateValuesError(vt, *region))
    return *e;
  return IndexUpdateOp::create(b, loc, it, input,
                               indexItemsAttr(b.getContext(), items),
                               b.getStringAttr(mode), values)
      .getResult();
}

SemExpected<Value> mlir::tnp::buildScatter(OpBuilder &b, Location loc,
                                           Value input, ValueRange indices,
                                           ArrayRef<int64_t> dims,
                                           int64_t position, StringRef mode,
                                           Value values) {
  auto it = dyn_cast<RankedTensorType>(input.getType());
  auto vt = dyn_cast<RankedTensorType>(values.getType());
  if (!it || !vt || !toDType(vt.getElementType()))
    return sem::Error{sem::ErrorKind::DType, "scatter takes tnp arrays"};
  SemExpected<RankedTensorType> region =
      inferGatherType(it, indices.getTypes(), dims, position);
  if (!region)
    return region.error();
  if (std::optional<sem::Error> e = updateValuesError(vt, *region))
    return *e;
  return ScatterOp::create(b, loc, it, input, indices,
                           b.getDenseI64ArrayAttr(dims),
                           b.getI64IntegerAttr(position), b.getStringAttr(mode),
                           values)
      .getResult();
}
