# Desktop app suites (issue 5). Each runs offscreen; GUI suites start a real seedd on loopback.
seed_add_test(tst_gui_models SOURCES gui/tst_gui_models.cpp LIBS seed_models LABELS gui TIMEOUT 60)
seed_add_test(tst_gui_jobs SOURCES gui/tst_gui_jobs.cpp LIBS seed_widgets LABELS gui TIMEOUT 180)
seed_add_test(tst_gui_contract SOURCES gui/tst_gui_contract.cpp gui/fixtureserver.h LIBS seed_client LABELS gui TIMEOUT 60)
