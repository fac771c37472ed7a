#pragma once

#include <QSqlDatabase>
#include <QString>

namespace seed::store {

// Forward-only schema migrations, tracked in PRAGMA user_version. Each step runs in its own transaction;
// a database newer than this build is refused rather than touched.
int latestSchemaVersion();
bool migrate(QSqlDatabase &db, QString *error);

} // namespace seed::store
