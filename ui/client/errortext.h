#pragma once

#include "wire/apierror.h"

#include <QString>

namespace seed::client {

// An API error as the desktop app shows it, in the UI's language: seedd's known errors (recognised by their
// code, field and the shape of their message, parameters kept) are translated; anything else, including a
// known code with a message this table does not know, keeps the server's own words.
QString errorText(const wire::ApiError &error);
// errorText() plus the request id, for the status bar and dialogs.
QString describeForUser(const wire::ApiError &error);

} // namespace seed::client
