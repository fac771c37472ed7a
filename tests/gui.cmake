# Desktop app suites. Each runs offscreen; GUI suites start a real seedd on loopback.
seed_add_test(tst_gui_models SOURCES gui/tst_gui_models.cpp LIBS seed_models LABELS gui TIMEOUT 60)
seed_add_test(tst_gui_jobs SOURCES gui/tst_gui_jobs.cpp LIBS seed_widgets LABELS gui TIMEOUT 180)
# The German catalogue as the app embeds it, to check that translated labels fit.
target_compile_definitions(tst_gui_jobs PRIVATE SEED_DE_QM="${CMAKE_BINARY_DIR}/app/seed_de.qm")
add_dependencies(tst_gui_jobs seed)
seed_add_test(tst_gui_contract SOURCES gui/tst_gui_contract.cpp gui/fixtureserver.h LIBS seed_client LABELS gui TIMEOUT 60)

# Keychain and the remote HTTPS path: a private D-Bus session with an unlocked gnome-keyring.
add_executable(tst_gui_keychain gui/tst_gui_keychain.cpp)
target_link_libraries(tst_gui_keychain PRIVATE seed_testsupport seed_widgets Qt6::Test)
add_test(NAME tst_gui_keychain COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run-with-keyring.sh $<TARGET_FILE:tst_gui_keychain>)
set_tests_properties(tst_gui_keychain PROPERTIES TIMEOUT 120 LABELS gui ENVIRONMENT "QT_QPA_PLATFORM=offscreen")

# No keychain: no D-Bus session bus at all.
seed_add_test(tst_gui_nokeychain SOURCES gui/tst_gui_nokeychain.cpp LIBS seed_widgets LABELS gui TIMEOUT 120)
set_tests_properties(tst_gui_nokeychain PROPERTIES
  ENVIRONMENT "QT_QPA_PLATFORM=offscreen;DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/seed-no-bus")
seed_add_test(tst_gui_localdaemon SOURCES gui/tst_gui_localdaemon.cpp LIBS seed_client LABELS gui TIMEOUT 60)

# Live views: log pane (SSE, resume across a seedd kill -9 + restart, terminal event, cap), charts.
seed_add_test(tst_gui_live SOURCES gui/tst_gui_live.cpp LIBS seed_widgets LABELS gui TIMEOUT 120)
# Live views in the main window: several log tabs at once, job-end notifications.
seed_add_test(tst_gui_logtabs SOURCES gui/tst_gui_logtabs.cpp LIBS seed_widgets LABELS gui TIMEOUT 180)
seed_add_test(tst_gui_ssereader SOURCES gui/tst_gui_ssereader.cpp LIBS seed_client LABELS gui TIMEOUT 60)
# Charts from the series extension and the polling fallback (a contract-only seedd), the machine view.
seed_add_test(tst_gui_charts SOURCES gui/tst_gui_charts.cpp LIBS seed_widgets LABELS gui TIMEOUT 180)
# Edit > Preferences: the dialog against QSettings, open views taking new values, the notification
# switches. No seedd and no keychain: the window's one connection fails at once.
seed_add_test(tst_gui_preferences SOURCES gui/tst_gui_preferences.cpp LIBS seed_widgets LABELS gui TIMEOUT 60)
# Settings: typed keys with defaults and bounds, `changed` once per real change, open views following it.
seed_add_test(tst_gui_settings SOURCES gui/tst_gui_settings.cpp LIBS seed_widgets LABELS gui TIMEOUT 60)
# Any endpoint that follows the contract, not only seedd: the server's total_cost, a log stream without ids/end.
seed_add_test(tst_gui_anyendpoint SOURCES gui/tst_gui_anyendpoint.cpp gui/fixtureserver.h LIBS seed_widgets LABELS gui TIMEOUT 60)
# Preferences > Local backend: the settings file, a checked apply, the restart with a job running (Podman sandbox).
seed_add_test(tst_gui_localbackend SOURCES gui/tst_gui_localbackend.cpp LIBS seed_widgets LABELS "gui;podman" TIMEOUT 180)
# The smaller rough edges of the window and its dialogs (form errors, wheel, shortcuts, menus, titles, close).
seed_add_test(tst_gui_polish SOURCES gui/tst_gui_polish.cpp LIBS seed_widgets LABELS gui TIMEOUT 120)
# A new user's first run and failing endpoints: wrong/revoked credential and stopped local seedd in the
# banner, connection switch, a cancelled job still stopping, the form following the backend's machine and
# images (Podman sandbox for the real machine), messages through tr() and column widths across languages.
seed_add_test(tst_gui_firstrun SOURCES gui/tst_gui_firstrun.cpp gui/fixtureserver.h LIBS seed_widgets LABELS gui TIMEOUT 180)
target_compile_definitions(tst_gui_firstrun PRIVATE SEED_DE_QM="${CMAKE_BINARY_DIR}/app/seed_de.qm")
add_dependencies(tst_gui_firstrun seed seedd)
# Spot and multi-node jobs and GPU energy: the form (Spot, both prices, Nodes), the Spot tag, a real preemption
# and its notification, energy and power from simulated GPUs (Podman sandbox); a cluster's nodes (canned server).
seed_add_test(tst_gui_spot SOURCES gui/tst_gui_spot.cpp gui/fixtureserver.h LIBS seed_widgets LABELS "gui;podman" TIMEOUT 180)
