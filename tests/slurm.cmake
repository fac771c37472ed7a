# The runners' shared decisions, and the Slurm runner against a real Slurm cluster the suite starts itself.
seed_add_test(tst_jobrun SOURCES tst_jobrun.cpp LIBS seed_runtime)
# What the Slurm runner reads from squeue, sinfo and scontrol, on output recorded from a real cluster.
seed_add_test(tst_slurmparse SOURCES tst_slurmparse.cpp LIBS seed_runtime)
# A real two-node Slurm cluster (tests/support/slurm-cluster.sh) and real busybox containers. Skips without
# Slurm unless CI=true.
seed_add_test(tst_slurm SOURCES tst_slurm.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 600 LABELS "slurm;podman")
# Under CI=true a missing Slurm fails the suite instead of skipping it (here: a PATH without Slurm's tools).
add_test(NAME tst_ci_requires_slurm COMMAND ${CMAKE_COMMAND} -E env CI=true PATH=/nonexistent $<TARGET_FILE:tst_slurm>)
set_tests_properties(tst_ci_requires_slurm PROPERTIES
  PASS_REGULAR_EXPRESSION "FAIL!  : [^\n]*CI=true requires it: Slurm is not installed"
  ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60 LABELS "slurm")
