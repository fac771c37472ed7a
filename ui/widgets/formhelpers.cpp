#include "formhelpers.h"

#include "wire/catalog.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QRegularExpression>
#include <QWidget>

namespace seed::ui {

namespace {

wire::JobSpec validElsewhere()
{
    wire::JobSpec b;
    b.name = QStringLiteral("x");
    b.command = QStringLiteral("true");
    b.image = QStringLiteral("busybox");
    b.gpu = QStringLiteral("none");
    b.gpuCount = 1;
    b.cpu = wire::catalog::cpuCounts().first();
    b.memoryGb = 1;
    b.diskGb = 1;
    b.region = wire::catalog::regions().first();
    b.timeoutMinutes = 1;
    b.retries = 0;
    return b;
}

} // namespace

QList<wire::ApiError> allSpecProblems(const wire::JobSpec &s)
{
    using Copy = void (*)(wire::JobSpec &, const wire::JobSpec &);
    // One probe per field (source fields go together: "either repo or image" is one rule).
    const std::pair<const char *, Copy> probes[] = {
        {"name", [](wire::JobSpec &b, const wire::JobSpec &u) { b.name = u.name; }},
        {"command", [](wire::JobSpec &b, const wire::JobSpec &u) { b.command = u.command; }},
        {"source",
         [](wire::JobSpec &b, const wire::JobSpec &u) {
             b.repo = u.repo;
             b.branch = u.branch;
             b.image = u.image;
         }},
        {"gpu", [](wire::JobSpec &b, const wire::JobSpec &u) { b.gpu = u.gpu; }},
        {"gpu_count", [](wire::JobSpec &b, const wire::JobSpec &u) { b.gpuCount = u.gpuCount; }},
        {"cpu", [](wire::JobSpec &b, const wire::JobSpec &u) { b.cpu = u.cpu; }},
        {"memory_gb", [](wire::JobSpec &b, const wire::JobSpec &u) { b.memoryGb = u.memoryGb; }},
        {"disk_gb", [](wire::JobSpec &b, const wire::JobSpec &u) { b.diskGb = u.diskGb; }},
        {"region", [](wire::JobSpec &b, const wire::JobSpec &u) { b.region = u.region; }},
        {"timeout_minutes", [](wire::JobSpec &b, const wire::JobSpec &u) { b.timeoutMinutes = u.timeoutMinutes; }},
        {"retries", [](wire::JobSpec &b, const wire::JobSpec &u) { b.retries = u.retries; }},
        {"output_path", [](wire::JobSpec &b, const wire::JobSpec &u) { b.outputPath = u.outputPath; }},
        {"env", [](wire::JobSpec &b, const wire::JobSpec &u) { b.env = u.env; }},
    };
    QList<wire::ApiError> out;
    QStringList seen;
    for (const auto &[name, copy] : probes) {
        wire::JobSpec probe = validElsewhere();
        copy(probe, s);
        // A value alone breaks a 400 rule; a 422 here is only the probe's combination, not the user's.
        if (auto e = wire::validateSpec(probe);
            e && e->kind == wire::ErrorKind::InvalidRequest && !seen.contains(e->field)) {
            seen << e->field;
            out << *e;
        }
    }
    static const QStringList machine{QStringLiteral("gpu"), QStringLiteral("gpu_count"), QStringLiteral("cpu"),
                                     QStringLiteral("memory_gb")};
    if (std::none_of(machine.begin(), machine.end(), [&seen](const QString &f) { return seen.contains(f); })) {
        wire::JobSpec probe = validElsewhere();
        probe.gpu = s.gpu;
        probe.gpuCount = s.gpuCount;
        probe.cpu = s.cpu;
        probe.memoryGb = s.memoryGb;
        if (auto e = wire::validateSpec(probe))
            out << *e;
    }
    return out;
}

QString withFormLabels(QString message, const QHash<QString, QString> &labels)
{
    for (auto it = labels.cbegin(); it != labels.cend(); ++it) {
        if (it.value().isEmpty())
            continue;
        message.replace(QLatin1Char('\'') + it.key() + QLatin1Char('\''), it.value());
        // Names with an underscore are never words of a sentence: replaced bare too ("with gpu_count 4").
        if (it.key().contains(u'_'))
            message.replace(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(it.key()))),
                            it.value());
    }
    return message;
}

QString plainLabel(QString text)
{
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(u'&');
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    text = text.trimmed();
    if (text.endsWith(u':'))
        text.chop(1);
    return text;
}

void WheelGuard::install(QWidget *root)
{
    auto *guard = new WheelGuard(root);
    QList<QWidget *> targets;
    for (QAbstractSpinBox *w : root->findChildren<QAbstractSpinBox *>())
        targets << w;
    for (QComboBox *w : root->findChildren<QComboBox *>())
        targets << w;
    for (QWidget *w : std::as_const(targets)) {
        w->setFocusPolicy(Qt::StrongFocus); // not Qt::WheelFocus: a wheel passing over must not take the focus
        w->installEventFilter(guard);
    }
}

bool WheelGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel) {
        auto *w = qobject_cast<QWidget *>(watched);
        if (w && !w->hasFocus()) {
            event->ignore(); // passed on to the parents: the scroll area scrolls
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace seed::ui
