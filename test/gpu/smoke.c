/*===- test/gpu/smoke.c - The runtime's CUDA side on a real GPU -----------===*\
|*                                                                            *|
|* Part of tnp. Loads a fatbin (vector_add.cu: cubins for sm_80 and sm_90     *|
|* plus PTX, embedded as `fatbin` by build-smoke.sh) through the runtime's    *|
|* mgpu* entry points (the calls MLIR's GPU lowering emits), runs axpy on     *|
|* 1M floats, checks every element, and shows that a bad launch is a sticky   *|
|* error, not a crash. Without a driver or device it prints the reason and    *|
|* exits 0 ("unavailable"), so it can run anywhere.                           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "tnp-runtime/tnp_runtime.h"

#include <stdio.h>
#include <stdlib.h>

extern const unsigned char fatbin[];
extern const unsigned int fatbin_len;

static int take_error(const char *what) {
  tnp_rt_status_t s = tnp_rt_error_take();
  if (!s)
    return 0;
  printf("%s: %s error: %s\n", what,
         tnp_rt_status_code_name(tnp_rt_status_code(s)),
         tnp_rt_status_message(s));
  tnp_rt_status_free(s);
  return 1;
}

int main(void) {
  tnp_rt_status_t s = tnp_rt_cuda_init();
  if (s) {
    printf("unavailable: %s\n", tnp_rt_status_message(s));
    tnp_rt_status_free(s);
    return 0;
  }
  char name[256];
  int32_t major = 0, minor = 0;
  s = tnp_rt_cuda_device_info(0, name, sizeof name, &major, &minor);
  if (s)
    return 1;
  printf("device: %s (sm_%d%d), %d device(s)\n", name, major, minor,
         tnp_rt_cuda_device_count());

  void *module = mgpuModuleLoad((void *)fatbin, fatbin_len);
  void *fn = mgpuModuleGetFunction(module, "axpy");
  if (take_error("load"))
    return 1;
  const int n = 1 << 20;
  size_t bytes = (size_t)n * sizeof(float);
  float *hx = malloc(bytes), *hy = malloc(bytes);
  for (int i = 0; i < n; ++i) {
    hx[i] = (float)i;
    hy[i] = 1.0f;
  }
  void *stream = mgpuStreamCreate();
  void *dx = mgpuMemAlloc(bytes, stream, false);
  void *dy = mgpuMemAlloc(bytes, stream, false);
  mgpuMemcpy(dx, hx, bytes, stream);
  mgpuMemcpy(dy, hy, bytes, stream);
  float a = 2.0f;
  int nn = n;
  void *params[] = {&a, &dx, &dy, &nn};
  mgpuLaunchKernel(fn, (n + 255) / 256, 1, 1, 256, 1, 1, 0, stream, params,
                   NULL, 4);
  mgpuMemcpy(hy, dy, bytes, stream);
  mgpuStreamSynchronize(stream);
  if (take_error("axpy"))
    return 1;
  int bad = 0;
  for (int i = 0; i < n; ++i)
    bad += hy[i] != 2.0f * (float)i + 1.0f;
  printf("axpy on %d floats: %d wrong\n", n, bad);

  /* A launch with an invalid configuration (2048 threads per block) is a
   * sticky error with the driver's reason. */
  mgpuLaunchKernel(fn, 1, 1, 1, 2048, 1, 1, 0, stream, params, NULL, 4);
  int launchError = take_error("bad launch");
  /* mgpuMemset32 and a device-to-device copy. */
  mgpuMemset32(dy, 0x3f800000u /* 1.0f */, (size_t)n, stream);
  mgpuMemcpy(dx, dy, bytes, stream);
  mgpuMemcpy(hx, dx, bytes, stream);
  mgpuStreamSynchronize(stream);
  int ones = 0;
  for (int i = 0; i < n; ++i)
    ones += hx[i] == 1.0f;
  printf("memset + copies: %d of %d ones\n", ones, n);
  mgpuMemFree(dx, stream);
  mgpuMemFree(dy, stream);
  mgpuStreamDestroy(stream);
  mgpuModuleUnload(module);
  int rc = take_error("cleanup") || bad || !launchError || ones != n;
  printf("%s\n", rc ? "FAILED" : "smoke test passed");
  free(hx);
  free(hy);
  return rc;
}
