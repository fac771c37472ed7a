# Writes a man page from a program's own --help and --version (so the page never says something else) and a
# hand-written part (description, files, see also). Run with cmake -P:
#   -DPROG=/path/to/prog -DNAME=seedd -DSECTION=8 -DSUMMARY="..." -DEXTRA=seedd.8.in -DOUT=seedd.8
set(ENV{QT_QPA_PLATFORM} offscreen)
# In a sanitizer build a leak report at exit would fail the page, not the program.
set(ENV{ASAN_OPTIONS} "detect_leaks=0")
execute_process(COMMAND ${PROG} --help OUTPUT_VARIABLE help ERROR_VARIABLE help_err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROG} --help failed (${rc}): ${help_err}")
endif()
execute_process(COMMAND ${PROG} --version OUTPUT_VARIABLE version RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROG} --version failed (${rc})")
endif()
# Qt's parser names the program by the path it was started with: the page names it by its name.
string(REPLACE "${PROG}" "${NAME}" help "${help}")
# The help text is shown as written (no filling): escape what troff would read as requests or escapes.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(REPLACE "-" "\\-" help "${help}")
string(TOUPPER "${NAME}" upper)
file(READ ${EXTRA} extra)
file(WRITE ${OUT} ".\\\" Generated from `${NAME} --help` by installer/man/manpage.cmake; edit the program, not this.
.TH ${upper} ${SECTION} \"\" \"${version}\" \"Seed\"
.SH NAME
${NAME} \\- ${SUMMARY}
${extra}.SH USAGE AND OPTIONS
The program's own \\fB\\-\\-help\\fR:
.PP
.nf
.ft CR
${help}.ft R
.fi
")
