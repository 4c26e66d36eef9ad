// tnp-canonicalize{dialects=...}: upstream's canonicalizer with the
// canonicalization patterns of the named dialects only (tnp-cpu-pipeline's
// stages use it with the dialects each stage can hold). Ops of the other
// dialects are still folded, but their patterns are not tried.
// RUN: tnp-opt %s --tnp-canonicalize="dialects=arith" | FileCheck %s --check-prefix=ARITH
// RUN: tnp-opt %s --tnp-canonicalize="dialects=tensor" | FileCheck %s --check-prefix=TENSOR
// RUN: tnp-opt %s --tnp-canonicalize="dialects=arith,tensor" | FileCheck %s --check-prefix=BOTH
// RUN: tnp-opt %s --tnp-canonicalize | FileCheck %s --check-prefix=NONE

func.func @f(%x: i32, %t: tensor<4xf32>) -> (i32, tensor<?xf32>) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %a = arith.addi %x, %c1 : i32
  %b = arith.addi %a, %c2 : i32
  %c = tensor.cast %t : tensor<4xf32> to tensor<?xf32>
  %d = tensor.cast %c : tensor<?xf32> to tensor<?xf32>
  %e = tensor.cast %d : tensor<?xf32> to tensor<4xf32>
  %f = tensor.cast %e : tensor<4xf32> to tensor<?xf32>
  return %b, %f : i32, tensor<?xf32>
}

// arith's pattern folds the two additions of constants into one; tensor's
// pattern for chains of casts is not tried (the identity cast folds).
// ARITH-LABEL: func.func @f(
// ARITH-SAME:      %[[X:.*]]: i32, %[[T:.*]]: tensor<4xf32>
// ARITH:         %[[C3:.*]] = arith.constant 3 : i32
// ARITH:         %[[SUM:.*]] = arith.addi %[[X]], %[[C3]] : i32
// ARITH-NEXT:    %[[A:.*]] = tensor.cast %[[T]] : tensor<4xf32> to tensor<?xf32>
// ARITH-NEXT:    %[[B:.*]] = tensor.cast %[[A]] : tensor<?xf32> to tensor<4xf32>
// ARITH-NEXT:    %[[C:.*]] = tensor.cast %[[B]] : tensor<4xf32> to tensor<?xf32>
// ARITH-NEXT:    return %[[SUM]], %[[C]]

// TENSOR-LABEL: func.func @f(
// TENSOR-SAME:      %[[X:.*]]: i32, %[[T:.*]]: tensor<4xf32>
// TENSOR:         %[[A:.*]] = arith.addi %[[X]], %{{.*}} : i32
// TENSOR-NEXT:    %[[B:.*]] = arith.addi %[[A]], %{{.*}} : i32
// TENSOR-NEXT:    %[[C:.*]] = tensor.cast %[[T]] : tensor<4xf32> to tensor<?xf32>
// TENSOR-NEXT:    return %[[B]], %[[C]]

// BOTH-LABEL: func.func @f(
// BOTH:         arith.constant 3 : i32
// BOTH-NEXT:    arith.addi
// BOTH-NEXT:    tensor.cast
// BOTH-NEXT:    return

// NONE-LABEL: func.func @f(
// NONE-COUNT-2: arith.addi
// NONE-COUNT-3: tensor.cast
// NONE-NEXT:    return
