#pragma once

#include <QIcon>

namespace seed::ui {
// The application icon, drawn in code (no SVG plugin needed): a seedling on a round green tile.
QIcon appIcon();
QPixmap renderAppIcon(int size);
} // namespace seed::ui
