/*===- examples/aot/main.c - The tutorial's model, compiled ahead of time -===*\
|*                                                                            *|
|* Part of tnp. Links libmodel.a (tnp-compile --emit=lib --name=model of      *|
|* examples/tutorial_model.mlir) with the tnp runtime and nothing else:       *|
|*                                                                            *|
|*   tnp-compile examples/tutorial_model.mlir --emit=lib --name=model \       *|
|*       -o libmodel.a                                 (and its header model.h) *|
|*   cc -std=c99 -I. -I<prefix>/include examples/aot/main.c libmodel.a \      *|
|*       -ltnp_runtime -lstdc++ -lm -lpthread -o model                        *|
|*   ./model [W1.npy BIAS.npy W2.npy] [OUT.npy]                               *|
|*                                                                            *|
|* Without arguments it prints model.predict(ones([2, 32])) with tnp's own    *|
|* seeded weights (model_main). With three .npy files of float64 raw weights  *|
|* (32x64, 64, 64x2) it runs model_run on them, so the result can be          *|
|* compared with NumPy computing the same model; OUT.npy receives the result. *|
|* Built with tnp-compile --target=cuda the model runs on cuda:0 and the     *|
|* result is copied back to the host. It then shows an error                  *|
|* status: predict called with an input of the wrong shape.                   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "model.h"

#include <stdio.h>

/* Prints a status's kind and message, frees it, and returns 1. */
static int report(const char *what, tnp_rt_status_t status) {
  fprintf(stderr, "%s: %s error: %s\n", what,
          tnp_rt_status_code_name(tnp_rt_status_code(status)),
          tnp_rt_status_message(status));
  tnp_rt_status_free(status);
  return 1;
}

static int print_array(const tnp_rt_array_t *a) {
  tnp_rt_status_t s = tnp_rt_array_print(a, TNP_RT_PRINT_STR, stdout);
  if (s)
    return report("print", s);
  fputc('\n', stdout);
  return 0;
}

int main(int argc, char **argv) {
  tnp_rt_array_t *out = NULL;
  tnp_rt_status_t s;
  const char *out_path = NULL;
  if (argc == 2 || argc == 5)
    out_path = argv[--argc];
  if (argc == 4) {
    tnp_rt_array_t *w[3] = {NULL, NULL, NULL};
    for (int i = 0; i < 3; ++i)
      if ((s = tnp_rt_npy_read_file(argv[i + 1], &w[i])))
        return report(argv[i + 1], s);
    s = model_run(w[0], w[1], w[2], &out);
    for (int i = 0; i < 3; ++i)
      tnp_rt_array_release(w[i]);
  } else {
    s = model_main(&out);
  }
  if (s)
    return report("model", s);
  /* With tnp-compile --target=cuda the result lives on cuda:0: bring it to
   * the host (for a host array this is the array itself, retained). */
  tnp_rt_array_t *host = NULL;
  s = tnp_rt_array_copy_to(out, tnp_rt_device_host(), &host);
  tnp_rt_array_release(out);
  if (s)
    return report("copy to the host", s);
  out = host;
  printf("predict: dtype %s, shape (%lld, %lld)\n",
         tnp_rt_dtype_name(tnp_rt_array_dtype(out)),
         (long long)tnp_rt_array_dim(out, 0),
         (long long)tnp_rt_array_dim(out, 1));
  int rc = print_array(out);
  if (out_path && (s = tnp_rt_npy_write_file(out_path, out)))
    rc = report(out_path, s);
  tnp_rt_array_release(out);

  /* A caller's mistake is a status, not a crash: inputs of shape (3, 32). */
  static float bad[3 * 32];
  int64_t shape[2] = {3, 32};
  tnp_rt_array_t *x = NULL;
  if ((s = tnp_rt_array_wrap_host(TNP_RT_DTYPE_FLOAT32, 2, shape, NULL, bad,
                                  NULL, NULL, &x)))
    return report("wrap", s);
  tnp_rt_array_t *result = NULL;
  s = model_predict(x, x, x, x, &result);
  tnp_rt_array_release(x);
  if (!s || result) {
    fprintf(stderr, "model_predict accepted a (3, 32) input\n");
    return 1;
  }
  printf("bad call: %s error: %s\n",
         tnp_rt_status_code_name(tnp_rt_status_code(s)),
         tnp_rt_status_message(s));
  tnp_rt_status_free(s);
  return rc;
}
