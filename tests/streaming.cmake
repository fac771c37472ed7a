# Log streams, progress, analytics. Container suites use the Podman sandbox (tests/support) and skip
# when Podman is absent.
seed_add_test(tst_logs_stream SOURCES streaming/tst_logs_stream.cpp streaming/sseclient.h LIBS seed_wire TIMEOUT 400
              LABELS "podman;streaming")
target_include_directories(tst_logs_stream PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
seed_add_test(tst_progress SOURCES streaming/tst_progress.cpp LIBS seed_telemetry)
seed_add_test(tst_telemetry SOURCES streaming/tst_telemetry.cpp streaming/sseclient.h LIBS seed_wire TIMEOUT 300
              LABELS "podman;streaming")
target_include_directories(tst_telemetry PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
