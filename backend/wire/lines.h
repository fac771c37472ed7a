#pragma once

#include <QByteArrayView>

#include <type_traits>

namespace seed::wire {

// The one line splitter of byte streams (container logs, the log store's files, Server-Sent Events): calls
// f(line) for each '\n'-terminated line of `data`, without its '\n', in order. f may return bool: false stops
// after that line. Returns the offset just past the last line handed to f: where the unterminated rest (a line
// still being written, or torn by a crash) begins; a caller that buffers keeps data from there on.
template <typename F> qsizetype forEachLine(QByteArrayView data, F &&f)
{
    qsizetype pos = 0;
    while (pos < data.size()) {
        const qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0)
            break;
        const QByteArrayView line = data.sliced(pos, nl - pos);
        pos = nl + 1;
        if constexpr (std::is_same_v<std::invoke_result_t<F &, QByteArrayView>, bool>) {
            if (!f(line))
                break;
        } else {
            f(line);
        }
    }
    return pos;
}

} // namespace seed::wire
