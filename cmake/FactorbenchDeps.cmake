# Every dependency comes from Debian packages (scripts/setup-debian.sh); any other LibTorch can be given
# through CMAKE_PREFIX_PATH.

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # The torch precompiled header is only cacheable with these sloppiness settings (ccache manual, "Precompiled
  # headers"); without them every torch translation unit recompiles in each fresh clone.
  set(FB_CCACHE ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${FB_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${FB_CCACHE})
endif()

# The fuzz build (FB_FUZZ) compiles only torch-free folders.
if(NOT FB_FUZZ)
  find_package(Torch REQUIRED)
  # LibTorch dictates the C++ ABI (TORCH_CXX_FLAGS); every target must agree with it.
  set(CMAKE_CXX_FLAGS "${CMAKE_CXX_FLAGS} ${TORCH_CXX_FLAGS}")
endif()

find_package(HDF5 REQUIRED COMPONENTS C)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(ZLIB REQUIRED)
# libzip reads numpy's .npz archives (the dSprites and MPI3D releases). Found by hand: the CMake config
# in Debian's libzip-dev also imports the zipcmp/zipmerge tools, which live in another package. The plain
# library path keeps the exported targets free of an imported target consumers would have to define.
find_path(FB_LIBZIP_INCLUDE_DIR zip.h)
find_library(FB_LIBZIP_LIBRARY zip)
if(NOT FB_LIBZIP_INCLUDE_DIR OR NOT FB_LIBZIP_LIBRARY)
  message(FATAL_ERROR "libzip not found: install libzip-dev (scripts/setup-debian.sh)")
endif()
# matio reads Cars3D's MATLAB v5 files (Debian's libmatio-dev; it has no CMake config).
find_path(FB_MATIO_INCLUDE_DIR matio.h)
find_library(FB_MATIO_LIBRARY matio)
if(NOT FB_MATIO_INCLUDE_DIR OR NOT FB_MATIO_LIBRARY)
  message(FATAL_ERROR "matio not found: install libmatio-dev (scripts/setup-debian.sh)")
endif()
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(Threads REQUIRED)

# OpenCV is required: Elastic-InfoGAN's augmentation (warpAffine/remap), resizing the released datasets'
# images, and reading pictures all go through it.
find_package(OpenCV REQUIRED COMPONENTS core imgproc imgcodecs)
# Which LibTorch was found, and whether it has CUDA (its config sets CAFFE2_USE_CUDA and the CUDA libraries
# only in CUDA builds). A CUDA build needs no CUDA-only sources here: devices are chosen at run time.
if(CAFFE2_USE_CUDA OR TORCH_CUDA_LIBRARIES)
  set(FB_TORCH_CUDA "with CUDA ${CUDA_VERSION}${CUDAToolkit_VERSION}")
else()
  set(FB_TORCH_CUDA "CPU only")
endif()
if(NOT FB_FUZZ)
  message(STATUS "factorbench: LibTorch ${Torch_VERSION} (${FB_TORCH_CUDA}) from ${Torch_DIR}")
endif()
message(STATUS "factorbench: OpenCV ${OpenCV_VERSION}")

# A registry family is an OBJECT library: every object file (and so every registration line) is linked.
function(fb_family_library name)
  add_library(${name} OBJECT ${ARGN})
endfunction()

# CMake adds an object library's objects only to targets that link it directly, so an executable links
# `libs` and every object library they depend on, found by walking LINK_LIBRARIES.
function(fb_link_objects target)
  set(pending ${ARGN})
  set(seen "")
  while(pending)
    list(POP_FRONT pending lib)
    if(NOT TARGET ${lib} OR lib IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${lib})
    get_target_property(type ${lib} TYPE)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(deps ${lib} LINK_LIBRARIES)
      if(deps)
        list(APPEND pending ${deps})
      endif()
    endif()
  endwhile()
  target_link_libraries(${target} PRIVATE ${seen})
endfunction()
