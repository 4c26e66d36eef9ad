//===- TNPToLinalg.h - Lowering tnp to linalg on tensors --------*- C++ -*-===//
//
// Part of tnp. The conversion is a thin pass (tnp-convert-to-linalg) plus
// one populate function per op family (STYLE.md rule 4).
//
//===----------------------------------------------------------------------===//

#ifndef TNP_CONVERSION_TNPTOLINALG_H
#define TNP_CONVERSION_TNPTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace tnp {

/// The attribute tnp-convert-to-linalg (mask-chunks > 1) puts on the scf.for
/// of a tnp.scatter: "set" or "add". tnp-parallel-scatter runs such a
/// loop's iterations in parallel.
constexpr llvm::StringLiteral kScatterLoopAttr = "tnp_scatter_loop";

/// Converts tnp tensor types to signless tensors without the weak encoding;
/// leaves every other type alone.
class TNPTypeConverter : public TypeConverter {
public:
  TNPTypeConverter();
};

void populateTNPElementwiseToLinalgPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns);
void populateTNPReductionToLinalgPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns);
void populateTNPLinearAlgebraToLinalgPatterns(const TypeConverter &converter,
                                              RewritePatternSet &patterns);
void populateTNPDataMovementToLinalgPatterns(const TypeConverter &converter,
                                             RewritePatternSet &patterns);
void populateTNPCreationToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
/// `maskChunks`: how boolean masks are compacted (1: one sequential loop;
/// more: up to that many chunks in parallel, see tnp-convert-to-linalg's
/// mask-chunks option).
void populateTNPIndexingToLinalgPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns,
                                         int64_t maskChunks = 1);

} // namespace tnp
} // namespace mlir

#endif // TNP_CONVERSION_TNPTOLINALG_H
