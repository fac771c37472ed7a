#pragma once

#include <QStyledItemDelegate>

namespace seed::ui {

// The progress column: a progress bar (the style's own, so it follows the palette) with the progress text
// on it; plain text when the fraction is unknown.
class ProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace seed::ui
