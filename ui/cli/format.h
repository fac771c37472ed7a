#pragma once
// How seedctl shows what the server answered: tables, JSON, log lines, durations.

#include "wire/job.h"
#include "wire/logs.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

class QTextStream;

namespace seed::cli {

QString gpuText(const wire::Job &j);
QString duration(qint64 seconds);
void printTable(QTextStream &out, const QStringList &header, const QList<QStringList> &rows);
void printJson(QTextStream &out, const QJsonObject &o);
// A JSON value on one line (a string without its quotes).
QString jsonText(const QJsonValue &v);
// json: one compact object per line, the API's log entry ({"timestamp","message","id"}, as in `logs --json`),
// so that a follow can be read line by line while it runs.
void printLines(QTextStream &out, const QList<wire::LogLine> &lines, bool timestamps, bool json = false);

} // namespace seed::cli
