#include "progressdelegate.h"

#include "models/jobtablemodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace seed::ui {

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant f = index.data(models::JobTableModel::ProgressFractionRole);
    if (!f.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // Background and selection first, like any other cell.
    QStyleOptionViewItem bg = option;
    initStyleOption(&bg, index);
    bg.text.clear();
    const QWidget *w = option.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &bg, painter, w);

    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, 3, -2, -3);
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = int(f.toDouble() * 1000.0);
    const QString text = index.data(Qt::DisplayRole).toString();
    bar.text = fittedText(text.isEmpty() ? QStringLiteral("%1%").arg(int(f.toDouble() * 100.0)) : text,
                          option.fontMetrics, bar.rect.width());
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.state = option.state | QStyle::State_Horizontal;
    bar.palette = option.palette;
    bar.fontMetrics = option.fontMetrics;
    bar.direction = option.direction;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, w);
}

QString ProgressDelegate::fittedText(const QString &text, const QFontMetrics &fm, int barWidth)
{
    // The bar centres its text and cuts both ends where it is too long ("ogress 3/10 · ETA 2m 1"); an ellipsis
    // at the end says there is more, and the tooltip has it all.
    return fm.elidedText(text, Qt::ElideRight, std::max(0, barWidth - 2 * kTextPadding));
}

bool ProgressDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                 const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip &&
        index.data(models::JobTableModel::ProgressFractionRole).isValid()) {
        const QString text = index.data(Qt::DisplayRole).toString();
        if (!text.isEmpty() && fittedText(text, option.fontMetrics, option.rect.width() - 4) != text) {
            QToolTip::showText(event->globalPos(), text, view);
            return true;
        }
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(qMax(s.width(), 140));
    return s;
}

} // namespace seed::ui
