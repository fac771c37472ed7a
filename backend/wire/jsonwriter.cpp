#include "jsonwriter.h"

#include <algorithm>

namespace seed::wire {

void appendJsonEscaped(QByteArray &out, QByteArrayView utf8)
{
    const auto special = [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == '"' || c == '\\';
    };
    if (std::none_of(utf8.cbegin(), utf8.cend(), special)) {
        out.append(utf8); // nearly every string: one copy
        return;
    }
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += ch;
            }
        }
    }
}

void JsonWriter::writeString(const QString &s)
{
    m_out += '"';
    appendJsonEscaped(m_out, s.toUtf8());
    m_out += '"';
}

} // namespace seed::wire
