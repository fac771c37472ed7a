#pragma once
// What every part of seedctl shares: its message catalogue and the way it waits for one client call.

#include "client/seedclient.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <optional>

namespace seed::cli {

inline QString tr(const char *text) { return QCoreApplication::translate("seedctl", text); }

// Runs one asynchronous SeedClient call to completion on a local event loop: the CLI has nothing else to do
// meanwhile, and the callback style keeps it on the very code path the GUI uses.
template <typename T, typename Call> client::Result<T> await(Call call)
{
    std::optional<client::Result<T>> got;
    QEventLoop loop;
    call([&got, &loop](const client::Result<T> &r) {
        got.emplace(r);
        loop.quit();
    });
    if (!got)
        loop.exec();
    return *got;
}

// Waits `ms` while the event loop runs (the client's timers and replies go on meanwhile).
void pause(int ms);

} // namespace seed::cli
