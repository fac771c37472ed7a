#include "shortcutsdialog.h"

#include "formhelpers.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace seed::ui {

ShortcutsDialog::ShortcutsDialog(const QMenuBar *menus, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(0, 2, this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    m_table->setObjectName(QStringLiteral("shortcutsTable"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const auto addRow = [this](const QString &what, const QString &key) {
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        m_table->setItem(r, 0, new QTableWidgetItem(what));
        m_table->setItem(r, 1, new QTableWidgetItem(key));
    };
    for (const QMenu *menu : menus->findChildren<QMenu *>()) {
        for (const QAction *a : menu->actions()) {
            if (a->shortcut().isEmpty() || a->isSeparator())
                continue;
            addRow(plainLabel(a->text()).remove(QChar(0x2026)), a->shortcut().toString(QKeySequence::NativeText));
        }
    }
    // Ones that live outside the menus.
    addRow(tr("Submit the form"), QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText));
    addRow(tr("Open a job's logs in a tab"), tr("Double-click"));
    m_table->resizeColumnsToContents();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *lay = new QVBoxLayout(this);
    lay->addWidget(m_table);
    lay->addWidget(buttons);
    resize(460, 480);
}

} // namespace seed::ui
