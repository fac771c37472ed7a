# The runners' shared decisions, and the Slurm runner against a real Slurm cluster the suite starts itself.
seed_add_test(tst_jobrun SOURCES tst_jobrun.cpp LIBS seed_runtime)
# A real two-node Slurm cluster (tests/support/slurm-cluster.sh) and real busybox containers. Skips without
# Slurm unless CI=true.
seed_add_test(tst_slurm SOURCES tst_slurm.cpp runtimetesthelpers.h LIBS seed_wire TIMEOUT 600 LABELS "slurm;podman")
