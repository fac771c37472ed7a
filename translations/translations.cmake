# The desktop app's translations: translations/seed_<lang>.ts, compiled to .qm and embedded under :/i18n.
# `ninja update_translations` refreshes the .ts files from the sources (lupdate).
qt_add_translations(seed
  TS_FILES ${CMAKE_SOURCE_DIR}/translations/seed_de.ts
  SOURCES ${CMAKE_SOURCE_DIR}/app/seed/main.cpp
  INCLUDE_DIRECTORIES ${CMAKE_SOURCE_DIR}/ui)
