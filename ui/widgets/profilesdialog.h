#pragma once

#include "client/profiles.h"

#include <QDialog>
#include <QPointer>
#include <QSet>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QMessageBox;
class QPushButton;

namespace seed::client {
class SecretStore;
class SeedClient;
}

namespace seed::ui {

// Connections: "This computer" plus any number of remote endpoints. The token or API key goes to the
// system keychain; if none answers, the user is told and may keep the secret for this session only.
class ProfilesDialog : public QDialog
{
    Q_OBJECT
public:
    ProfilesDialog(const QList<client::Profile> &profiles, client::SecretStore *secrets, QWidget *parent = nullptr);

    QList<client::Profile> profiles() const { return m_profiles; }
    void selectProfile(const QString &id);
    void setNotice(const QString &text); // why the dialog opened (a missing secret, say)

    // Editor fields, for tests and accessibility.
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *namespacesEdit() const { return m_namespaces; }
    QComboBox *authCombo() const { return m_auth; }
    QLineEdit *secretEdit() const { return m_secret; }
    QLineEdit *caFileEdit() const { return m_caFile; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *testButton() const { return m_test; }
    QLabel *testResult() const { return m_testResult; }
    QLabel *secretState() const { return m_secretState; }
    QMessageBox *keychainQuestion() const { return m_question; }
    QString currentId() const;

    // Saves the editor into the selected profile and its secret into the keychain.
    void saveCurrent();
    void addRemote();
    void removeCurrent();
    // Asks the endpoint in the editor (unsaved values, the typed or the stored secret) for one page of jobs and
    // says what came back.
    void testConnection();

Q_SIGNALS:
    void profilesChanged(const QList<seed::client::Profile> &profiles);
    // The secret of `id` is stored (keychain or session): a connection may use it now.
    void secretStored(const QString &id, bool sessionOnly);

private:
    void loadEditor();
    client::Profile editorProfile(client::Profile base) const;
    void refreshList();
    // Writes the secret under the profile's label and drops the item under its previous label. `typed`: the user
    // just entered it (say so, or offer the session-only fallback); else it is a move after a rename.
    void storeSecret(const client::Profile &saved, const QString &secret, bool typed);
    void askSessionOnly(const client::Profile &p, const QString &secret, const QString &message);

    QList<client::Profile> m_profiles;
    QPointer<client::SecretStore> m_secrets;
    QListWidget *m_list;
    QLabel *m_notice;
    QLabel *m_localInfo;
    QWidget *m_editor;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_namespaces;
    QComboBox *m_auth;
    QLineEdit *m_secret;
    QLabel *m_secretState;
    QLineEdit *m_caFile;
    QPushButton *m_save;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPointer<QMessageBox> m_question;
    QPushButton *m_test;
    QLabel *m_testResult;
    QPointer<client::SeedClient> m_testClient;
    QSet<QString> m_unsaved; // remotes added in this dialog whose secret was never saved
};

} // namespace seed::ui
