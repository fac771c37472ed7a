#pragma once

#include "client/localbackendconfig.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace seed::client {
class LocalDaemon;
}

namespace seed::ui {

// Preferences > Local backend: what the seedd on this computer offers (simulated GPUs, capacity, image pull
// policy, default image), read from and written to its config file (client::LocalBackendConfig). apply()
// checks the values (the form's own rules, then the seedd that will read the file), shows what is wrong next
// to its field and writes the file only when all is well; the caller then restarts the local seedd.
class LocalBackendPage : public QWidget
{
    Q_OBJECT
public:
    LocalBackendPage(const QString &dataDir, client::LocalDaemon *daemon, QWidget *parent = nullptr);

    client::LocalBackendConfig config() const; // what the widgets show now
    void setConfig(const client::LocalBackendConfig &config);
    bool isModified() const { return config() != m_loaded; }
    QString dataDir() const { return m_dataDir; }

    // Checks and writes; false (and the messages shown) when something is wrong or cannot be written.
    bool apply();
    QString fieldError(const QString &key) const; // "" when none
    QString generalError() const;

private:
    QLabel *addErrorLabel(const QString &key);
    void showProblems(const QHash<QString, QString> &problems, const QString &general);
    void updateEnabled();

    QString m_dataDir;
    client::LocalDaemon *m_daemon;
    client::LocalBackendConfig m_loaded;
    QList<client::LocalBackendConfig::SimulatedGpus> m_extraSimulated; // types beyond the first, kept as they are
    QComboBox *m_gpuMode;
    QComboBox *m_gpuType;
    QSpinBox *m_gpuCount;
    QLabel *m_extraGpus;
    QSpinBox *m_cpus;
    QSpinBox *m_memory;
    QComboBox *m_pull;
    QLineEdit *m_image;
    QLabel *m_general;
    QHash<QString, QLabel *> m_errors;
};

} // namespace seed::ui
