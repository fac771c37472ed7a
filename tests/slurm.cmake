# The runners' shared decisions, and the Slurm runner against a real Slurm cluster the suite starts itself.
seed_add_test(tst_jobrun SOURCES tst_jobrun.cpp LIBS seed_runtime)
