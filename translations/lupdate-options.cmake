# lupdate's options and the English plurals' sources, in one place for update_translations, update_plurals and the
# translations_complete test (translations/check-complete.sh).
set(SEED_LUPDATE_OPTIONS -locations none -no-obsolete)
set(SEED_PLURAL_SOURCES ui/widgets ui/models ui/client app/seed)
