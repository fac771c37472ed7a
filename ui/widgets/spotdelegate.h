#pragma once

#include <QStyledItemDelegate>

namespace seed::ui {

// The Name column: the job's name, and for a spot job a small "Spot" tag at the cell's right edge (the name is
// elided before the tag is). A tag, not a colour alone: it reads in both palettes and to a screen reader (the
// model's accessible text says "spot" too).
class SpotDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QString tagText();                    // "Spot", translated
    static int tagWidth(const QFontMetrics &fm); // the tag's width with its padding and margin
    static QRect tagRect(const QRect &cell, const QFontMetrics &fm);
};

} // namespace seed::ui
