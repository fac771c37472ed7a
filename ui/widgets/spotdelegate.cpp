#include "spotdelegate.h"

#include "models/jobtablemodel.h"

#include <QApplication>
#include <QPainter>

namespace seed::ui {

namespace {
constexpr int kPadX = 5;
constexpr int kMargin = 4;
} // namespace

QString SpotDelegate::tagText() { return tr("Spot"); }

int SpotDelegate::tagWidth(const QFontMetrics &fm) { return fm.horizontalAdvance(tagText()) + 2 * kPadX + 2 * kMargin; }

QRect SpotDelegate::tagRect(const QRect &cell, const QFontMetrics &fm)
{
    const int w = fm.horizontalAdvance(tagText()) + 2 * kPadX;
    const int h = std::min(cell.height() - 4, fm.height() + 2);
    return {cell.right() - kMargin - w + 1, cell.top() + (cell.height() - h) / 2, w, h};
}

void SpotDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.data(models::JobTableModel::SpotRole).toBool()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The name in what is left of the cell; the tag after it.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *w = option.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    QStyleOptionViewItem bg = opt;
    bg.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &bg, painter, w);
    const QRect tag = tagRect(option.rect, option.fontMetrics);
    QStyleOptionViewItem text = opt;
    text.rect.setRight(tag.left() - kMargin);
    text.backgroundBrush = Qt::NoBrush;
    text.state &= ~QStyle::State_HasFocus;
    style->drawControl(QStyle::CE_ItemViewItem, &text, painter, w);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    // The machine view's spot colours: dark blue on light blue reads on light and dark bases alike.
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xcf, 0xe6, 0xff));
    painter->drawRoundedRect(QRectF(tag), 3, 3);
    painter->setPen(QColor(0x0b, 0x4f, 0x8a));
    painter->drawText(tag, Qt::AlignCenter, tagText());
    painter->restore();
}

QSize SpotDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(models::JobTableModel::SpotRole).toBool())
        s.rwidth() += tagWidth(option.fontMetrics);
    return s;
}

} // namespace seed::ui
