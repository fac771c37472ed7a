#include "profilesdialog.h"

#include "client/seedclient.h"

#include "client/secretstore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QToolButton>
#include <QVBoxLayout>

namespace seed::ui {

using client::Profile;

ProfilesDialog::ProfilesDialog(const QList<Profile> &profiles, client::SecretStore *secrets, QWidget *parent)
    : QDialog(parent), m_profiles(profiles), m_secrets(secrets)
{
    setWindowTitle(tr("Connections"));
    setObjectName(QStringLiteral("profilesDialog"));
    auto *outer = new QVBoxLayout(this);
    m_notice = new QLabel;
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    outer->addWidget(m_notice);

    auto *row = new QHBoxLayout;
    outer->addLayout(row, 1);
    auto *left = new QVBoxLayout;
    m_list = new QListWidget;
    m_list->setAccessibleName(tr("Connections"));
    m_list->setMinimumWidth(180);
    left->addWidget(m_list, 1);
    auto *lb = new QHBoxLayout;
    m_add = new QPushButton(tr("&Add remote"));
    m_remove = new QPushButton(tr("&Remove"));
    lb->addWidget(m_add);
    lb->addWidget(m_remove);
    left->addLayout(lb);
    row->addLayout(left);

    auto *right = new QVBoxLayout;
    m_localInfo = new QLabel(tr("Jobs run on this computer, by the Seed backend (seedd) that Seed starts when it is "
                                "not running. It keeps running when this window closes."));
    m_localInfo->setWordWrap(true);
    right->addWidget(m_localInfo);
    m_editor = new QWidget;
    auto *form = new QFormLayout(m_editor);
    m_name = new QLineEdit;
    m_name->setAccessibleName(tr("Connection name"));
    form->addRow(tr("&Name:"), m_name);
    m_url = new QLineEdit;
    m_url->setPlaceholderText(Profile::defaultRemoteUrl().toString());
    m_url->setAccessibleName(tr("Base URL"));
    form->addRow(tr("Base &URL:"), m_url);
    m_namespaces = new QLineEdit;
    m_namespaces->setPlaceholderText(tr("acme, my-team"));
    m_namespaces->setAccessibleName(tr("Namespaces"));
    form->addRow(tr("Name&spaces:"), m_namespaces);
    m_auth = new QComboBox;
    m_auth->addItem(tr("Bearer token"), int(Profile::Auth::Token));
    m_auth->addItem(tr("API key (name$secret)"), int(Profile::Auth::ApiKey));
    m_auth->setAccessibleName(tr("Authentication"));
    form->addRow(tr("&Authentication:"), m_auth);
    m_secret = new QLineEdit;
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(tr("Token or API key"));
    m_secret->setPlaceholderText(tr("stored in the system keychain"));
    form->addRow(tr("&Token / key:"), m_secret);
    m_secretState = new QLabel;
    m_secretState->setWordWrap(true);
    form->addRow(QString(), m_secretState);
    auto *caRow = new QHBoxLayout;
    m_caFile = new QLineEdit;
    m_caFile->setAccessibleName(tr("Extra trusted certificate (PEM)"));
    m_caFile->setPlaceholderText(tr("only for a self-signed server"));
    auto *browse = new QToolButton;
    browse->setText(tr("Browse…"));
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);
    // A row of a layout gets no buddy from addRow: the mnemonic needs one, or "&" shows as it is.
    auto *caLabel = new QLabel(tr("Trusted &certificate:"));
    caLabel->setObjectName(QStringLiteral("caFileLabel"));
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, caRow);
    right->addWidget(m_editor);
    m_save = new QPushButton(tr("&Save"));
    m_save->setObjectName(QStringLiteral("saveProfile"));
    m_test = new QPushButton(tr("&Test Connection"));
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_testResult = new QLabel;
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *saveRow = new QHBoxLayout;
    saveRow->addWidget(m_testResult, 1);
    saveRow->addWidget(m_test, 0, Qt::AlignTop);
    saveRow->addWidget(m_save, 0, Qt::AlignTop);
    right->addLayout(saveRow);
    right->addStretch();
    row->addLayout(right, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    outer->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &ProfilesDialog::loadEditor);
    connect(m_add, &QPushButton::clicked, this, &ProfilesDialog::addRemote);
    connect(m_remove, &QPushButton::clicked, this, &ProfilesDialog::removeCurrent);
    connect(m_save, &QPushButton::clicked, this, &ProfilesDialog::saveCurrent);
    connect(m_test, &QPushButton::clicked, this, &ProfilesDialog::testConnection);
    connect(browse, &QToolButton::clicked, this, [this] {
        auto *dlg = new QFileDialog(this, tr("Trusted certificate"), QString(), tr("PEM certificates (*.pem *.crt)"));
        dlg->setAttribute(Qt::WA_DeleteOnClose);
        dlg->setFileMode(QFileDialog::ExistingFile);
        connect(dlg, &QFileDialog::fileSelected, m_caFile, &QLineEdit::setText);
        dlg->open();
    });
    refreshList();
    m_list->setCurrentRow(0);
    resize(720, 420);
}

QString ProfilesDialog::currentId() const
{
    const int r = m_list->currentRow();
    return r >= 0 && r < m_profiles.size() ? m_profiles.at(r).id : QString();
}

void ProfilesDialog::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ProfilesDialog::refreshList()
{
    const int current = m_list->currentRow();
    m_list->clear();
    for (const Profile &p : std::as_const(m_profiles))
        m_list->addItem(p.isLocal() ? p.name : QStringLiteral("%1 — %2").arg(p.name, p.baseUrl.host()));
    if (current >= 0 && current < m_list->count())
        m_list->setCurrentRow(current);
}

void ProfilesDialog::selectProfile(const QString &id)
{
    for (int i = 0; i < m_profiles.size(); ++i)
        if (m_profiles.at(i).id == id)
            m_list->setCurrentRow(i);
}

void ProfilesDialog::loadEditor()
{
    const int r = m_list->currentRow();
    if (r < 0 || r >= m_profiles.size())
        return;
    const Profile &p = m_profiles.at(r);
    m_localInfo->setVisible(p.isLocal());
    m_editor->setVisible(!p.isLocal());
    m_save->setVisible(!p.isLocal());
    m_test->setVisible(!p.isLocal());
    m_testResult->clear();
    m_remove->setEnabled(!p.isLocal());
    if (p.isLocal())
        return;
    m_name->setText(p.name);
    m_url->setText(p.baseUrl.toString());
    m_namespaces->setText(p.namespaces.join(QStringLiteral(", ")));
    m_auth->setCurrentIndex(m_auth->findData(int(p.auth)));
    m_secret->clear();
    m_caFile->setText(p.caCertificateFile);
    if (m_unsaved.contains(p.id))
        m_secretState->setText(tr("The token or API key this connection signs in with."));
    else
        m_secretState->setText(m_secrets && m_secrets->hasSessionSecret(p.secretKey())
                                   ? tr("A secret is kept for this session only.")
                                   : tr("Leave empty to keep the stored secret."));
}

void ProfilesDialog::addRemote()
{
    Profile p;
    p.id = client::ProfileStore::newId();
    p.name = tr("Remote");
    p.kind = Profile::Kind::Remote;
    p.baseUrl = Profile::defaultRemoteUrl();
    m_unsaved.insert(p.id); // nothing is stored for it yet
    m_profiles.append(p);
    refreshList();
    m_list->setCurrentRow(int(m_profiles.size() - 1));
    m_name->setFocus();
    m_name->selectAll();
}

void ProfilesDialog::removeCurrent()
{
    const int r = m_list->currentRow();
    if (r <= 0 || r >= m_profiles.size() || m_profiles.at(r).isLocal())
        return;
    const Profile p = m_profiles.takeAt(r);
    if (m_secrets)
        m_secrets->remove(p.secretKey(), this, [](const client::SecretStore::Result &) {}, p.secretLabel);
    refreshList();
    m_list->setCurrentRow(qMin(r, int(m_profiles.size() - 1)));
    Q_EMIT profilesChanged(m_profiles);
}

void ProfilesDialog::saveCurrent()
{
    const int r = m_list->currentRow();
    if (r < 0 || r >= m_profiles.size() || m_profiles.at(r).isLocal())
        return;
    Profile &p = m_profiles[r];
    const QString secret = m_secret->text(); // read before the list refresh reloads the editor
    m_secret->clear();
    p = editorProfile(p);
    if (!secret.isEmpty())
        m_unsaved.remove(p.id);
    refreshList();
    Q_EMIT profilesChanged(m_profiles);

    if (!m_secrets)
        return;
    const Profile saved = p;
    if (secret.isEmpty()) {
        // Renamed (or moved to another host): the stored secret follows under the new label.
        if (saved.secretLabel != saved.keychainLabel() && !m_secrets->hasSessionSecret(saved.secretKey()))
            m_secrets->read(saved.secretKey(), this, [this, saved](const client::SecretStore::Result &res) {
                if (res.status == client::SecretStore::Status::Ok)
                    storeSecret(saved, res.secret, false);
            }, saved.secretLabel);
        return;
    }
    storeSecret(saved, secret, true);
}

void ProfilesDialog::storeSecret(const Profile &saved, const QString &secret, bool typed)
{
    const QString label = saved.keychainLabel();
    m_secrets->write(saved.secretKey(), secret, this, [this, saved, secret, label, typed](const client::SecretStore::Result &res) {
        if (res.status == client::SecretStore::Status::Ok) {
            if (saved.secretLabel != label)
                m_secrets->remove(saved.secretKey(), this, [](const client::SecretStore::Result &) {}, saved.secretLabel);
            for (Profile &p : m_profiles)
                if (p.id == saved.id)
                    p.secretLabel = label;
            Q_EMIT profilesChanged(m_profiles);
            if (typed) {
                m_secretState->setText(tr("Stored in the system keychain."));
                Q_EMIT secretStored(saved.id, false);
            }
            return;
        }
        if (typed)
            askSessionOnly(saved, secret, client::SecretStore::userMessage(res));
    }, label);
}

Profile ProfilesDialog::editorProfile(Profile p) const
{
    p.name = m_name->text().trimmed().isEmpty() ? tr("Remote") : m_name->text().trimmed();
    QUrl url = QUrl::fromUserInput(m_url->text().trimmed().isEmpty() ? Profile::defaultRemoteUrl().toString()
                                                                     : m_url->text().trimmed());
    url.setUserInfo(QString()); // credentials never live in a URL
    p.baseUrl = url;
    p.namespaces.clear();
    for (const QString &ns :
         m_namespaces->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        p.namespaces.append(ns);
    p.auth = Profile::Auth(m_auth->currentData().toInt());
    p.caCertificateFile = m_caFile->text().trimmed();
    return p;
}

void ProfilesDialog::testConnection()
{
    const int r = m_list->currentRow();
    if (r < 0 || r >= m_profiles.size() || m_profiles.at(r).isLocal())
        return;
    const Profile p = editorProfile(m_profiles.at(r));
    const QString typed = m_secret->text();
    m_test->setEnabled(false);
    m_testResult->setText(tr("Testing…"));
    const auto run = [this, p](const QString &secret) {
        if (secret.isEmpty()) {
            m_test->setEnabled(true);
            m_testResult->setText(tr("Enter the token or API key first."));
            return;
        }
        if (p.namespaces.isEmpty()) {
            m_test->setEnabled(true);
            m_testResult->setText(tr("Enter a namespace first."));
            return;
        }
        client::Endpoint e;
        e.baseUrl = p.baseUrl;
        e.ns = p.namespaces.first();
        e.authorization = p.authorizationFor(secret);
        if (!p.caCertificateFile.isEmpty()) {
            e.caCertificates = QSslCertificate::fromPath(p.caCertificateFile, QSsl::Pem);
            if (e.caCertificates.isEmpty()) {
                m_test->setEnabled(true);
                m_testResult->setText(tr("The certificate file %1 holds no PEM certificate.").arg(p.caCertificateFile));
                return;
            }
        }
        delete m_testClient;
        m_testClient = new client::SeedClient(this);
        m_testClient->setRetryPolicy({1, 0, 0, 0, 15000}); // one try: the answer is what the user asked for
        m_testClient->setEndpoint(e);
        wire::ListQuery q;
        q.perPage = 1;
        m_testClient->listJobs(q, this, [this, ns = e.ns](const client::Result<wire::JobPage> &res) {
            m_test->setEnabled(true);
            if (res.ok())
                m_testResult->setText(
                    tr("Connected: namespace %1 answers (%n job(s)).", nullptr, int(res.value->pagination.total))
                        .arg(ns));
            else
                m_testResult->setText(tr("Failed: %1").arg(client::describe(res.value.error())));
        });
    };
    if (!typed.isEmpty() || !m_secrets) {
        run(typed);
        return;
    }
    m_secrets->read(p.secretKey(), this, [run](const client::SecretStore::Result &res) { run(res.secret); }, p.secretLabel);
}

void ProfilesDialog::askSessionOnly(const Profile &p, const QString &secret, const QString &message)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("No keychain"), message, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("keychainQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *keep = box->addButton(tr("Keep for this &session only"), QMessageBox::AcceptRole);
    keep->setObjectName(QStringLiteral("keepForSession"));
    box->addButton(tr("&Don't keep it"), QMessageBox::RejectRole);
    m_question = box;
    connect(box, &QMessageBox::buttonClicked, this, [this, box, keep, p, secret](QAbstractButton *b) {
        Q_UNUSED(box);
        if (b != keep || !m_secrets) {
            m_secretState->setText(tr("Not stored: no keychain."));
            return;
        }
        m_secrets->keepForSession(p.secretKey(), secret);
        m_secretState->setText(tr("A secret is kept for this session only."));
        Q_EMIT secretStored(p.id, true);
    });
    box->open();
}

} // namespace seed::ui
