# Install the CLI, the libraries and their public headers (docs/library.md), and export targets so another
# project can find_package(factorbench) and link factorbench::metrics, factorbench::datagen and so on.
#
# The in-tree families are OBJECT libraries (every registration line is linked), and an imported object library
# hands its objects only to the target that links it directly, never transitively. So what is installed is one
# shared library per layer, built from the same objects the CLI links, each linking the layer below it:
#   core <- datagen <- metrics <- engine <- torch_metrics <- baselines <- methods <- reports
# A shared library keeps every object, so every registration runs when it is loaded. HDF5, OpenCV, zlib and libzip
# are private to them: a consumer needs neither their headers nor FindHDF5 (whose try_compile needs the C
# language, which a CXX-only consumer project does not enable).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

if(TARGET factorbench)
  install(TARGETS factorbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# Layer order; a layer missing from the build (FB_SKIP_DIRS) ends the chain.
set(fb_layers core datagen metrics engine torch_metrics baselines methods reports)
set(fb_installed "")
set(fb_below "")
if(FB_INSTALL_LIBRARIES)
  foreach(layer ${fb_layers})
    if(NOT TARGET fb_${layer})
      break()
    endif()
    set(lib fb_${layer}_shared)
    add_library(${lib} SHARED $<TARGET_OBJECTS:fb_${layer}>)
    add_dependencies(${lib} fb_${layer})
    set_target_properties(${lib} PROPERTIES LINKER_LANGUAGE CXX)
    set_target_properties(${lib} PROPERTIES EXPORT_NAME ${layer} OUTPUT_NAME factorbench_${layer}
                          VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
                          INSTALL_RPATH "$ORIGIN" INSTALL_RPATH_USE_LINK_PATH ON)
    target_include_directories(${lib} INTERFACE $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}>
                               $<BUILD_INTERFACE:${CMAKE_BINARY_DIR}/generated>
                               $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/factorbench>)
    # What each layer's public headers expose: nlohmann::json (core/json.h), Eigen (metrics/codes.h),
    # LibTorch (engine/model.h and above).
    if(layer STREQUAL "core")
      target_link_libraries(${lib} PUBLIC nlohmann_json::nlohmann_json
                            PRIVATE ${HDF5_C_LIBRARIES} ${OpenCV_LIBS} OpenMP::OpenMP_CXX Threads::Threads
                                    ZLIB::ZLIB ${FB_LIBZIP_LIBRARY} ${CMAKE_DL_LIBS})
    elseif(layer STREQUAL "metrics")
      target_link_libraries(${lib} PUBLIC ${fb_below} Eigen3::Eigen PRIVATE OpenMP::OpenMP_CXX)
    elseif(layer STREQUAL "engine")
      target_link_libraries(${lib} PUBLIC ${fb_below} ${TORCH_LIBRARIES} PRIVATE OpenMP::OpenMP_CXX)
    else()
      target_link_libraries(${lib} PUBLIC ${fb_below} PRIVATE ${HDF5_C_LIBRARIES} ${OpenCV_LIBS}
                                                             ${FB_MATIO_LIBRARY} OpenMP::OpenMP_CXX)
    endif()
    list(APPEND fb_installed ${lib})
    set(fb_below ${lib})
  endforeach()
endif()

if(fb_installed)
  install(TARGETS ${fb_installed} EXPORT factorbenchTargets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT factorbenchTargets NAMESPACE factorbench:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factorbench)
endif()

# The public headers are exactly those docs/library.md lists (the `- `path`` items); the private ones
# (HDF5 IO, the rasteriser, the classifiers' internals, ...) stay out of the install.
file(STRINGS ${CMAKE_SOURCE_DIR}/docs/library.md fb_header_lines REGEX "^- `[a-z0-9_/]+\\.h`")
foreach(line ${fb_header_lines})
  string(REGEX MATCHALL "`[a-z0-9_/]+\\.h`" quoted "${line}")
  foreach(item ${quoted})
    string(REPLACE "`" "" header "${item}")
    get_filename_component(dir ${header} DIRECTORY)
    if(header STREQUAL "core/version.h")
      install(FILES ${CMAKE_BINARY_DIR}/generated/core/version.h
              DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/factorbench/core)
    elseif(EXISTS ${CMAKE_SOURCE_DIR}/${header})
      install(FILES ${CMAKE_SOURCE_DIR}/${header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/factorbench/${dir})
    else()
      message(FATAL_ERROR "docs/library.md lists ${header}, which does not exist")
    endif()
  endforeach()
endforeach()

# The package config records the libraries the installed ones were linked against, so it can say which one
# is missing on the consumer's machine.
set(FB_TORCH_DIR_AT_BUILD "${Torch_DIR}")
set(FB_HDF5_LIBRARIES_AT_BUILD "${HDF5_C_LIBRARIES}")
find_library(FB_OPENBLAS_LIBRARY NAMES openblas PATH_SUFFIXES openblas-pthread)
set(FB_OPENBLAS_AT_BUILD "${FB_OPENBLAS_LIBRARY}")
set(FB_INSTALLED_LAYERS "")
foreach(lib ${fb_installed})
  get_target_property(name ${lib} EXPORT_NAME)
  list(APPEND FB_INSTALLED_LAYERS ${name})
endforeach()
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/factorbenchConfig.cmake.in
  ${CMAKE_BINARY_DIR}/factorbenchConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factorbench)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/factorbenchConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/factorbenchConfig.cmake ${CMAKE_BINARY_DIR}/factorbenchConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factorbench)
