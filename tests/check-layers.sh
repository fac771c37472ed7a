#!/bin/sh
# The library layers of docs/architecture.md, checked on the sources: only server/ and daemon/ (the wiring) know
# HTTP, only store/ knows SQL, backend/ never includes ui/, ui/ includes only wire/ and daemon/connectionfile.h from backend/.
# Prints every offending line; exits 1 if there is one.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src" || exit 2
bad=0
report() { [ -n "$1" ] && { printf '%s\n%s\n' "$2" "$1"; bad=1; }; }

report "$(grep -rnE '#include "server/|#include <QtHttpServer|#include <QHttpServer' \
  backend/wire backend/store backend/auth backend/jobs backend/logs backend/sched backend/fs backend/runtime \
  backend/telemetry 2>/dev/null)" "HTTP below the server:"
report "$(grep -nE 'seed_server|HttpServer' backend/wire/CMakeLists.txt backend/store/CMakeLists.txt \
  backend/auth/CMakeLists.txt backend/jobs/CMakeLists.txt backend/logs/CMakeLists.txt backend/sched/CMakeLists.txt \
  backend/fs/CMakeLists.txt backend/runtime/CMakeLists.txt backend/telemetry/CMakeLists.txt)" "links the server:"
report "$(grep -rnE 'QSqlQuery|QSqlDatabase|#include <QSql' backend app --include='*.cpp' --include='*.h' | grep -v '^backend/store/')" \
  "SQL outside store/:"
report "$(grep -rnE '#include "(ui/|client/|models/|widgets/|cli/)' backend)" "backend includes ui:"
report "$(grep -rnE '#include "[a-z]+/' ui app/seed 2>/dev/null | grep -vE '#include "(wire|client|models|widgets|cli)/|#include "daemon/connectionfile.h"')" \
  "ui includes backend beyond wire/ and daemon/connectionfile.h:"
[ "$bad" = 0 ] && echo "layers: ok"
exit "$bad"
