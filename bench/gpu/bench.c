/*===- bench/gpu/bench.c - tnp's GPU benchmark ----------------------------===*\
|*                                                                            *|
|* Part of tnp. Links libwl.a (tnp-compile --target=cuda --name=wl of         *|
|* bench/gpu/workloads.mlir) with the runtime only. Inputs are made on the    *|
|* host, copied to cuda:0 once, and every timed call runs on device arrays:   *|
|* the time of a call is the wall time of tnp_rt_call_on, which returns once  *|
|* the call's stream is synchronized (launch and allocation overheads         *|
|* included). Medians after warm-up calls. One line per workload:            *|
|*   WORKLOAD tnp MS ms METRIC                                                *|
|* bench/gpu/run.py runs this beside bench/gpu/gpu_peers.py and prints the    *|
|* ratios.                                                                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 199309L
#include "wl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int fail(const char *what, tnp_rt_status_t s) {
  fprintf(stderr, "bench: %s: %s error: %s\n", what,
          tnp_rt_status_code_name(tnp_rt_status_code(s)),
          tnp_rt_status_message(s));
  tnp_rt_status_free(s);
  exit(1);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static float uniform(void) { /* in [-1, 1) */
  rng = rng * 6364136223846793005ull + 1442695040888963407ull;
  return (float)((rng >> 40) * (1.0 / (1ull << 24))) * 2.0f - 1.0f;
}

/* A float32 array of `shape` on cuda:0, uniform in [-scale, scale). */
static tnp_rt_array_t *device_array(int32_t rank, const int64_t *shape,
                                    float scale) {
  tnp_rt_array_t *host = NULL, *dev = NULL;
  tnp_rt_status_t s = tnp_rt_array_allocate(tnp_rt_device_host(),
                                            TNP_RT_DTYPE_FLOAT32, rank, shape,
                                            &host);
  if (s)
    fail("allocate", s);
  float *p = (float *)tnp_rt_array_data(host);
  for (int64_t i = 0; i < tnp_rt_array_element_count(host); ++i)
    p[i] = uniform() * scale;
  tnp_rt_device_t cuda = {TNP_RT_DEVICE_CUDA, 0};
  if ((s = tnp_rt_array_copy_to(host, cuda, &dev)))
    fail("copy to cuda:0", s);
  tnp_rt_array_release(host);
  return dev;
}

typedef tnp_rt_status_t (*call_fn)(tnp_rt_array_t **args,
                                   tnp_rt_array_t **result);

static tnp_rt_status_t call_w1(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_w1(a[0], a[1], r);
}
static tnp_rt_status_t call_w1_dyn(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_w1_dyn(a[0], a[1], r);
}
static tnp_rt_status_t call_w3(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_w3(a[0], a[1], r);
}
static tnp_rt_status_t call_w4(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_w4(a[0], a[1], a[2], a[3], r);
}
static tnp_rt_status_t call_w5(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_w5(a[0], r);
}
static tnp_rt_status_t call_w5_dyn(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_w5_dyn(a[0], r);
}
static tnp_rt_status_t call_tiny(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_tiny(a[0], a[1], r);
}
static tnp_rt_status_t call_copy(tnp_rt_array_t **a, tnp_rt_array_t **r) {
  return wl_copy(a[0], r);
}

/* Median ms of `repeat` calls after `warmup`. */
static double time_calls(const char *name, call_fn fn, tnp_rt_array_t **args,
                         int warmup, int repeat) {
  double ts[2048];
  for (int i = 0; i < warmup + repeat; ++i) {
    tnp_rt_array_t *r = NULL;
    double t0 = now_ms();
    tnp_rt_status_t s = fn(args, &r);
    double t1 = now_ms();
    if (s)
      fail(name, s);
    tnp_rt_array_release(r);
    if (i >= warmup)
      ts[i - warmup] = t1 - t0;
  }
  qsort(ts, (size_t)repeat, sizeof(double), cmp);
  return ts[repeat / 2];
}

int main(void) {
  tnp_rt_status_t s = tnp_rt_cuda_init();
  if (s)
    fail("cuda:0", s);
  char name[256];
  int32_t major = 0, minor = 0;
  if ((s = tnp_rt_cuda_device_info(0, name, sizeof name, &major, &minor)))
    fail("device", s);
  printf("device: %s (sm_%d%d)\n", name, major, minor);

  /* The per-call overhead: 8 float32 on the device (W6's size). */
  {
    const int64_t eight = 8;
    tnp_rt_array_t *t[2] = {device_array(1, &eight, 1.0f),
                            device_array(1, &eight, 1.0f)};
    double us = time_calls("tiny", call_tiny, t, 50, 2000) * 1e3;
    printf("tiny_add_8_f32 tnp %.4f ms %.1f us per call\n", us / 1e3, us);
    tnp_rt_array_release(t[0]);
    tnp_rt_array_release(t[1]);
  }

  /* W1 and the copy reference: 64M float32. */
  const int64_t n = (int64_t)1 << 26;
  tnp_rt_array_t *w1[2] = {device_array(1, &n, 1.0f), device_array(1, &n, 1.0f)};
  /* Check a prefix of W1's result against the host. */
  {
    tnp_rt_array_t *r = NULL, *h = NULL, *hx = NULL, *hy = NULL;
    if ((s = wl_w1(w1[0], w1[1], &r)) ||
        (s = tnp_rt_array_copy_to(r, tnp_rt_device_host(), &h)) ||
        (s = tnp_rt_array_copy_to(w1[0], tnp_rt_device_host(), &hx)) ||
        (s = tnp_rt_array_copy_to(w1[1], tnp_rt_device_host(), &hy)))
      fail("w1 check", s);
    const float *x = tnp_rt_array_data(hx), *y = tnp_rt_array_data(hy),
                *z = tnp_rt_array_data(h);
    for (int64_t i = 0; i < n; i += 4099) {
      float want = x[i] * 2.0f + y[i];
      want = want > 0.0f ? want : 0.0f;
      if (z[i] != want) {
        fprintf(stderr, "bench: W1 differs at %lld: %g vs %g\n", (long long)i,
                z[i], want);
        return 1;
      }
    }
    tnp_rt_array_release(r);
    tnp_rt_array_release(h);
    tnp_rt_array_release(hx);
    tnp_rt_array_release(hy);
  }
  double ms = time_calls("copy", call_copy, w1, 3, 20);
  printf("d2d_copy_256MB tnp %.4f ms %.0f GB/s\n", ms, 2.0 * n * 4 / ms / 1e6);
  ms = time_calls("w1", call_w1, w1, 3, 20);
  printf("W1_axpy_relu_64M_f32 tnp %.4f ms %.0f GB/s eff\n", ms,
         3.0 * n * 4 / ms / 1e6);
  ms = time_calls("w1_dyn", call_w1_dyn, w1, 3, 20);
  printf("W1_axpy_relu_64M_f32_dynamic tnp %.4f ms %.0f GB/s eff\n", ms,
         3.0 * n * 4 / ms / 1e6);
  tnp_rt_array_release(w1[0]);
  tnp_rt_array_release(w1[1]);

  /* W5: softmax over rows of 65536 x 1024. */
  int64_t s5[2] = {65536, 1024};
  tnp_rt_array_t *w5[1] = {device_array(2, s5, 4.0f)};
  ms = time_calls("w5", call_w5, w5, 2, 10);
  printf("W5_softmax_65536x1024 tnp %.4f ms %.0f GB/s eff\n", ms,
         2.0 * s5[0] * s5[1] * 4 / ms / 1e6);
  ms = time_calls("w5_dyn", call_w5_dyn, w5, 2, 10);
  printf("W5_softmax_65536x1024_dynamic tnp %.4f ms %.0f GB/s eff\n", ms,
         2.0 * s5[0] * s5[1] * 4 / ms / 1e6);
  tnp_rt_array_release(w5[0]);
  /* The same bytes in rows of 4096: the dynamic kernel with loops. */
  int64_t s5l[2] = {16384, 4096};
  w5[0] = device_array(2, s5l, 4.0f);
  ms = time_calls("w5_dyn", call_w5_dyn, w5, 2, 10);
  printf("W5_softmax_16384x4096_dynamic tnp %.4f ms %.0f GB/s eff\n", ms,
         2.0 * s5l[0] * s5l[1] * 4 / ms / 1e6);
  tnp_rt_array_release(w5[0]);

  /* W4: the MLP of 65536 x 512 inputs. */
  int64_t sx[2] = {65536, 512}, sw1[2] = {512, 64}, sb[1] = {64},
          sw2[2] = {64, 2};
  tnp_rt_array_t *w4[4] = {device_array(2, sx, 1.0f),
                           device_array(2, sw1, 0.044f),
                           device_array(1, sb, 1.0f),
                           device_array(2, sw2, 0.125f)};
  ms = time_calls("w4", call_w4, w4, 2, 10);
  printf("W4_mlp_65536x512_64_2 tnp %.4f ms\n", ms);
  for (int i = 0; i < 4; ++i)
    tnp_rt_array_release(w4[i]);

  /* W3: a 4096 x 4096 float32 matmul. */
  int64_t s3[2] = {4096, 4096};
  tnp_rt_array_t *w3[2] = {device_array(2, s3, 1.0f), device_array(2, s3, 1.0f)};
  ms = time_calls("w3", call_w3, w3, 1, 3);
  printf("W3_matmul_4096_float32 tnp %.4f ms %.1f TFLOP/s\n", ms,
         2.0 * 4096.0 * 4096.0 * 4096.0 / ms / 1e9);
  tnp_rt_array_release(w3[0]);
  tnp_rt_array_release(w3[1]);

  tnp_rt_cuda_pool_stats_t st;
  tnp_rt_cuda_pool_stats(&st);
  printf("pool: %llu cuMemAlloc calls, %llu transfers (%.0f MB to the device)\n",
         (unsigned long long)st.driver_allocations,
         (unsigned long long)st.transfers, st.host_to_device_bytes / 1e6);
  return 0;
}
