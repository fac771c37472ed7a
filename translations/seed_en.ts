<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>seed::models</name>
    <message numerus="yes">
        <source>Stopping… (%n s)</source>
        <translation>
            <numerusform>Stopping… (%n s)</numerusform>
            <numerusform>Stopping… (%n s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopping… (force stop in %n s)</source>
        <translation>
            <numerusform>Stopping… (force stop in %n s)</numerusform>
            <numerusform>Stopping… (force stop in %n s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::models::JobTableModel</name>
    <message numerus="yes">
        <source>%1 on %n node(s)</source>
        <translation>
            <numerusform>%1 on %n node</numerusform>
            <numerusform>%1 on %n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Spot job (preemptible), preempted %n time(s)</source>
        <translation>
            <numerusform>Spot job (preemptible), preempted %n time</numerusform>
            <numerusform>Spot job (preemptible), preempted %n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::models::StatusCountsModel</name>
    <message numerus="yes">
        <source>%1: %n job(s)</source>
        <translation>
            <numerusform>%1: %n job</numerusform>
            <numerusform>%1: %n jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::JobActions</name>
    <message numerus="yes">
        <source>Cancel %n jobs?</source>
        <translation>
            <numerusform>Cancel %n job?</numerusform>
            <numerusform>Cancel %n jobs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected job(s) already ended and are left alone.</source>
        <translation>
            <numerusform>%n selected job already ended and is left alone.</numerusform>
            <numerusform>%n selected jobs already ended and are left alone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n jobs?</source>
        <translation>
            <numerusform>Delete %n job?</numerusform>
            <numerusform>Delete %n jobs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected job(s) are still queued or running and are left alone; cancel them first.</source>
        <translation>
            <numerusform>%n selected job is still queued or running and is left alone; cancel it first.</numerusform>
            <numerusform>%n selected jobs are still queued or running and are left alone; cancel them first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::JobDetails</name>
    <message numerus="yes">
        <source>%n time(s)</source>
        <translation>
            <numerusform>%n time</numerusform>
            <numerusform>%n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::JobTableView</name>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n job</numerusform>
            <numerusform>%n jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::LogPane</name>
    <message numerus="yes">
        <source>%n earlier line(s) were dropped by the server&apos;s log bound.</source>
        <translation>
            <numerusform>%n earlier line was dropped by the server&apos;s log bound.</numerusform>
            <numerusform>%n earlier lines were dropped by the server&apos;s log bound.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::MachineView</name>
    <message numerus="yes">
        <source>Cluster (%1): %n node(s) · %2 of %3 vCPUs allocated · %4 running, %5 queued</source>
        <translation>
            <numerusform>Cluster (%1): %n node · %2 of %3 vCPUs allocated · %4 running, %5 queued</numerusform>
            <numerusform>Cluster (%1): %n nodes · %2 of %3 vCPUs allocated · %4 running, %5 queued</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>GPU energy of %n job(s) in this namespace: %1</source>
        <translation>
            <numerusform>GPU energy of %n job in this namespace: %1</numerusform>
            <numerusform>GPU energy of %n jobs in this namespace: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::MainWindow</name>
    <message numerus="yes">
        <source>C&amp;ancel %n Jobs</source>
        <translation>
            <numerusform>C&amp;ancel %n Job</numerusform>
            <numerusform>C&amp;ancel %n Jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Jobs…</source>
        <translation>
            <numerusform>&amp;Delete %n Job…</numerusform>
            <numerusform>&amp;Delete %n Jobs…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) keep running after Seed closes.</source>
        <translation>
            <numerusform>%n job keeps running after Seed closes.</numerusform>
            <numerusform>%n jobs keep running after Seed closes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vCPU(s)</source>
        <translation>
            <numerusform>%n vCPU</numerusform>
            <numerusform>%n vCPUs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::NotificationCentre</name>
    <message numerus="yes">
        <source>%n job(s) ended</source>
        <translation>
            <numerusform>%n job ended</numerusform>
            <numerusform>%n jobs ended</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n spot job(s) preempted</source>
        <translation>
            <numerusform>%n spot job preempted</numerusform>
            <numerusform>%n spot jobs preempted</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::ProfilesDialog</name>
    <message numerus="yes">
        <source>Connected: namespace %1 answers (%n job(s)).</source>
        <translation>
            <numerusform>Connected: namespace %1 answers (%n job).</numerusform>
            <numerusform>Connected: namespace %1 answers (%n jobs).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::SubmitDialog</name>
    <message numerus="yes">
        <source>%1 Try again in %n second(s).</source>
        <translation>
            <numerusform>%1 Try again in %n second.</numerusform>
            <numerusform>%1 Try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This machine has %n vCPU(s) for jobs.</source>
        <translation>
            <numerusform>This machine has %n vCPU for jobs.</numerusform>
            <numerusform>This machine has %n vCPUs for jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>For all %n node(s).</source>
        <translation>
            <numerusform>For %n node.</numerusform>
            <numerusform>For all %n nodes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run the job on up to %n node(s) of the cluster; GPUs and vCPUs are per node.</source>
        <translation>
            <numerusform>Run the job on up to %n node of the cluster; GPUs and vCPUs are per node.</numerusform>
            <numerusform>Run the job on up to %n nodes of the cluster; GPUs and vCPUs are per node.</numerusform>
        </translation>
    </message>
</context>
</TS>
