#include "jobfields.h"

namespace seed::models {

JobFields changedFields(const wire::Job &a, const wire::Job &b)
{
    JobFields f;
    const auto note = [&f](bool differs, JobField field) {
        if (differs)
            f |= field;
    };
    note(a.status != b.status, JobField::Status);
    note(a.progress != b.progress, JobField::Progress);
    note(a.progressFraction != b.progressFraction, JobField::ProgressFraction);
    note(a.runtimeSeconds != b.runtimeSeconds, JobField::Runtime);
    note(a.costPerHourCents != b.costPerHourCents, JobField::CostPerHour);
    note(a.startedAt != b.startedAt, JobField::StartedAt);
    note(a.completedAt != b.completedAt, JobField::CompletedAt);
    note(a.exitCode != b.exitCode, JobField::ExitCode);
    note(a.queuePosition != b.queuePosition, JobField::QueuePosition);
    note(a.statusMessage != b.statusMessage, JobField::StatusMessage);
    note(a.name != b.name, JobField::Name);
    note(a.gpu != b.gpu, JobField::Gpu);
    note(a.gpuCount != b.gpuCount, JobField::GpuCount);
    note(a.region != b.region, JobField::Region);
    note(a.retryCount != b.retryCount, JobField::RetryCount);
    note(a.etaSeconds != b.etaSeconds, JobField::Eta);
    note(a.createdAt != b.createdAt, JobField::CreatedAt);
    note(a.serverTotalCostCents != b.serverTotalCostCents, JobField::ServerTotalCost);
    note(a.stopping != b.stopping, JobField::Stopping);
    note(a.forceStopAt != b.forceStopAt, JobField::ForceStopAt);
    note(a.spot != b.spot, JobField::Spot);
    note(a.nodes != b.nodes, JobField::Nodes);
    note(a.preemptions != b.preemptions, JobField::Preemptions);
    note(a.preemptedBy != b.preemptedBy, JobField::PreemptedBy);
    note(a.preemptedAt != b.preemptedAt, JobField::PreemptedAt);
    return f;
}

} // namespace seed::models
