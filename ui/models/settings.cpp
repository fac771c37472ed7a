#include "settings.h"

#include <QSettings>

#include <algorithm>

namespace seed::ui {

Settings::Settings(QObject *parent) : QObject(parent) {}

Settings *Settings::instance()
{
    static Settings settings;
    return &settings;
}

QString Settings::name(Key key)
{
    switch (key) {
    case Key::LogMaxLines:
        return QStringLiteral("logs/maxLines");
    case Key::ChartPollMs:
        return QStringLiteral("charts/pollMs");
    case Key::MachinePollMs:
        return QStringLiteral("machine/pollMs");
    case Key::DesktopNotifications:
        return QStringLiteral("notifications/desktop");
    case Key::NotifyFailedOnly:
        return QStringLiteral("notifications/failedOnly");
    case Key::CloseNoticeOff:
        return QStringLiteral("window/closeNoticeOff");
    }
    Q_UNREACHABLE();
}

std::optional<Settings::IntRange> Settings::range(Key key)
{
    switch (key) {
    case Key::LogMaxLines:
        return kLogMaxLines;
    case Key::ChartPollMs:
        return kChartPollMs;
    case Key::MachinePollMs:
        return kMachinePollMs;
    case Key::DesktopNotifications:
    case Key::NotifyFailedOnly:
    case Key::CloseNoticeOff:
        break;
    }
    return std::nullopt;
}

QVariant Settings::defaultValue(Key key)
{
    if (const auto r = range(key))
        return r->defaultValue;
    switch (key) {
    case Key::DesktopNotifications:
        return true;
    case Key::NotifyFailedOnly:
    case Key::CloseNoticeOff:
        return false;
    default:
        break;
    }
    Q_UNREACHABLE();
}

// What a stored or given value means: the key's type, within its range; the default where it is no such value.
QVariant Settings::normalized(Key key, const QVariant &raw)
{
    if (const auto r = range(key)) {
        bool ok = false;
        const int v = raw.toInt(&ok);
        return ok ? std::clamp(v, r->min, r->max) : r->defaultValue;
    }
    if (!raw.isValid())
        return defaultValue(key);
    // QSettings' INI files give "true"/"false" back as strings; toBool() reads those.
    return raw.toBool();
}

QVariant Settings::value(Key key) const { return normalized(key, QSettings().value(name(key))); }

void Settings::set(Key key, const QVariant &value)
{
    QSettings s;
    const QVariant stored = s.value(name(key));
    const QVariant before = normalized(key, stored);
    const QVariant after = normalized(key, value);
    if (!stored.isValid() || stored != after)
        s.setValue(name(key), after);
    if (after != before)
        Q_EMIT changed(key);
}

} // namespace seed::ui
