#===- cmake/Install.cmake - cmake --install: tools, runtime, package -----===#
#
# Included by the top-level CMakeLists.txt after tools/. `cmake --install
# build --prefix P` lays out P as:
#
#   bin/                    tnp-opt, tnp-run, tnp-case (and tnp-compile)
#   include/tnp-runtime/    the runtime's public C headers
#   lib/                    libtnp_runtime.a, libtnp_runtime.so*
#   lib/cmake/tnp/          find_package(tnp CONFIG): tnp::runtime (static),
#                           tnp::runtime_shared, tnp::tnp-opt, ... (tools)
#   lib/pkgconfig/          tnp-runtime.pc
#
# Components: `runtime` (libraries, headers, the package files) and `tools`.
# lib/cmake/tnp/ holds no absolute path (the prefix can move);
# tnp-runtime.pc names the prefix given at install time.

include(CMakePackageConfigHelpers)

set(TNP_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/tnp)

#===----------------------------------------------------------------------===#
# Tools
#===----------------------------------------------------------------------===#

set(tnp_install_tools tnp-opt tnp-run tnp-case)
if(TARGET tnp-compile) # tools/tnp-compile, the AOT compiler
  list(APPEND tnp_install_tools tnp-compile)
endif()
# They link Debian's libMLIR.so and libLLVM.so in /usr/lib/llvm-22/lib, which
# is not on the loader's path: the installed tools keep that directory in
# their RUNPATH (and nothing of the build tree).
set_target_properties(${tnp_install_tools} PROPERTIES
  INSTALL_RPATH_USE_LINK_PATH ON)
install(TARGETS ${tnp_install_tools} EXPORT tnpToolsTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)
install(EXPORT tnpToolsTargets NAMESPACE tnp::
  DESTINATION ${TNP_INSTALL_CMAKEDIR} COMPONENT tools)

#===----------------------------------------------------------------------===#
# Runtime: libraries, headers, CMake package
#===----------------------------------------------------------------------===#

install(TARGETS tnp_runtime tnp_runtime_shared EXPORT tnpTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
          NAMELINK_COMPONENT runtime
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/tnp-runtime
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT runtime
  FILES_MATCHING PATTERN "*.h" PATTERN "*.def")
install(EXPORT tnpTargets NAMESPACE tnp::
  DESTINATION ${TNP_INSTALL_CMAKEDIR} COMPONENT runtime)

configure_package_config_file(cmake/tnpConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/tnpConfig.cmake
  INSTALL_DESTINATION ${TNP_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_BINDIR)
# Before 1.0 a minor version may break the ABI (the soname is MAJOR.MINOR).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/tnpConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/tnpConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/tnpConfigVersion.cmake
  DESTINATION ${TNP_INSTALL_CMAKEDIR} COMPONENT runtime)

#===----------------------------------------------------------------------===#
# Runtime: pkg-config
#===----------------------------------------------------------------------===#

# Libs.private: what a C program linking libtnp_runtime.a needs besides it
# (runtime/CMakeLists.txt's TNP_RUNTIME_CXX_LIBS, and the threads library).
find_package(Threads REQUIRED) # runtime/'s result is local to that directory
set(TNP_PC_LIBS_PRIVATE "")
foreach(lib IN LISTS TNP_RUNTIME_CXX_LIBS)
  string(APPEND TNP_PC_LIBS_PRIVATE " -l${lib}")
endforeach()
if(CMAKE_USE_PTHREADS_INIT)
  string(APPEND TNP_PC_LIBS_PRIVATE " -pthread")
endif()
string(STRIP "${TNP_PC_LIBS_PRIVATE}" TNP_PC_LIBS_PRIVATE)
foreach(dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
    set(TNP_PC_${dir} "${CMAKE_INSTALL_${dir}}")
  else()
    set(TNP_PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
  endif()
endforeach()
# The prefix is known only when installing (`cmake --install --prefix`
# overrides CMAKE_INSTALL_PREFIX): configure_file fills everything else now
# and leaves @TNP_PC_PREFIX@ for the install step, which writes the file.
set(TNP_PC_PREFIX "@TNP_PC_PREFIX@")
configure_file(runtime/tnp-runtime.pc.in
  ${PROJECT_BINARY_DIR}/cmake/tnp-runtime.pc.in @ONLY)
install(CODE "
  set(TNP_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${PROJECT_BINARY_DIR}/cmake/tnp-runtime.pc.in\"
                 \"${PROJECT_BINARY_DIR}/cmake/pkgconfig/tnp-runtime.pc\" @ONLY)
  file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig\"
       TYPE FILE FILES \"${PROJECT_BINARY_DIR}/cmake/pkgconfig/tnp-runtime.pc\")
  " COMPONENT runtime)
