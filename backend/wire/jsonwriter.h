#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace seed::wire {

// Appends `utf8` as the inside of a JSON string: quote, backslash and control characters escaped. The one
// escape of every JSON that seedd writes by hand.
void appendJsonEscaped(QByteArray &out, QByteArrayView utf8);

// Compact JSON straight into a byte buffer, for hot paths (list pages) where building QJsonObjects costs
// more than the query. Shapes are written once, as templates over a sink (see Job::writeListItem), so the
// QJsonObject form and this form cannot differ.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray &out) : m_out(out) {}
    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    void key(const char *k)
    {
        comma();
        m_out += '"';
        m_out += k;
        m_out += "\":";
        m_afterKey = true;
    }
    void value(const QString &s)
    {
        comma();
        writeString(s);
    }
    void value(qint64 v)
    {
        comma();
        m_out += QByteArray::number(v);
    }
    void value(int v) { value(qint64(v)); }
    void value(bool v)
    {
        comma();
        m_out += v ? "true" : "false";
    }
    void null()
    {
        comma();
        m_out += "null";
    }

    // Sink interface for shape templates.
    void field(const char *k, const QString &v) { key(k), value(v); }
    void field(const char *k, qint64 v) { key(k), value(v); }
    void field(const char *k, int v) { key(k), value(v); }
    void field(const char *k, bool v) { key(k), value(v); }
    void nullField(const char *k) { key(k), null(); }

private:
    void open(char c)
    {
        comma();
        m_out += c;
        m_first = true;
    }
    void close(char c)
    {
        m_out += c;
        m_first = false;
    }
    void comma()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (!m_first)
            m_out += ',';
        m_first = false;
    }
    void writeString(const QString &s);

    QByteArray &m_out;
    bool m_first = true;
    bool m_afterKey = false;
};

// The same sink interface over a QJsonObject.
struct JsonObjectSink
{
    QJsonObject object;
    void field(const char *k, const QString &v) { object.insert(QLatin1String(k), v); }
    void field(const char *k, qint64 v) { object.insert(QLatin1String(k), v); }
    void field(const char *k, int v) { object.insert(QLatin1String(k), v); }
    void field(const char *k, bool v) { object.insert(QLatin1String(k), v); }
    void nullField(const char *k) { object.insert(QLatin1String(k), QJsonValue::Null); }
};

} // namespace seed::wire
