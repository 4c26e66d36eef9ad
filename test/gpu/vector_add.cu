// The GPU smoke test's kernel: y[i] = a * x[i] + y[i] for i < n. Compiled by
// build-smoke.sh to one fatbin with cubins for sm_80 and sm_90 and PTX.
extern "C" __global__ void axpy(float a, const float *x, float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    y[i] = a * x[i] + y[i];
}
