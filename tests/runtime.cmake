# The local runner (scheduler, Podman runtime, log store). Container suites need podman, runc and
# busybox-static; they build their own isolated Podman storage and skip when Podman is absent.
seed_add_test(tst_runtime_podman SOURCES tst_runtime_podman.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 600
              LABELS "podman")
seed_add_test(tst_runtime_recovery SOURCES tst_runtime_recovery.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 300
              LABELS "podman")
seed_add_test(tst_sched SOURCES tst_sched.cpp LIBS seed_sched)
seed_add_test(tst_logstore SOURCES tst_logstore.cpp LIBS seed_logs seed_runtime)
seed_add_test(tst_executor SOURCES tst_executor.cpp LIBS seed_runtime)
# A running container's cgroup read from /proc, on a recorded conmon command line and /proc/PID/cgroup.
seed_add_test(tst_podmancgroup SOURCES tst_podmancgroup.cpp LIBS seed_runtime)
seed_add_test(tst_runtime_faults SOURCES tst_runtime_faults.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 300
              LABELS "podman")
# The sandbox itself: no container process outlives it, also one left "stopping" by a killed `podman stop`.
seed_add_test(tst_podmansandbox SOURCES tst_podmansandbox.cpp TIMEOUT 120 LABELS "podman")
seed_add_test(tst_safefs SOURCES tst_safefs.cpp LIBS seed_fs)
seed_add_test(tst_runtime_containment SOURCES tst_runtime_containment.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 420
              LABELS "podman")
# 20 x kill -9 of seedd during a mix of real container jobs: nothing lost, duplicated or left behind.
seed_add_test(tst_chaos SOURCES tst_chaos.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 600 LABELS "podman")
# Deleting a job in its grace period (also across kill -9), cancel?force=true, final progress, local images.
seed_add_test(tst_runtime_jobend SOURCES tst_runtime_jobend.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 300
              LABELS "podman")
# Under CI=true a missing Podman fails a container suite instead of skipping it (here: a PATH without podman).
add_test(NAME tst_ci_requires_podman
         COMMAND ${CMAKE_COMMAND} -E env CI=true PATH=/nonexistent $<TARGET_FILE:tst_runtime_recovery>)
set_tests_properties(tst_ci_requires_podman PROPERTIES
  PASS_REGULAR_EXPRESSION "FAIL!  : [^\n]*CI=true requires it: Podman sandbox unavailable: podman is not installed"
  ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)
# seedd at rest (no timer wake-ups), a silent job's log not polled, 200k files not stalling other clients.
seed_add_test(tst_runtime_idle SOURCES tst_runtime_idle.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 420
              LABELS "podman")
# GET /metrics (Prometheus): access, a real GPU job's figures on simulated GPUs, promtool's check.
seed_add_test(tst_metrics SOURCES tst_metrics.cpp runtimetesthelpers.h LIBS seed_server TIMEOUT 300 LABELS "podman")
# Spot jobs: preemption by non-spot jobs (grace, requeue, resume in the kept workspace), kill -9 mid-preemption.
seed_add_test(tst_spot SOURCES tst_spot.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 420 LABELS "podman")
