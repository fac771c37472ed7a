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
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // The text drawn on a bar `barWidth` pixels wide: whole when it fits, else cut at the end with "…".
    static QString fittedText(const QString &text, const QFontMetrics &fm, int barWidth);
    static constexpr int kTextPadding = 4;
};

} // namespace seed::ui
