#pragma once
// Which endpoint seedctl talks to and with which credentials: --url/SEED_URL, else this computer's seedd
// through its connection file; SEED_TOKEN or SEED_API_KEY from the environment only.

#include "arguments.h"
#include "client/seedclient.h"

class QTextStream;

namespace seed::cli {

struct Connection
{
    client::Endpoint endpoint;
    bool credentialsFromEnv = false; // SEED_TOKEN/SEED_API_KEY: they stay when the local token changes
};

// The endpoint, or the exit code (the reason said on `err`).
std::variant<Connection, int> resolveConnection(const ConnectionOptions &o, QTextStream &err);

// Reads this computer's connection file again (local connections only) and switches `client` to the URL and
// token it names now. True when they changed: a seedd restarted on another port or with another token.
bool refreshLocalEndpoint(client::SeedClient &client, bool credentialsFromEnv);

} // namespace seed::cli
