// Public functions that call each other (see entry-points.test).
module attributes {tnp.dtype_conversion_mode = "legacy"} {
  func.func @double(%x: tensor<3xf32>) -> tensor<3xf32> {
    %0 = tnp.add %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    return %0 : tensor<3xf32>
  }
  func.func @quadruple(%x: tensor<3xf32>) -> tensor<3xf32> {
    %0 = call @double(%x) : (tensor<3xf32>) -> tensor<3xf32>
    %1 = call @double(%0) : (tensor<3xf32>) -> tensor<3xf32>
    return %1 : tensor<3xf32>
  }
  func.func @square_then_quadruple(%x: tensor<3xf32>) -> tensor<3xf32> {
    %0 = tnp.multiply %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %1 = call @quadruple(%0) : (tensor<3xf32>) -> tensor<3xf32>
    return %1 : tensor<3xf32>
  }
}
