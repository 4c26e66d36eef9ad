/* Redeclarations of the mgpu* entry points with the types of the LLVM
 * declarations MLIR 22 emits (mgpu-declarations.test): compiling this file
 * with tnp-runtime/cuda.h fails when a prototype of the runtime differs. */
#include "tnp-runtime/cuda.h"

void *mgpuStreamCreate(void);
void *mgpuMemAlloc(uint64_t, void *, bool);
void mgpuMemcpy(void *, void *, size_t, void *);
void mgpuMemset32(void *, unsigned int, size_t, void *);
void mgpuMemFree(void *, void *);
void mgpuStreamSynchronize(void *);
void mgpuStreamDestroy(void *);
void *mgpuModuleLoad(void *, size_t);
void *mgpuModuleLoadJIT(void *, int);
void mgpuModuleUnload(void *);
void *mgpuModuleGetFunction(void *, const char *);
void mgpuLaunchKernel(void *, intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                      intptr_t, int32_t, void *, void **, void **, size_t);
