/*===- consumer.c - A C program against an installed tnp runtime ----------===*\
|*                                                                            *|
|* Built by test/Install/install.test from an installed prefix only (CMake   *|
|* package, static and shared; pkg-config). Wraps host buffers, prints them  *|
|* with the runtime's NumPy printing, counts boundary copies, reads an error  *|
|* status and releases everything. Plain C99.                                 *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tnp-runtime/tnp_runtime.h"

#ifndef CONSUMER_KIND
#define CONSUMER_KIND "unknown"
#endif

/// Exits with the status's code name and message when it is an error.
static void check(tnp_rt_status_t status, const char *what) {
  if (tnp_rt_status_is_ok(status))
    return;
  fprintf(stderr, "%s: %s: %s\n", what,
          tnp_rt_status_code_name(tnp_rt_status_code(status)),
          tnp_rt_status_message(status));
  tnp_rt_status_free(status);
  exit(1);
}

/// Counts the calls of the runtime's release callback.
static void on_release(void *data, void *user_data) {
  (void)data;
  ++*(int *)user_data;
}

int main(void) {
  /* 64-byte aligned storage (C99 has no _Alignas): six aligned floats, and
     in the next 64 bytes six int32s 4 bytes off the alignment. */
  static unsigned char storage[3 * TNP_RT_HOST_ALIGNMENT];
  unsigned char *aligned =
      (unsigned char *)(((uintptr_t)storage + TNP_RT_HOST_ALIGNMENT - 1) &
                        ~(uintptr_t)(TNP_RT_HOST_ALIGNMENT - 1));
  float *floats = (float *)aligned;
  int32_t *ints = (int32_t *)(aligned + TNP_RT_HOST_ALIGNMENT + 4);
  int released = 0;
  int i;
  for (i = 0; i < 6; ++i)
    floats[i] = 0.5f * (float)i;

  printf("kind: %s\n", CONSUMER_KIND);
  tnp_rt_array_boundary_copy_reset();

  /* C-contiguous and aligned: a view, no copy. */
  const int64_t shape23[2] = {2, 3};
  tnp_rt_array_t *view = NULL;
  check(tnp_rt_array_wrap_host(TNP_RT_DTYPE_FLOAT32, 2, shape23, NULL, floats,
                               on_release, &released, &view),
        "wrap aligned");
  printf("aligned: copies=%llu view=%d\n",
         (unsigned long long)tnp_rt_array_boundary_copy_count(),
         tnp_rt_array_data(view) == (void *)floats);
  check(tnp_rt_array_print(view, TNP_RT_PRINT_STR, stdout), "print");
  printf("\n");

  /* Misaligned: copied into a new buffer, the callback runs at once. The
     copy is written after wrapping, so the array keeps the old values. */
  for (i = 0; i < 6; ++i)
    ints[i] = i + 1;
  const int64_t shape6[1] = {6};
  tnp_rt_array_t *copy = NULL;
  check(tnp_rt_array_wrap_host(TNP_RT_DTYPE_INT32, 1, shape6, NULL, ints,
                               on_release, &released, &copy),
        "wrap misaligned");
  ints[0] = 100;
  printf("misaligned: copies=%llu bytes=%llu released=%d\n",
         (unsigned long long)tnp_rt_array_boundary_copy_count(),
         (unsigned long long)tnp_rt_array_boundary_copy_bytes(), released);
  size_t length = 0;
  check(tnp_rt_array_format(copy, TNP_RT_PRINT_REPR, NULL, 0, &length),
        "format size");
  char *text = (char *)malloc(length + 1);
  check(tnp_rt_array_format(copy, TNP_RT_PRINT_REPR, text, length + 1, NULL),
        "format");
  printf("repr (%zu chars): %s\n", length, text);
  free(text);

  /* A bad dtype is a status, not a crash. */
  tnp_rt_array_t *bad = NULL;
  tnp_rt_status_t status =
      tnp_rt_array_allocate(tnp_rt_device_host(), 99, 1, shape6, &bad);
  printf("bad dtype: %s\n", tnp_rt_status_code_name(tnp_rt_status_code(status)));
  tnp_rt_status_free(status);

  tnp_rt_array_release(copy);
  tnp_rt_array_release(view);
  printf("released: %d\n", released);
  return 0;
}
