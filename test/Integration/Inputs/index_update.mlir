// Functional index updates (tnp.index_update, tnp.scatter) run by e2e.py
// against NumPy references (build_index_update): the translator has no
// syntax for `x.at[index].set(v)` / `.add(v)`.
module {
  func.func @set_row(%x: tensor<3x4xf32>, %v: tensor<4xf64>) -> tensor<3x4xf32> {
    %r = tnp.index_update %x [1] "set" %v : tensor<3x4xf32>, tensor<4xf64> -> tensor<3x4xf32>
    return %r : tensor<3x4xf32>
  }
  func.func @set_rev(%x: tensor<3x4xsi32>, %v: tensor<2x1x1xf32>) -> tensor<3x4xsi32> {
    %r = tnp.index_update %x [:0:-1, newaxis, ::-2] "set" %v : tensor<3x4xsi32>, tensor<2x1x1xf32> -> tensor<3x4xsi32>
    return %r : tensor<3x4xsi32>
  }
  func.func @add_block(%x: tensor<3x4xsi8>, %v: tensor<si8>) -> tensor<3x4xsi8> {
    %r = tnp.index_update %x [1:, ..., 2:] "add" %v : tensor<3x4xsi8>, tensor<si8> -> tensor<3x4xsi8>
    return %r : tensor<3x4xsi8>
  }
  func.func @add_dynamic(%x: tensor<?x4xcomplex<f32>>, %v: tensor<4xcomplex<f32>>) -> tensor<?x4xcomplex<f32>> {
    %r = tnp.index_update %x [::2] "add" %v : tensor<?x4xcomplex<f32>>, tensor<4xcomplex<f32>> -> tensor<?x4xcomplex<f32>>
    return %r : tensor<?x4xcomplex<f32>>
  }
  func.func @set_bool(%x: tensor<3x4xi1>, %v: tensor<i1>) -> tensor<3x4xi1> {
    %r = tnp.index_update %x [-1, 1:3] "set" %v : tensor<3x4xi1>, tensor<i1> -> tensor<3x4xi1>
    return %r : tensor<3x4xi1>
  }
  func.func @scatter_set(%x: tensor<5x3xf32>, %i: tensor<3xsi64>, %v: tensor<3x3xf32>) -> tensor<5x3xf32> {
    %r = tnp.scatter %x [%i] dims [0] at 0 "set" %v : tensor<5x3xf32>, (tensor<3xsi64>), tensor<3x3xf32> -> tensor<5x3xf32>
    return %r : tensor<5x3xf32>
  }
  func.func @scatter_add(%x: tensor<5x3xf32>, %i: tensor<6xsi32>, %v: tensor<6x3xf32>) -> tensor<5x3xf32> {
    %r = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<5x3xf32>, (tensor<6xsi32>), tensor<6x3xf32> -> tensor<5x3xf32>
    return %r : tensor<5x3xf32>
  }
  func.func @scatter_add2(%x: tensor<3x4xsi64>, %i: tensor<2x1xsi64>, %j: tensor<3xui8>, %v: tensor<si64>) -> tensor<3x4xsi64> {
    %r = tnp.scatter %x [%i, %j] dims [0, 1] at 0 "add" %v : tensor<3x4xsi64>, (tensor<2x1xsi64>, tensor<3xui8>), tensor<si64> -> tensor<3x4xsi64>
    return %r : tensor<3x4xsi64>
  }
  func.func @scatter_mask_set(%x: tensor<3x4xf32>, %m: tensor<3x4xi1>, %v: tensor<f64>) -> tensor<3x4xf32> {
    %r = tnp.scatter %x [%m] dims [0] at 0 "set" %v : tensor<3x4xf32>, (tensor<3x4xi1>), tensor<f64> -> tensor<3x4xf32>
    return %r : tensor<3x4xf32>
  }
  func.func @scatter_mask_add(%x: tensor<3x4xsi32>, %m: tensor<3xi1>, %j: tensor<2xsi64>, %v: tensor<2xsi32>) -> tensor<3x4xsi32> {
    %r = tnp.scatter %x [%m, %j] dims [0, 1] at 0 "add" %v : tensor<3x4xsi32>, (tensor<3xi1>, tensor<2xsi64>), tensor<2xsi32> -> tensor<3x4xsi32>
    return %r : tensor<3x4xsi32>
  }
  func.func @scatter_dynamic(%x: tensor<?xf64>, %i: tensor<?xsi64>, %v: tensor<?xf64>) -> tensor<?xf64> {
    %r = tnp.scatter %x [%i] dims [0] at 0 "add" %v : tensor<?xf64>, (tensor<?xsi64>), tensor<?xf64> -> tensor<?xf64>
    return %r : tensor<?xf64>
  }
}
