#pragma once

#include <QDialog>

class QMenuBar;
class QTableWidget;

namespace seed::ui {

// Help > Keyboard Shortcuts: every menu action of `menus` that has a key, then the ones that live outside
// the menus (the form's submit key, a double-click in the job table).
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QMenuBar *menus, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
};

} // namespace seed::ui
