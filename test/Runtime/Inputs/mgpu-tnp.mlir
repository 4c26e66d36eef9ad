// Input of mgpu-declarations.test's TNP run: a fused elementwise kernel, and
// a row sum whose result is a device temporary (mgpuMemFree).
func.func @axpy(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %two = tnp.constant dense<2.0> : tensor<f32>
  %ax = tnp.multiply %x, %two : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  %r = tnp.add %ax, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}
func.func @rownorm(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %s = tnp.sum %x axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
  %r = tnp.true_divide %x, %s : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
