#include "appicon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace seed::ui {

QPixmap renderAppIcon(int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 64.0, size / 64.0);
    QLinearGradient g(0, 0, 0, 64);
    g.setColorAt(0, QColor(0x3a, 0xb5, 0x7a));
    g.setColorAt(1, QColor(0x1c, 0x7c, 0x54));
    p.setPen(Qt::NoPen);
    p.setBrush(g);
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 14, 14);
    // Stem
    p.setPen(QPen(Qt::white, 4.5, Qt::SolidLine, Qt::RoundCap));
    QPainterPath stem;
    stem.moveTo(32, 52);
    stem.cubicTo(32, 42, 31, 36, 32, 28);
    p.setBrush(Qt::NoBrush);
    p.drawPath(stem);
    // Leaves
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    QPainterPath left;
    left.moveTo(32, 34);
    left.cubicTo(22, 36, 13, 29, 12, 17);
    left.cubicTo(24, 16, 31, 23, 32, 34);
    p.drawPath(left);
    QPainterPath right;
    right.moveTo(32, 29);
    right.cubicTo(34, 17, 43, 10, 53, 11);
    right.cubicTo(53, 23, 44, 30, 32, 29);
    p.drawPath(right);
    return pm;
}

QIcon appIcon()
{
    static QIcon icon;
    if (icon.isNull()) {
        icon = QIcon(QStringLiteral(":/icons/seed.png"));
        if (icon.isNull() || icon.availableSizes().isEmpty()) {
            icon = QIcon();
            for (int s : {16, 24, 32, 48, 64, 128, 256})
                icon.addPixmap(renderAppIcon(s));
        }
    }
    return icon;
}

} // namespace seed::ui
