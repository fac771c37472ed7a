#pragma once

#include "apiserver.h"

#include <functional>

namespace seed::server {

// The routes beyond the contract that serve what a runner or the sampler holds (docs/api.md, "Extensions").
// The server owns them (path, access, errors, streaming); the data come as plain functions from seedd's wiring,
// so that runtime/ and telemetry/ know nothing of HTTP.

// GET /{ns}/machine and GET /{ns}/machine/view: JSON for the caller's namespace.
using NamespaceJson = std::function<QJsonObject(const QString &ns)>;
void addMachineRoute(ApiServer &api, NamespaceJson machine);
void addMachineViewRoute(ApiServer &api, NamespaceJson view);

// GET /{ns}/job/{name}/analytics/series: the job's utilisation series.
void addSeriesRoute(ApiServer &api, ApiServer::JobJson series);

// GET /{ns}/images: the images a job can run without a pull. The reader answers later (it may run `podman
// images`), with the response body or an error in words.
using ImagesDone = std::function<void(const QByteArray &body, const QString &error)>;
void addImagesRoute(ApiServer &api, std::function<void(ImagesDone)> readImages);

// GET /{ns}/job/{name}/artifacts: the job's saved output_path, kept at filesDirOf(<job id>), as one
// uncompressed tar stream (application/x-tar, exact Content-Length, entries named from output_path's last
// component); with ?file=REL the single regular file REL under it (application/octet-stream). Streamed in
// 256 KiB pieces as the socket drains, never loaded into memory; the listing is made off the event loop.
// 404 in the error envelope when the job saved nothing.
void addArtifactsRoute(ApiServer &api, std::function<QString(const QString &jobId)> filesDirOf);

} // namespace seed::server
