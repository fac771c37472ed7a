#pragma once

#include "client/seedclient.h"
#include "wire/apierror.h"
#include "wire/job.h"
#include "wire/jobspec.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableView;
class QToolButton;

namespace seed::client {
class SeedClient;
}
namespace seed::models {
class EnvModel;
}

namespace seed::ui {

// The "Create a job" form: one widget per body parameter, lists from wire::catalog, validation by the
// very rules the server runs (wire::validateSpec) shown at the offending field as the user types, the
// server's own 400/409/422 shown at its field too, a live cost-per-hour estimate and saved templates.
class SubmitDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SubmitDialog(client::SeedClient *client, QWidget *parent = nullptr);

    void setSpec(const wire::JobSpec &spec, const QMap<QString, bool> &secretEnv = {});
    wire::JobSpec spec() const;
    // "Submit a copy": the job's spec (env is never returned by the API) under a new free name.
    static wire::JobSpec specFromJob(const wire::Job &job);

    // The message shown at a field ("" when none); "" for the general area.
    QString fieldError(const QString &field) const;
    QString generalError() const;
    QWidget *fieldWidget(const QString &field) const;
    QPushButton *submitButton() const { return m_submit; }
    models::EnvModel *envModel() const { return m_env; }
    QString costEstimateText() const;
    // Spot and nodes (additive keys): sent in the create body only when set (spot on, more than one node), so a
    // server without them sees the body it knows.
    bool isSpot() const;
    int nodes() const;
    QCheckBox *spotBox() const { return m_spot; }
    QSpinBox *nodesBox() const { return m_nodes; }
    // The create body as submit() sends it.
    QJsonObject requestBody() const;
    // On-demand and spot price per hour of the form's machine (x nodes), in cents, at the list prices and the
    // server's spot factor (GET /machine `spot_factor`, else the default).
    qint64 onDemandCents() const;
    qint64 spotCents() const;

    // Local validation mirrors the server; tests turn it off to prove that the server's own answer reaches
    // the right field.
    void setClientSideValidation(bool on);

    // Templates (QSettings "templates"): secret env values are never saved.
    QStringList templateNames() const;
    void saveTemplate(const QString &name);
    bool loadTemplate(const QString &name);
    void deleteTemplate(const QString &name);

    void submit();

    // What the connected backend can run (its GET /{ns}/machine): GPU types, counts and vCPUs it lacks are shown
    // disabled with the reason, and the stock defaults (A100-80GB x 1, 8 vCPUs, 32 GB), while untouched, become
    // ones it can run. Implemented in submitdialogbackend.cpp.
    void setMachine(const client::MachineView &machine);
    // The images on the backend's machine (GET /{ns}/images), offered beside the image field; empty when the
    // server has no such list (free text only).
    QStringList localImages() const { return m_localImages; }
    QToolButton *localImagesButton() const { return m_imagesButton; }
    QLabel *imageHint() const { return m_imageHint; }

Q_SIGNALS:
    void submitted(const seed::wire::Job &job);

private:
    void build();
    QWidget *withError(QWidget *field, const QString &key);
    void validate();
    QHash<QString, QString> fieldLabels() const; // field -> the label the user sees
    QList<wire::ApiError> formProblems() const;  // every problem of the form's spec, in the form's words
    void showAllProblems(bool focusFirst);
    void showError(const wire::ApiError &e, bool fromServer);
    void clearErrors();
    void updateCost();
    void updateSource();
    void reloadTemplateList();
    void setBusy(bool busy);
    void buildBackendParts(); // the local-images button and hint (submitdialogbackend.cpp)
    void loadLocalImages();
    void applyMachineLimits(); // enables the count/vCPU items the chosen GPU type allows here
    void applyNodeLimit();     // the Nodes box: enabled where the backend runs multi-node jobs
    wire::PriceTable prices() const;
    std::optional<wire::ApiError> machineError(const wire::JobSpec &s) const;

    QPointer<client::SeedClient> m_client;
    bool m_clientValidation = true;
    bool m_busy = false;
    QComboBox *m_templates;
    QLineEdit *m_name;
    QPlainTextEdit *m_command;
    QRadioButton *m_useRepo;
    QRadioButton *m_useImage;
    QLineEdit *m_repo;
    QLineEdit *m_branch;
    QLineEdit *m_image;
    QComboBox *m_gpu;
    QComboBox *m_gpuCount;
    QComboBox *m_cpu;
    QSpinBox *m_memory;
    QSpinBox *m_disk;
    QComboBox *m_region;
    QCheckBox *m_spot;
    QSpinBox *m_nodes;
    QSpinBox *m_timeout;
    QSpinBox *m_retries;
    QLineEdit *m_outputPath;
    models::EnvModel *m_env;
    QTableView *m_envView;
    QLabel *m_cost;
    QLabel *m_general;
    QPushButton *m_submit;
    QDialogButtonBox *m_buttons;
    QHash<QString, QLabel *> m_errors;  // field -> its error label
    QHash<QString, QWidget *> m_widgets; // field -> its input
    std::optional<client::MachineView> m_machine;
    int m_maxNodes = 1; // what the backend's /machine says it runs (max_nodes); 1 without it
    QStringList m_localImages;
    QToolButton *m_imagesButton = nullptr;
    QLabel *m_imageHint = nullptr;
};

} // namespace seed::ui
