/* The dynamic-shape AOT test: exports with '?' dims (Inputs/dynamic.mlir,
 * compiled with --name=dyn) called with several sizes, and with arguments
 * that do not fit: each mistake is an error status naming the values. */
#include "dyn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int failures = 0;

static void expect_ok(const char *what, tnp_rt_status_t s) {
  if (s) {
    printf("FAIL %s: %s\n", what, tnp_rt_status_message(s));
    tnp_rt_status_free(s);
    ++failures;
  }
}

static void expect_error(const char *what, tnp_rt_status_t s,
                         tnp_rt_array_t *result) {
  if (!s) {
    printf("FAIL %s: no error\n", what);
    ++failures;
  } else {
    printf("%s: %s error: %s\n", what,
           tnp_rt_status_code_name(tnp_rt_status_code(s)),
           tnp_rt_status_message(s));
    tnp_rt_status_free(s);
  }
  if (result) {
    printf("FAIL %s: a result despite the error\n", what);
    ++failures;
  }
}

static tnp_rt_array_t *wrap(tnp_rt_dtype_t dtype, int32_t rank,
                            const int64_t *shape, void *data) {
  tnp_rt_array_t *a = NULL;
  expect_ok("wrap", tnp_rt_array_wrap_host(dtype, rank, shape, NULL, data,
                                           NULL, NULL, &a));
  return a;
}

/* axpy(2, x, y) for n elements; the buffers start `shift` floats past a
 * 64-byte boundary. */
static void axpy(int64_t n, int shift) {
  float *xs = aligned_alloc(64, (size_t)(n + 16) * 4 + 64);
  float *ys = aligned_alloc(64, (size_t)(n + 16) * 4 + 64);
  static _Alignas(64) float two = 2.0f;
  for (int64_t i = 0; i < n; ++i) {
    xs[shift + i] = (float)i;
    ys[shift + i] = 0.5f * (float)i;
  }
  tnp_rt_array_boundary_copy_reset();
  tnp_rt_array_t *a = wrap(TNP_RT_DTYPE_FLOAT32, 0, NULL, &two);
  tnp_rt_array_t *x = wrap(TNP_RT_DTYPE_FLOAT32, 1, &n, xs + shift);
  tnp_rt_array_t *y = wrap(TNP_RT_DTYPE_FLOAT32, 1, &n, ys + shift);
  tnp_rt_array_t *r = NULL;
  expect_ok("axpy", dyn_axpy(a, x, y, &r));
  if (r) {
    const float *out = tnp_rt_array_data(r);
    int bad = tnp_rt_array_dim(r, 0) != n;
    for (int64_t i = 0; !bad && i < n; ++i)
      bad = out[i] != 2.5f * (float)i;
    printf("axpy n=%lld shift=%d: %s, %llu boundary copies\n", (long long)n,
           shift, bad ? "WRONG" : "ok",
           (unsigned long long)tnp_rt_array_boundary_copy_count());
    failures += bad;
  }
  tnp_rt_array_release(r);
  tnp_rt_array_release(a);
  tnp_rt_array_release(x);
  tnp_rt_array_release(y);
  free(xs);
  free(ys);
}

int main(void) {
  /* One compiled function, any size; misaligned caller memory is copied
   * (and counted), aligned memory is not. */
  axpy(3, 0);
  axpy(1000, 0);
  axpy(1000, 1);
  axpy(0, 0);

  /* Mismatches. */
  float xs[4] = {1, 2, 3, 4}, two = 2.0f;
  int32_t is[3] = {1, 2, 3};
  int64_t n3 = 3, n4 = 4, n22[2] = {2, 2};
  tnp_rt_array_t *a = wrap(TNP_RT_DTYPE_FLOAT32, 0, NULL, &two);
  tnp_rt_array_t *x3 = wrap(TNP_RT_DTYPE_FLOAT32, 1, &n3, xs);
  tnp_rt_array_t *x4 = wrap(TNP_RT_DTYPE_FLOAT32, 1, &n4, xs);
  tnp_rt_array_t *i3 = wrap(TNP_RT_DTYPE_INT32, 1, &n3, is);
  tnp_rt_array_t *m22 = wrap(TNP_RT_DTYPE_FLOAT32, 2, n22, xs);
  tnp_rt_array_t *r = NULL;
  expect_error("sizes 3 and 4", dyn_axpy(a, x3, x4, &r), r);
  expect_error("int32 x", dyn_axpy(a, i3, x3, &r), r);
  expect_error("2-d x", dyn_axpy(a, m22, m22, &r), r);
  expect_error("null y", dyn_axpy(a, x3, NULL, &r), r);

  /* rowsum on (2, 3) and (0, 5). */
  double m[6] = {1, 2, 3, 4, 5, 6};
  int64_t s23[2] = {2, 3}, s05[2] = {0, 5};
  tnp_rt_array_t *d23 = wrap(TNP_RT_DTYPE_FLOAT64, 2, s23, m);
  tnp_rt_array_t *d05 = wrap(TNP_RT_DTYPE_FLOAT64, 2, s05, m);
  expect_ok("rowsum (2, 3)", dyn_rowsum(d23, &r));
  if (r) {
    const double *o = tnp_rt_array_data(r);
    printf("rowsum (2, 3): [%g, %g]\n", o[0], o[1]);
    tnp_rt_array_release(r);
  }
  expect_ok("rowsum (0, 5)", dyn_rowsum(d05, &r));
  if (r) {
    printf("rowsum (0, 5): shape (%lld,)\n", (long long)tnp_rt_array_dim(r, 0));
    tnp_rt_array_release(r);
  }
  tnp_rt_array_release(a);
  tnp_rt_array_release(x3);
  tnp_rt_array_release(x4);
  tnp_rt_array_release(i3);
  tnp_rt_array_release(m22);
  tnp_rt_array_release(d23);
  tnp_rt_array_release(d05);
  printf("%d failures\n", failures);
  return failures != 0;
}
