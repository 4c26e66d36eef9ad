//===- CudaTest.cpp - The runtime's CUDA side, with or without a GPU ------===//
//
// Part of tnp. Without a driver or device (this project's CI), every CUDA
// entry point reports `unavailable` with the reason and nothing crashes;
// with a device, memory round-trips through it. test/gpu/smoke.c runs a
// kernel on a real GPU.
//
//===----------------------------------------------------------------------===//

#include "tnp-runtime/tnp_runtime.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {
std::string takeSticky() {
  tnp_rt_status_t s = tnp_rt_error_take();
  if (!s)
    return "";
  std::string m = std::string(tnp_rt_status_code_name(tnp_rt_status_code(s))) +
                  ": " + tnp_rt_status_message(s);
  tnp_rt_status_free(s);
  return m;
}
} // namespace

TEST(Cuda, UnavailableIsAStatusOrTheDeviceWorks) {
  tnp_rt_status_t s = tnp_rt_cuda_init();
  if (s) {
    EXPECT_EQ(tnp_rt_status_code(s), TNP_RT_STATUS_UNAVAILABLE);
    std::string why = tnp_rt_status_message(s);
    tnp_rt_status_free(s);
    EXPECT_TRUE(why.find("CUDA") != std::string::npos) << why;
    EXPECT_EQ(tnp_rt_cuda_device_count(), 0);
    // The entry points compiled code calls record the same reason.
    EXPECT_EQ(mgpuMemAlloc(64, nullptr, false), nullptr);
    EXPECT_EQ(takeSticky(), "unavailable: mgpuMemAlloc: " + why);
    EXPECT_EQ(mgpuModuleLoad(nullptr, 0), nullptr);
    EXPECT_NE(takeSticky().find("unavailable: mgpuModuleLoad"), std::string::npos);
    EXPECT_EQ(mgpuModuleGetFunction(nullptr, "k"), nullptr);
    mgpuLaunchKernel(nullptr, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, nullptr, 0);
    EXPECT_EQ(takeSticky(),
              "unavailable: mgpuLaunchKernel: the kernel was not loaded");
    tnp_rt_status_t info = tnp_rt_cuda_device_info(0, nullptr, 0, nullptr, nullptr);
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(tnp_rt_status_code(info), TNP_RT_STATUS_UNAVAILABLE);
    tnp_rt_status_free(info);
    return;
  }
  ASSERT_GT(tnp_rt_cuda_device_count(), 0);
  std::vector<float> in(1000, 2.5f), out(1000, 0.0f);
  void *stream = mgpuStreamCreate();
  void *d = mgpuMemAlloc(in.size() * 4, stream, false);
  ASSERT_NE(d, nullptr);
  mgpuMemcpy(d, in.data(), in.size() * 4, stream);
  mgpuMemcpy(out.data(), d, in.size() * 4, stream);
  mgpuStreamSynchronize(stream);
  mgpuMemFree(d, stream);
  mgpuStreamDestroy(stream);
  EXPECT_EQ(takeSticky(), "");
  EXPECT_EQ(out, in);
}
