# Install the CLI, the libraries and their headers, and export targets so another project can
# find_package(factorbench) and link factorbench::core etc.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

if(TARGET factorbench)
  install(TARGETS factorbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
get_property(fb_exported GLOBAL PROPERTY FB_EXPORTED_TARGETS)
if(fb_exported)
  install(TARGETS ${fb_exported} EXPORT factorbenchTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/factorbench)
  install(EXPORT factorbenchTargets NAMESPACE factorbench:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factorbench)
endif()
foreach(dir core datagen metrics engine baselines methods reports)
  if(EXISTS ${CMAKE_SOURCE_DIR}/${dir})
    install(DIRECTORY ${CMAKE_SOURCE_DIR}/${dir} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/factorbench
            FILES_MATCHING PATTERN "*.h")
  endif()
endforeach()
install(FILES ${CMAKE_BINARY_DIR}/generated/core/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/factorbench/core)
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/factorbenchConfig.cmake.in
  ${CMAKE_BINARY_DIR}/factorbenchConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factorbench)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/factorbenchConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/factorbenchConfig.cmake ${CMAKE_BINARY_DIR}/factorbenchConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/factorbench)
