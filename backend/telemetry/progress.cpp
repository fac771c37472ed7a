#include "progress.h"

#include "jobs/jobservice.h"
#include "logs/logstore.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace seed::telemetry {

namespace {
const QRegularExpression &epochRe()
{
    static const QRegularExpression re(QStringLiteral("\\bepoch\\b[\\s:=]*\\[?\\s*(\\d+)\\s*/\\s*(\\d+)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}
const QRegularExpression &stepRe()
{
    static const QRegularExpression re(QStringLiteral("\\b(?:global[ _])?step\\b[\\s:=]*\\[?\\s*(\\d+)\\s*/\\s*(\\d+)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}
// tqdm: [label: ]NN%|bar| n/total [elapsed<remaining, rate]
const QRegularExpression &tqdmRe()
{
    static const QRegularExpression re(
        QStringLiteral("(?:^|[\\s\\r])(?:([^|\\r]*?):?\\s*)?(\\d{1,3})%\\|[^|]*\\|\\s*(\\d+)/(\\d+)(?:\\s*\\[[^<\\]]*<([0-9:?]+))?"));
    return re;
}
// Keras: " 37/100 [=====>....] - ETA: 3s - loss: ..." or " 37/100 ━━━━━━━━ 1s 20ms/step"
const QRegularExpression &kerasRe()
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+)/(\\d+)\\s+(?:\\[[=>.]*\\]|[━─\\x{2501}]+)"));
    return re;
}
const QRegularExpression &kerasEtaRe()
{
    static const QRegularExpression re(QStringLiteral("ETA:\\s*(?:(\\d+):)?(?:(\\d+):)?(\\d+)s?"));
    return re;
}
const QRegularExpression &ignoredBarRe()
{
    static const QRegularExpression re(QStringLiteral("valid|eval|test|predict|sanity"), QRegularExpression::CaseInsensitiveOption);
    return re;
}

std::optional<qint64> clockSeconds(const QString &s)
{
    if (s.isEmpty() || s.contains(u'?'))
        return std::nullopt;
    qint64 total = 0;
    for (const QString &p : s.split(u':')) {
        bool ok = false;
        const qint64 v = p.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        total = total * 60 + v;
    }
    return total;
}

bool parseExplicit(const QString &rest, ProgressState &st)
{
    st.explicitSet = true;
    st.explicitText.clear();
    st.explicitFraction.reset();
    st.explicitEta.reset();
    const QString r = rest.trimmed();
    if (r.startsWith(u'{')) {
        const QJsonObject o = QJsonDocument::fromJson(r.toUtf8()).object();
        st.explicitText = o.value(QStringLiteral("progress")).toString();
        if (o.value(QStringLiteral("fraction")).isDouble())
            st.explicitFraction = std::clamp(o.value(QStringLiteral("fraction")).toDouble(), 0.0, 1.0);
        if (o.value(QStringLiteral("eta_seconds")).isDouble())
            st.explicitEta = qint64(o.value(QStringLiteral("eta_seconds")).toDouble());
        return !o.isEmpty();
    }
    static const QRegularExpression ratio(QStringLiteral("^(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d+(?:\\.\\d+)?)\\s*(.*)$"));
    static const QRegularExpression pct(QStringLiteral("^(\\d+(?:\\.\\d+)?)\\s*%\\s*(.*)$"));
    if (const auto m = ratio.match(r); m.hasMatch() && m.captured(2).toDouble() > 0) {
        st.explicitFraction = std::clamp(m.captured(1).toDouble() / m.captured(2).toDouble(), 0.0, 1.0);
        st.explicitText = m.captured(3).trimmed().isEmpty() ? m.captured(1) + u'/' + m.captured(2) : m.captured(3).trimmed();
        return true;
    }
    if (const auto m = pct.match(r); m.hasMatch()) {
        st.explicitFraction = std::clamp(m.captured(1).toDouble() / 100.0, 0.0, 1.0);
        st.explicitText = m.captured(2).trimmed().isEmpty() ? m.captured(1) + u'%' : m.captured(2).trimmed();
        return true;
    }
    st.explicitText = r; // free text
    return !r.isEmpty();
}

void compose(ProgressState &st)
{
    st.fraction.reset();
    if (st.explicitSet) {
        st.text = st.explicitText;
        st.fraction = st.explicitFraction;
        if (st.text.isEmpty() && st.fraction)
            st.text = QString::number(qRound(*st.fraction * 100)) + u'%';
        return;
    }
    const auto ratio = [](qint64 n, qint64 d) { return d > 0 ? std::clamp(double(n) / double(d), 0.0, 1.0) : 0.0; };
    const QString epoch = st.epoch && st.epochs ? QStringLiteral("Epoch %1/%2").arg(*st.epoch).arg(*st.epochs) : QString();
    if (st.step && st.steps) {
        st.text = (epoch.isEmpty() ? QString() : epoch + QStringLiteral(" - ")) + QStringLiteral("Step %1/%2").arg(*st.step).arg(*st.steps);
        st.fraction = ratio(*st.step, *st.steps);
    } else if (st.barN && st.barTotal) {
        const double bar = ratio(*st.barN, *st.barTotal);
        if (!epoch.isEmpty()) {
            st.text = epoch + QStringLiteral(" - Step %1/%2").arg(*st.barN).arg(*st.barTotal);
            st.fraction = std::clamp((double(*st.epoch - 1) + bar) / double(*st.epochs), 0.0, 1.0);
        } else if (st.barLabel.contains(QLatin1String("epoch"), Qt::CaseInsensitive)) {
            // Lightning's bar: one epoch of an unknown number; the fraction of the run is unknown.
            st.text = st.barLabel + QStringLiteral(" - %1/%2").arg(*st.barN).arg(*st.barTotal);
        } else {
            st.text = (st.barLabel.isEmpty() ? QStringLiteral("Step") : st.barLabel) + QStringLiteral(" %1/%2").arg(*st.barN).arg(*st.barTotal);
            st.fraction = bar;
        }
    } else if (!epoch.isEmpty()) {
        st.text = epoch;
        st.fraction = ratio(*st.epoch - 1, *st.epochs);
    }
}
} // namespace

bool parseProgressLine(const QString &raw, ProgressState &st)
{
    // A bar redrawn in place: only its last state counts.
    const QString line = raw.section(u'\r', -1, -1, QString::SectionSkipEmpty);
    if (line.size() > 4096)
        return false;
    bool hit = false;
    const QString trimmed = line.trimmed();
    if (trimmed.startsWith(QLatin1String("SEED_PROGRESS ")) || trimmed == QLatin1String("SEED_PROGRESS")) {
        hit = parseExplicit(trimmed.mid(14), st);
        compose(st);
        return hit;
    }
    if (!line.contains(u'/'))
        return false;
    const auto e = epochRe().match(line);
    const auto s = stepRe().match(line);
    if (e.hasMatch() && e.captured(2).toInt() > 0) {
        const int ep = e.captured(1).toInt();
        if (st.epoch != ep) {
            st.barN.reset(); // a new epoch: the per-epoch bar starts again
            st.barTotal.reset();
        }
        st.epoch = ep;
        st.epochs = e.captured(2).toInt();
        hit = true;
    }
    if (s.hasMatch() && s.captured(2).toLongLong() > 0) {
        st.step = s.captured(1).toLongLong();
        st.steps = s.captured(2).toLongLong();
        hit = true;
    }
    if (!s.hasMatch()) {
        if (const auto t = tqdmRe().match(line); t.hasMatch() && t.captured(4).toLongLong() > 0) {
            QString label = t.captured(1).trimmed();
            if (label.endsWith(u':'))
                label.chop(1);
            const qint64 n = t.captured(3).toLongLong(), total = t.captured(4).toLongLong();
            const bool mainUnfinished = st.barTotal && st.barN && *st.barN < *st.barTotal && *st.barTotal != total && !st.barIsKeras;
            if (!ignoredBarRe().match(label).hasMatch() && !mainUnfinished) {
                st.barN = n;
                st.barTotal = total;
                st.barLabel = label.left(64);
                st.barIsKeras = false;
                st.barEtaSeconds = clockSeconds(t.captured(5));
                hit = true;
            }
        } else if (const auto k = kerasRe().match(line); k.hasMatch() && k.captured(2).toLongLong() > 0) {
            st.barN = k.captured(1).toLongLong();
            st.barTotal = k.captured(2).toLongLong();
            st.barLabel.clear();
            st.barIsKeras = true;
            st.barEtaSeconds.reset();
            if (const auto eta = kerasEtaRe().match(line); eta.hasMatch()) {
                qint64 v = 0;
                for (int i = 1; i <= 3; ++i)
                    if (!eta.captured(i).isEmpty())
                        v = v * 60 + eta.captured(i).toLongLong();
                st.barEtaSeconds = v;
            }
            hit = true;
        }
    }
    if (hit) {
        st.explicitSet = false; // the newest statement wins
        compose(st);
    }
    return hit;
}

ProgressTracker::ProgressTracker(logs::LogStore &logs, jobs::JobService &jobs, store::Store &store, QObject *parent)
    : QObject(parent), m_logs(logs), m_jobs(jobs), m_store(store)
{
    connect(&m_logs, &logs::LogStore::linesAppended, this, &ProgressTracker::onLines);
    connect(&m_jobs, &jobs::JobService::jobRemoved, this, [this](const wire::Job &j) { m_tracked.remove(j.id); });
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        bool pending = false;
        for (auto it = m_tracked.begin(); it != m_tracked.end(); ++it) {
            if (it->dirty && QDateTime::currentMSecsSinceEpoch() - it->lastWriteMs >= m_minIntervalMs)
                flush(it.key(), *it);
            pending = pending || it->dirty;
        }
        if (!pending)
            m_timer.stop();
    });
}

void ProgressTracker::onLines(const QString &jobId, qint64 lastSeq)
{
    Tracked &t = m_tracked[jobId];
    // A flood: the newest 2000 lines say where the job is now.
    const qint64 from = std::max(t.parsedSeq, lastSeq - 2000);
    const QList<wire::LogLine> lines = m_logs.readAfter(jobId, from, 2000);
    for (const wire::LogLine &l : lines) {
        if (parseProgressLine(l.message, t.state)) {
            t.dirty = true;
            t.lastLineMs = l.timestamp.toMSecsSinceEpoch();
        }
    }
    t.parsedSeq = lastSeq;
    if (!t.dirty)
        return;
    if (QDateTime::currentMSecsSinceEpoch() - t.lastWriteMs >= m_minIntervalMs)
        flush(jobId, t);
    else if (!m_timer.isActive())
        m_timer.start();
}

void ProgressTracker::flush(const QString &jobId, Tracked &t)
{
    t.dirty = false;
    t.lastWriteMs = QDateTime::currentMSecsSinceEpoch();
    auto job = m_store.jobById(jobId);
    if (!job || job->status != QLatin1String("running"))
        return;
    const ProgressState &st = t.state;
    std::optional<qint64> eta;
    if (st.explicitSet)
        eta = st.explicitEta;
    else if (st.barEtaSeconds && !st.barIsKeras && !st.epoch && !st.step)
        eta = st.barEtaSeconds; // a bar over the whole run predicts its own end
    if (!eta && st.fraction && !st.explicitSet) {
        if (t.f0 < 0 || *st.fraction < t.f0) {
            t.f0 = *st.fraction;
            t.t0 = t.lastLineMs;
        } else if (*st.fraction > t.f0 && t.lastLineMs > t.t0) {
            const double rate = (*st.fraction - t.f0) / double(t.lastLineMs - t.t0); // per ms
            eta = qint64((1.0 - *st.fraction) / rate / 1000.0);
        }
    }
    if (job->progress == st.text && job->progressFraction == st.fraction && job->etaSeconds == eta)
        return;
    job->progress = st.text;
    job->progressFraction = st.fraction;
    job->etaSeconds = eta;
    m_jobs.update(*job);
}

} // namespace seed::telemetry
