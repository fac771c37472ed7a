#pragma once

#include "wire/apierror.h"
#include "wire/jobspec.h"

#include <QHash>
#include <QList>
#include <QObject>

class QWidget;

namespace seed::ui {

// Every problem of a spec at once, at most one per field, in the order of the form: the server's own rules
// (wire::validateSpec) asked one field at a time against a spec that is valid elsewhere, then the
// machine-shape combination (422) once its fields are each valid.
QList<wire::ApiError> allSpecProblems(const wire::JobSpec &spec);

// A message in the words of the form: the API's field names ('name', gpu_count) replaced by the labels the
// user sees next to the fields ("Name", "GPU count").
QString withFormLabels(QString message, const QHash<QString, QString> &labels);

// The text of a form label as the user reads it: "GPU c&ount:" -> "GPU count".
QString plainLabel(QString text);

// Spin boxes and combo boxes inside a scrolled form take the mouse wheel only once they have the focus:
// scrolling the form over them moved the form, not their values. Installed on every one under `root`.
class WheelGuard : public QObject
{
    Q_OBJECT
public:
    static void install(QWidget *root);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    using QObject::QObject;
};

} // namespace seed::ui
