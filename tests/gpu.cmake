# GPU telemetry end to end: seedd with `--gpus auto` loads the NVML test double (tests/support/fakenvml)
# through its real dlopen path; GPU jobs run as real containers with a CDI spec of the test's own kind.
add_subdirectory(${CMAKE_CURRENT_SOURCE_DIR}/support/fakenvml ${CMAKE_CURRENT_BINARY_DIR}/fakenvml)
seed_add_test(tst_gpu_nvml SOURCES gpu/tst_gpu_nvml.cpp gpu/nvmlscript.h runtimetesthelpers.h LIBS seed_wire TIMEOUT 300
              LABELS "podman")
target_include_directories(tst_gpu_nvml PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(tst_gpu_nvml PRIVATE FAKENVML_DIR="$<TARGET_FILE_DIR:fakenvml>")
add_dependencies(tst_gpu_nvml fakenvml)
