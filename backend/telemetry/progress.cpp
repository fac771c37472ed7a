#include "progress.h"

#include "jobs/jobservice.h"
#include "logs/logstore.h"
#include "store/store.h"
#include "wire/catalog.h"
#include "wire/jsonnum.h"

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
// tqdm from its percentage on: "42%|████▏     | 420/1000 [01:02<01:26, 6.71it/s]", or without the bar (Colab,
// other non-TTY outputs): "100% 391/391 [00:08<00:00, 48.27it/s]". Matched at the percentage (the label before
// it is taken by hand, see tqdmLabel).
const QRegularExpression &tqdmRe()
{
    static const QRegularExpression re(
        QStringLiteral("(\\d{1,3})%(\\|[^|]*\\|)?\\s*(\\d+)/(\\d+)(\\s*\\[[^<\\]]*<([0-9:?]+))?"));
    return re;
}
// Keras: "37/100 [=====>....] - ETA: 3s - loss: ..." (Keras 2) or "37/100 ━━━━━━━ 1s 20ms/step" (Keras 3).
const QRegularExpression &kerasRe()
{
    static const QRegularExpression re(QStringLiteral("(?:^|\\s)(\\d+)/(\\d+)\\s+(?:\\[[=>.]*\\]|[━─]+)"));
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

// "01:26", "2:14:42" (tqdm's remaining time); "?" while tqdm does not know. A time past qint64 (a job can print
// any digits) is no time.
std::optional<qint64> clockSeconds(QStringView s)
{
    if (s.isEmpty())
        return std::nullopt;
    qint64 total = 0, part = 0;
    for (const QChar c : s) {
        if (c == u':') {
            if (qAddOverflow(total, part, &total) || qMulOverflow(total, qint64(60), &total))
                return std::nullopt;
            part = 0;
        } else if (c.isDigit()) {
            if (qMulOverflow(part, qint64(10), &part) || qAddOverflow(part, qint64(c.digitValue()), &part))
                return std::nullopt;
        } else {
            return std::nullopt;
        }
    }
    if (qAddOverflow(total, part, &total))
        return std::nullopt;
    return total;
}

// ASCII case-insensitive "contains" for a lower-case needle: a pre-check before a regex, on every line with a
// '/' (QString::contains with Qt::CaseInsensitive folds every character and costs more than the regex).
bool containsNoCase(QStringView s, QLatin1StringView needle)
{
    const qsizetype n = needle.size();
    for (qsizetype i = 0; i + n <= s.size(); ++i) {
        qsizetype k = 0;
        while (k < n && (s[i + k].unicode() | 0x20) == char16_t(needle[k].unicode()))
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

// The last match: when a source lost its "\r" redraws, several states sit on one line and the newest is last.
QRegularExpressionMatch lastMatch(const QRegularExpression &re, const QString &s)
{
    QRegularExpressionMatch last;
    for (auto it = re.globalMatch(s); it.hasNext();)
        last = it.next();
    return last;
}

// Drops ANSI CSI sequences (ESC [ params final), and SGR remnants "[37m" whose ESC was lost or escaped as
// "\[": Keras 3 colours its counts and its bar. One pass, no copy unless something is dropped.
void stripAnsi(QString &s)
{
    QString out;
    qsizetype copied = 0;
    for (qsizetype i = s.indexOf(u'['); i >= 0; i = s.indexOf(u'[', i + 1)) {
        const QChar prev = i > 0 ? s.at(i - 1) : QChar();
        const bool esc = prev == u'\x1b';
        qsizetype j = i + 1;
        while (j < s.size() && ((s.at(j) >= u'0' && s.at(j) <= u'9') || s.at(j) == u';' || s.at(j) == u'?'))
            ++j;
        if (j >= s.size())
            break;
        const char16_t fin = s.at(j).unicode();
        const bool drop = esc ? (fin >= 0x40 && fin <= 0x7e) : (fin == u'm' && j > i + 1);
        if (!drop)
            continue;
        const qsizetype from = (esc || prev == u'\\') ? i - 1 : i;
        out += QStringView(s).mid(copied, from - copied);
        copied = j + 1;
        i = j;
    }
    if (copied == 0)
        return;
    out += QStringView(s).mid(copied);
    s = out;
}

bool isEpochLabel(const QString &label) { return label.startsWith(QLatin1String("epoch"), Qt::CaseInsensitive); }

// The label of a tqdm bar: the text before its percentage, back to the previous bar on the line (its '|' or
// ']') or to the padding tqdm leaves where the terminal cut a postfix ("…val_acc=0.885,            Epoch 1").
QString tqdmLabel(QStringView before)
{
    before = before.trimmed();
    if (before.endsWith(u':'))
        before.chop(1);
    const qsizetype cut =
        std::max({before.lastIndexOf(u'|'), before.lastIndexOf(u']'), before.lastIndexOf(QLatin1String("  "))});
    if (cut >= 0)
        before = before.mid(cut + 1);
    while (!before.isEmpty() && !before.front().isLetterOrNumber()) // "# Epoch 0" (a comment), ", Testing"
        before = before.mid(1);
    // Lightning's "Epoch N" glued to a postfix the terminal cut: "…val_acc=0.990, tEpoch 3".
    if (const qsizetype e = before.lastIndexOf(QLatin1String("Epoch ")); e > 0) {
        qsizetype d = e + 6;
        while (d < before.size() && before.at(d).isDigit())
            ++d;
        if (d > e + 6)
            before = before.mid(e, d - e);
    }
    return before.trimmed().left(64).toString();
}

struct Bar
{
    qint64 n = 0, total = 0;
    QString label;
    std::optional<qint64> eta;
    bool keras = false;
};

// Whether a bar is the job's progress rather than a sub-task. The run's bar (the Trainer's unlabelled bar, a
// Keras epoch's bar, Lightning's "Epoch N") holds until a bar of the same total or a new "Epoch N" bar replaces
// it; a bar of another total meanwhile is an evaluation/test/predict pass (the Trainer's evaluation bar and
// Keras' evaluate() print no label), also after the run's bar finished. A finished bar gives way to a longer
// one (an evaluation before training) and, if it had a label of its own, to any ("Loading checkpoint shards").
bool isJobBar(const ProgressState &st, const Bar &b)
{
    if (!b.label.isEmpty() && ignoredBarRe().match(b.label).hasMatch())
        return false;
    if (!st.barTotal || *st.barTotal == b.total || (!b.keras && isEpochLabel(b.label)))
        return true;
    if (!st.barN || *st.barN < *st.barTotal)
        return false;
    const bool setupStep = !st.barIsKeras && !st.barLabel.isEmpty() && !isEpochLabel(st.barLabel);
    return setupStep || b.total > *st.barTotal;
}

// The newest tqdm bar on the line that is the job's progress: percentages from the end backwards.
std::optional<Bar> lastTqdmBar(const QString &line, const ProgressState &st)
{
    for (qsizetype pct = line.lastIndexOf(u'%'); pct > 0; pct = line.lastIndexOf(u'%', pct - 1)) {
        if (pct + 1 >= line.size() || (line.at(pct + 1) != u'|' && line.at(pct + 1) != u' '))
            continue;
        qsizetype d = pct;
        while (d > 0 && pct - d < 4 && line.at(d - 1).isDigit())
            --d;
        if (d == pct || pct - d > 3)
            continue;
        const auto m =
            tqdmRe().match(line, d, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        // Without "|bar|" only tqdm's own "[elapsed<remaining" makes it a bar (not "50% 3/4" in prose).
        if (!m.hasMatch() || (m.capturedLength(2) == 0 && m.capturedLength(5) == 0))
            continue;
        Bar b;
        b.n = m.captured(3).toLongLong();
        b.total = m.captured(4).toLongLong();
        if (b.total <= 0)
            continue;
        b.label = tqdmLabel(QStringView(line).left(d));
        b.eta = clockSeconds(m.capturedView(6));
        if (isJobBar(st, b))
            return b;
    }
    return std::nullopt;
}

std::optional<Bar> lastKerasBar(const QString &line, const ProgressState &st)
{
    QList<QRegularExpressionMatch> ms;
    for (auto it = kerasRe().globalMatch(line); it.hasNext();)
        ms.append(it.next());
    for (qsizetype i = ms.size() - 1; i >= 0; --i) {
        Bar b;
        b.keras = true;
        b.n = ms[i].captured(1).toLongLong();
        b.total = ms[i].captured(2).toLongLong();
        if (b.total <= 0 || !isJobBar(st, b))
            continue;
        const qsizetype until = i + 1 < ms.size() ? ms[i + 1].capturedStart() : line.size();
        if (const auto eta = kerasEtaRe().match(line, ms[i].capturedEnd());
            eta.hasMatch() && eta.capturedStart() < until) {
            qint64 v = 0;
            bool overflow = false;
            for (int k = 1; k <= 3; ++k)
                if (!eta.captured(k).isEmpty())
                    overflow = overflow || qMulOverflow(v, qint64(60), &v) ||
                               qAddOverflow(v, eta.captured(k).toLongLong(), &v);
            if (!overflow)
                b.eta = v;
        }
        return b;
    }
    return std::nullopt;
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
            st.explicitEta = wire::int64Of(o.value(QStringLiteral("eta_seconds")));
        return !o.isEmpty();
    }
    static const QRegularExpression ratio(
        QRegularExpression::anchoredPattern(QStringLiteral("(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d+(?:\\.\\d+)?)\\s*(.*)")));
    static const QRegularExpression pct(
        QRegularExpression::anchoredPattern(QStringLiteral("(\\d+(?:\\.\\d+)?)\\s*%\\s*(.*)")));
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
    QString line = raw.contains(u'\r') ? raw.section(u'\r', -1, -1, QString::SectionSkipEmpty) : raw;
    const QString trimmed = line.trimmed();
    if (line.size() <= 4096 &&
        (trimmed.startsWith(QLatin1String("SEED_PROGRESS ")) || trimmed == QLatin1String("SEED_PROGRESS"))) {
        const bool hit = parseExplicit(trimmed.mid(14), st);
        compose(st);
        return hit;
    }
    // Every recognised form has a '/': most lines stop here, before any copy or regex.
    if (!line.contains(u'/'))
        return false;
    // Bars printed side by side (redraws without "\r") put the newest last: keep the end of a long line.
    if (line.size() > 4096)
        line = line.right(4096);
    stripAnsi(line);
    bool hit = false;
    const auto e =
        containsNoCase(line, QLatin1StringView("epoch")) ? lastMatch(epochRe(), line) : QRegularExpressionMatch();
    const auto s =
        containsNoCase(line, QLatin1StringView("step")) ? lastMatch(stepRe(), line) : QRegularExpressionMatch();
    if (e.hasMatch() && e.captured(2).toInt() > 0) {
        const int ep = e.captured(1).toInt();
        if (st.epoch != ep) {
            st.barN.reset(); // a new epoch: the per-epoch bar starts again
            st.barTotal.reset();
            st.barLabel.clear();
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
        std::optional<Bar> bar;
        if (line.contains(u'%'))
            bar = lastTqdmBar(line, st);
        if (!bar && (line.contains(u'━') || line.contains(QLatin1String("[=")) || line.contains(QLatin1String("[.")) ||
                     line.contains(QLatin1String("[>"))))
            bar = lastKerasBar(line, st);
        if (bar) {
            st.barN = bar->n;
            st.barTotal = bar->total;
            st.barLabel = bar->label;
            st.barIsKeras = bar->keras;
            st.barEtaSeconds = bar->eta;
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
    connect(&m_jobs, &jobs::JobService::jobChanged, this, [this](const wire::Job &j) {
        if (j.status != wire::JobStatus::Running)
            return;
        const auto it = m_tracked.find(j.id);
        if (it != m_tracked.end() && it->dirty) // progress read while the start was being confirmed
            flush(j.id, *it);
    });
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

std::optional<qint64> runEtaFromBar(const ProgressState &st)
{
    if (!st.barEtaSeconds || st.barIsKeras || st.epoch || st.step || isEpochLabel(st.barLabel))
        return std::nullopt;
    return st.barEtaSeconds;
}

void ProgressTracker::flush(const QString &jobId, Tracked &t)
{
    t.dirty = false;
    t.lastWriteMs = QDateTime::currentMSecsSinceEpoch();
    auto job = m_store.jobById(jobId);
    // The last lines of a job that has just ended still count (its final "29/30" must not stay "27/30"), without
    // an ETA; a queued or deleted job gets nothing.
    const bool ended = job && wire::isTerminal(job->status);
    if (!job || (job->status != wire::JobStatus::Running && !ended)) {
        // Printed before its start was confirmed (the log is read from `podman run` on): stored once it runs.
        if (job && job->status == wire::JobStatus::Queued)
            t.dirty = true;
        return;
    }
    const ProgressState &st = t.state;
    std::optional<qint64> eta;
    if (!ended)
        eta = st.explicitSet ? st.explicitEta : runEtaFromBar(st);
    if (!eta && st.fraction && !st.explicitSet && !ended) {
        if (t.f0 < 0 || *st.fraction < t.f0) {
            t.f0 = *st.fraction;
            t.t0 = t.lastLineMs;
        } else if (*st.fraction > t.f0 && t.lastLineMs > t.t0) {
            const double rate = (*st.fraction - t.f0) / double(t.lastLineMs - t.t0); // per ms
            eta = wire::saturatingCast<qint64>((1.0 - *st.fraction) / rate / 1000.0);
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
