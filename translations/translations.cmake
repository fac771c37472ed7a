# The desktop app's translations: translations/seed_<lang>.ts, compiled to .qm and embedded under :/i18n.
# `ninja update_translations` refreshes the .ts files from every translated source: the app's main and the ui/
# libraries it links (given one by one: the target's own sources are main.cpp only, and lupdate on those alone
# marked every other string obsolete).
include(${CMAKE_CURRENT_LIST_DIR}/lupdate-options.cmake)
file(GLOB_RECURSE seed_translated_sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/ui/*.cpp ${CMAKE_SOURCE_DIR}/ui/*.h)
qt_add_translations(seed
  TS_FILES ${CMAKE_SOURCE_DIR}/translations/seed_de.ts
  SOURCES ${CMAKE_SOURCE_DIR}/app/seed/main.cpp ${seed_translated_sources}
  INCLUDE_DIRECTORIES ${CMAKE_SOURCE_DIR}/ui
  LUPDATE_OPTIONS ${SEED_LUPDATE_OPTIONS})

# English plural forms only ("1 job", "2 jobs" instead of "job(s)"), also the fallback for languages without a
# file of their own. Refreshed by `ninja update_plurals`, not by update_translations (which would add every string
# to it).
add_custom_target(update_plurals
  COMMAND Qt6::lupdate -pluralonly ${SEED_LUPDATE_OPTIONS} -source-language en -target-language en
          ${SEED_PLURAL_SOURCES} -ts translations/seed_en.ts
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} VERBATIM)
add_custom_target(seed_plurals)
qt_add_lrelease(seed_plurals TS_FILES ${CMAKE_SOURCE_DIR}/translations/seed_en.ts QM_FILES_OUTPUT_VARIABLE seed_plural_qm)
qt_add_resources(seed seed_plurals PREFIX /i18n BASE ${CMAKE_CURRENT_BINARY_DIR} FILES ${seed_plural_qm})
