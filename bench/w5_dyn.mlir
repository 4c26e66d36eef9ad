// W5 (row softmax) with dynamic sizes: S float32 of any shape (?x?). The
// max and sum keep S's rows, so the subtract and divide need no run-time
// broadcast check and fuse as in the static program (w5.mlir).
module attributes {tnp.dtype_conversion_mode = "legacy", tnp.prefer_float32 = false} {
  func.func @main(%s: tensor<?x?xf32>) -> tensor<?x?xf32> {
    %m = tnp.max %s axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
    %d = tnp.subtract %s, %m : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
    %e = tnp.exp %d : (tensor<?x?xf32>) -> tensor<?x?xf32>
    %t = tnp.sum %e axis [1] keepdims : tensor<?x?xf32> -> tensor<?x1xf32>
    %r = tnp.true_divide %e, %t : (tensor<?x?xf32>, tensor<?x1xf32>) -> tensor<?x?xf32>
    return %r : tensor<?x?xf32>
  }
}
