// RUN: tnp-opt %s -tnp-convert-to-linalg -split-input-file | FileCheck %s

// expand_dims is an expand_shape whose unit dims join their neighbours'
// groups; a dynamic dim's size comes from the input.
// CHECK-LABEL: func @expand_dims
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x3xf32> {bufferization.writable = false})
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %c0
// CHECK: tensor.expand_shape %[[X]] {{\[}}[0, 1], [2, 3]] output_shape [1, %[[D]], 3, 1] : tensor<?x3xf32> into tensor<1x?x3x1xf32>
func.func @expand_dims(%x: tensor<?x3xf32>) -> tensor<1x?x3x1xf32> {
  %r = tnp.expand_dims %x [0, 3] : tensor<?x3xf32> -> tensor<1x?x3x1xf32>
  return %r : tensor<1x?x3x1xf32>
}

// -----

// CHECK-LABEL: func @expand_dims_0d
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<i8> into tensor<1x1xi8>
func.func @expand_dims_0d(%x: tensor<si8>) -> tensor<1x1xsi8> {
  %r = tnp.expand_dims %x [0, 1] : tensor<si8> -> tensor<1x1xsi8>
  return %r : tensor<1x1xsi8>
}

// -----

// A static squeeze is a collapse_shape.
// CHECK-LABEL: func @squeeze
// CHECK-NOT: scf.if
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1, 2]] : tensor<1x3x1xf32> into tensor<3xf32>
func.func @squeeze(%x: tensor<1x3x1xf32>) -> tensor<3xf32> {
  %r = tnp.squeeze %x [0, 2] : tensor<1x3x1xf32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// A squeezed dynamic dim must be 1 at run time (NumPy's error otherwise,
// naming the axis and the shape); the input is then cast to the static
// unit dims and collapsed.
// CHECK-LABEL: func @squeeze_dynamic
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x?x3x?xi32> {bufferization.writable = false})
// CHECK: %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[D3:.*]] = tensor.dim %[[X]], %c3
// CHECK: %[[B1:.*]] = arith.cmpi ne, %[[D1]], %c1
// CHECK: %[[B3:.*]] = arith.cmpi ne, %[[D3]], %c1
// CHECK: %[[BAD:.*]] = arith.ori %[[B1]], %[[B3]]
// CHECK: scf.if %[[BAD]] -> (tensor<3xi32>)
// CHECK: llvm.mlir.addressof @__tnp_error_squeeze
// CHECK: } else {
// CHECK: %[[C:.*]] = tensor.cast %[[X]] : tensor<1x?x3x?xi32> to tensor<1x1x3x1xi32>
// CHECK: tensor.collapse_shape %[[C]] {{\[}}[0, 1, 2, 3]] : tensor<1x1x3x1xi32> into tensor<3xi32>
func.func @squeeze_dynamic(%x: tensor<1x?x3x?xsi32>) -> tensor<3xsi32> {
  %r = tnp.squeeze %x [0, 1, 3] : tensor<1x?x3x?xsi32> -> tensor<3xsi32>
  return %r : tensor<3xsi32>
}

// -----

// CHECK-LABEL: func @squeeze_to_0d
// CHECK: tensor.collapse_shape %{{.*}} [] : tensor<1x1xf64> into tensor<f64>
func.func @squeeze_to_0d(%x: tensor<1x1xf64>) -> tensor<f64> {
  %r = tnp.squeeze %x [0, 1] : tensor<1x1xf64> -> tensor<f64>
  return %r : tensor<f64>
}

// -----

// concatenate inserts each array at its offset along the axis; an empty
// array is skipped (MLIR rejects a static offset at a dim's end).
// CHECK-LABEL: func @concatenate
// CHECK-SAME: (%[[A:[^:]*]]: tensor<2x3xi32> {bufferization.writable = false}, %[[B:[^:]*]]: tensor<2x1xi32> {bufferization.writable = false}, %[[E:[^:]*]]: tensor<2x0xi32> {bufferization.writable = false})
// CHECK-NOT: scf.if
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x4xi32>
// CHECK: %[[R0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [2, 3] [1, 1]
// CHECK-NOT: %[[E]]
// CHECK: tensor.insert_slice %[[B]] into %[[R0]][0, 3] [2, 1] [1, 1]
func.func @concatenate(%a: tensor<2x3xsi32>, %b: tensor<2x1xsi32>, %e: tensor<2x0xsi32>) -> tensor<2x4xsi32> {
  %r = tnp.concatenate %a, %e, %b axis 1 : (tensor<2x3xsi32>, tensor<2x0xsi32>, tensor<2x1xsi32>) -> tensor<2x4xsi32>
  return %r : tensor<2x4xsi32>
}

// -----

// Along a dynamic axis the offsets are run-time sums; a non-axis dim known
// only at run time is compared with the first array's (NumPy's message).
// CHECK-LABEL: func @concatenate_dynamic
// CHECK-SAME: (%[[A:[^:]*]]: tensor<?x3xf32> {bufferization.writable = false}, %[[B:[^:]*]]: tensor<2x?xf32> {bufferization.writable = false})
// CHECK: %[[W0:.*]] = tensor.dim %[[A]], %c1
// CHECK: %[[W1:.*]] = tensor.dim %[[B]], %c1
// CHECK: %[[BAD:.*]] = arith.cmpi ne, %[[W0]], %[[W1]]
// CHECK: scf.if %[[BAD]] -> (tensor<?x3xf32>)
// CHECK: llvm.mlir.addressof @__tnp_error_concatenate
// CHECK: } else {
// CHECK: %[[N:.*]] = tensor.dim %[[A]], %c0
// CHECK: %[[OFF:.*]] = arith.addi %{{.*}}, %[[N]]
// CHECK: %[[TOTAL:.*]] = arith.addi %[[OFF]], %c2
// CHECK: %[[INIT:.*]] = tensor.empty(%[[TOTAL]]) : tensor<?x3xf32>
// CHECK: %[[R0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0]
// CHECK: tensor.insert_slice %[[B]] into %[[R0]][%[[OFF]], 0] [2, %{{.*}}] [1, 1] : tensor<2x?xf32> into tensor<?x3xf32>
func.func @concatenate_dynamic(%a: tensor<?x3xf32>, %b: tensor<2x?xf32>) -> tensor<?x3xf32> {
  %r = tnp.concatenate %a, %b axis 0 : (tensor<?x3xf32>, tensor<2x?xf32>) -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// -----

// stack inserts each array as a unit slice (rank-reducing) at its index.
// CHECK-LABEL: func @stack
// CHECK-SAME: (%[[A:[^:]*]]: tensor<3xf64> {bufferization.writable = false}, %[[B:[^:]*]]: tensor<3xf64> {bufferization.writable = false})
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<3x2xf64>
// CHECK: %[[R0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [3, 1] [1, 1] : tensor<3xf64> into tensor<3x2xf64>
// CHECK: tensor.insert_slice %[[B]] into %[[R0]][0, 1] [3, 1] [1, 1] : tensor<3xf64> into tensor<3x2xf64>
func.func @stack(%a: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<3x2xf64> {
  %r = tnp.stack %a, %b axis 1 : (tensor<3xf64>, tensor<3xf64>) -> tensor<3x2xf64>
  return %r : tensor<3x2xf64>
}

// -----

// Dynamic shapes must be equal at run time; the error names all shapes.
// CHECK-LABEL: func @stack_dynamic
// CHECK: arith.cmpi ne
// CHECK: scf.if %{{.*}} -> (tensor<?x2xf32>)
// CHECK: llvm.mlir.addressof @__tnp_error_stack
// CHECK: } else {
// CHECK: tensor.insert_slice
// CHECK: tensor.insert_slice
func.func @stack_dynamic(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?x2xf32> {
  %r = tnp.stack %a, %b axis 1 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// A static split extracts each piece; an empty piece is an empty tensor.
// CHECK-LABEL: func @split
// CHECK-SAME: (%[[X:[^:]*]]: tensor<7x2xi8> {bufferization.writable = false})
// CHECK-DAG: %[[P0:.*]] = tensor.extract_slice %[[X]][0, 0] [5, 2] [1, 1] : tensor<7x2xi8> to tensor<5x2xi8>
// CHECK-DAG: %[[P1:.*]] = tensor.empty() : tensor<0x2xi8>
// CHECK-DAG: %[[P2:.*]] = tensor.extract_slice %[[X]][2, 0] [5, 2] [1, 1] : tensor<7x2xi8> to tensor<5x2xi8>
// CHECK: return %[[P0]], %[[P1]], %[[P2]]
func.func @split(%x: tensor<7x2xsi8>) -> (tensor<5x2xsi8>, tensor<0x2xsi8>, tensor<5x2xsi8>) {
  %r:3 = tnp.split %x indices [5, 2] axis 0 : tensor<7x2xsi8> -> tensor<5x2xsi8>, tensor<0x2xsi8>, tensor<5x2xsi8>
  return %r#0, %r#1, %r#2 : tensor<5x2xsi8>, tensor<0x2xsi8>, tensor<5x2xsi8>
}

// -----

// Equal sections of a dynamic axis: the division is checked at run time.
// CHECK-LABEL: func @split_sections_dynamic
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?x2xf32> {bufferization.writable = false})
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[REM:.*]] = arith.remui %[[N]], %c2
// CHECK: %[[BAD:.*]] = arith.cmpi ne, %[[REM]], %c0
// CHECK: scf.if %[[BAD]] -> (tensor<?x2xf32>, tensor<?x2xf32>)
// CHECK: llvm.mlir.addressof @__tnp_error_split
// CHECK: } else {
// CHECK: %[[EACH:.*]] = arith.divui %[[N]], %c2
// CHECK: tensor.extract_slice %[[X]][%{{.*}}, 0] [%[[EACH]], 2] [1, 1]
// CHECK: tensor.extract_slice %[[X]][%{{.*}}, 0] [%[[EACH]], 2] [1, 1]
func.func @split_sections_dynamic(%x: tensor<?x2xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>) {
  %r:2 = tnp.split %x sections 2 axis 0 : tensor<?x2xf32> -> tensor<?x2xf32>, tensor<?x2xf32>
  return %r#0, %r#1 : tensor<?x2xf32>, tensor<?x2xf32>
}

// -----

// Split indices of a dynamic axis are Python slice bounds computed at run
// time (a negative index counts from the end, clamped at 0).
// CHECK-LABEL: func @split_indices_dynamic
// CHECK-SAME: (%[[X:[^:]*]]: tensor<?xf32> {bufferization.writable = false})
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[SUM:.*]] = arith.addi %[[N]], %c-2
// CHECK: %[[P:.*]] = arith.maxsi %[[SUM]], %c0
// CHECK-NOT: scf.if
// CHECK: tensor.extract_slice %[[X]][%c0{{.*}}] [%{{.*}}] [1]
// CHECK: tensor.extract_slice %[[X]][%[[P]]] [%{{.*}}] [1]
func.func @split_indices_dynamic(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %r:2 = tnp.split %x indices [-2] axis 0 : tensor<?xf32> -> tensor<?xf32>, tensor<?xf32>
  return %r#0, %r#1 : tensor<?xf32>, tensor<?xf32>
}
