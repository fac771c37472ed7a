<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>LocalBackendConfig</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a JSON object: %2</source>
        <translation>%1 ist kein JSON-Objekt: %2</translation>
    </message>
    <message>
        <source>Choose a GPU type and how many to simulate.</source>
        <translation>Wählen Sie einen GPU-Typ und wie viele simuliert werden sollen.</translation>
    </message>
    <message>
        <source>“%1” is not a GPU type Seed knows.</source>
        <translation>„%1“ ist kein GPU-Typ, den Seed kennt.</translation>
    </message>
    <message>
        <source>Simulate between 1 and %1 GPUs.</source>
        <translation>Simulieren Sie zwischen 1 und %1 GPUs.</translation>
    </message>
    <message>
        <source>vCPUs must be a whole number, or all of this computer&apos;s.</source>
        <translation>vCPUs müssen eine ganze Zahl sein oder alle dieses Computers.</translation>
    </message>
    <message>
        <source>Memory must be a whole number of GB, or all of this computer&apos;s.</source>
        <translation>Der Arbeitsspeicher muss eine ganze Zahl GB sein oder der gesamte dieses Computers.</translation>
    </message>
    <message>
        <source>Choose when images are pulled.</source>
        <translation>Wählen Sie, wann Images geladen werden.</translation>
    </message>
    <message>
        <source>Not an image reference: use [registry/]path[:tag], lower case, for example docker.io/library/python:3.12-slim.</source>
        <translation>Keine Image-Referenz: verwenden Sie [Registry/]Pfad[:Tag] in Kleinbuchstaben, zum Beispiel docker.io/library/python:3.12-slim.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Submit and watch GPU batch jobs.</source>
        <translation>GPU-Batch-Jobs einreichen und überwachen.</translation>
    </message>
    <message>
        <source>Data directory of this computer&apos;s seedd.</source>
        <translation>Datenverzeichnis des seedd auf diesem Computer.</translation>
    </message>
    <message>
        <source>Connect to this connection id at start.</source>
        <translation>Beim Start mit der Verbindung mit dieser ID verbinden.</translation>
    </message>
    <message>
        <source>Use a dark palette.</source>
        <translation>Eine dunkle Farbpalette verwenden.</translation>
    </message>
</context>
<context>
    <name>seed::cli</name>
    <message>
        <source>seedctl: %1</source>
        <translation>seedctl: %1</translation>
    </message>
    <message>
        <source>Try &apos;seedctl --help&apos;.</source>
        <translation>Siehe &apos;seedctl --help&apos;.</translation>
    </message>
    <message>
        <source>the archive ends in the middle of a header</source>
        <translation>das Archiv endet mitten in einem Header</translation>
    </message>
    <message>
        <source>a damaged header at byte %1</source>
        <translation>ein beschädigter Header bei Byte %1</translation>
    </message>
    <message>
        <source>an entry larger than the archive at byte %1</source>
        <translation>ein Eintrag größer als das Archiv bei Byte %1</translation>
    </message>
    <message>
        <source>an extended header of %1 bytes</source>
        <translation>ein erweiterter Header mit %1 Bytes</translation>
    </message>
    <message>
        <source>a control character in the name</source>
        <translation>ein Steuerzeichen im Namen</translation>
    </message>
    <message>
        <source>not UTF-8</source>
        <translation>kein UTF-8</translation>
    </message>
    <message>
        <source>an absolute name</source>
        <translation>ein absoluter Name</translation>
    </message>
    <message>
        <source>a &apos;..&apos; component</source>
        <translation>ein „..“-Bestandteil</translation>
    </message>
    <message>
        <source>an empty name</source>
        <translation>ein leerer Name</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>a link (links are never created)</source>
        <translation>ein Link (Links werden nie angelegt)</translation>
    </message>
    <message>
        <source>not a file or directory</source>
        <translation>weder Datei noch Verzeichnis</translation>
    </message>
    <message>
        <source>a directory on its way is a link or cannot be made</source>
        <translation>ein Verzeichnis auf dem Weg ist ein Link oder lässt sich nicht anlegen</translation>
    </message>
    <message>
        <source>writing %1 failed</source>
        <translation>Schreiben von %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>SEED_API_KEY holds a space, a control or a non-ASCII character; an API key is NAME$SECRET as &apos;seedd apikey create&apos; printed it.</source>
        <translation>SEED_API_KEY enthält ein Leerzeichen, ein Steuerzeichen oder ein Nicht-ASCII-Zeichen; ein API-Schlüssel ist NAME$SECRET, wie ihn „seedd apikey create“ ausgegeben hat.</translation>
    </message>
    <message>
        <source>SEED_API_KEY must be NAME$SECRET (as &apos;seedd apikey create&apos; printed it), but it has no &apos;$&apos;. In a shell, put it in single quotes so that $SECRET is not expanded as a variable.</source>
        <translation>SEED_API_KEY muss NAME$SECRET sein (wie von „seedd apikey create“ ausgegeben), enthält aber kein „$“. Setzen Sie ihn in der Shell in einfache Anführungszeichen, damit $SECRET nicht als Variable ersetzt wird.</translation>
    </message>
    <message>
        <source>SEED_API_KEY must be NAME$SECRET, but the name before &apos;$&apos; is empty.</source>
        <translation>SEED_API_KEY muss NAME$SECRET sein, aber der Name vor „$“ ist leer.</translation>
    </message>
    <message>
        <source>SEED_API_KEY must be NAME$SECRET, but the secret after &apos;$&apos; is empty. In a shell, put it in single quotes so that $SECRET is not expanded as a variable.</source>
        <translation>SEED_API_KEY muss NAME$SECRET sein, aber das Geheimnis nach „$“ ist leer. Setzen Sie ihn in der Shell in einfache Anführungszeichen, damit $SECRET nicht als Variable ersetzt wird.</translation>
    </message>
    <message>
        <source>--url needs an http:// or https:// address, not &apos;%1&apos;.</source>
        <translation>--url erwartet eine http://- oder https://-Adresse, nicht &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>A remote endpoint needs --namespace (or SEED_NAMESPACE).</source>
        <translation>Ein entfernter Endpunkt braucht --namespace (oder SEED_NAMESPACE).</translation>
    </message>
    <message>
        <source>seedctl: no local seedd is running (no live connection file in %1). Start it with &apos;seedd serve&apos;, or pass --url for a remote endpoint.</source>
        <translation>seedctl: Es läuft kein lokaler seedd (keine aktive Verbindungsdatei in %1). Starten Sie ihn mit &apos;seedd serve&apos; oder geben Sie mit --url einen entfernten Endpunkt an.</translation>
    </message>
    <message>
        <source>no PEM certificate in %1.</source>
        <translation>kein PEM-Zertifikat in %1.</translation>
    </message>
</context>
<context>
    <name>seed::cli::Commands</name>
    <message>
        <source>seedctl: job %1 has no artifacts (yet).</source>
        <translation>seedctl: Job %1 hat (noch) keine Artefakte.</translation>
    </message>
    <message>
        <source>seedctl: no temporary directory: %1</source>
        <translation>seedctl: kein temporäres Verzeichnis: %1</translation>
    </message>
    <message>
        <source>seedctl: downloading %1 failed: %2</source>
        <translation>seedctl: Herunterladen von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>seedctl: %1</source>
        <translation>seedctl: %1</translation>
    </message>
    <message>
        <source>%1  %2 (one file, not a tar archive)</source>
        <translation>%1  %2 (eine Datei, kein Tar-Archiv)</translation>
    </message>
    <message>
        <source>wrote %1 to %2</source>
        <translation>%1 nach %2 geschrieben</translation>
    </message>
    <message>
        <source>seedctl: the archive is damaged (%1); only the entries before it are used.</source>
        <translation>seedctl: Das Archiv ist beschädigt (%1); nur die Einträge davor werden verwendet.</translation>
    </message>
    <message>
        <source>a link (links are never created)</source>
        <translation>ein Link (Links werden nie angelegt)</translation>
    </message>
    <message>
        <source>  (not written: %1)</source>
        <translation>  (nicht geschrieben: %1)</translation>
    </message>
    <message>
        <source>seedctl: not written: %1</source>
        <translation>seedctl: nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>wrote %1 of %2 entries to %3</source>
        <translation>%1 von %2 Einträgen nach %3 geschrieben</translation>
    </message>
    <message>
        <source>seedctl: cannot reach %1: %2</source>
        <translation>seedctl: %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>seedctl: %1 (HTTP %2)</source>
        <translation>seedctl: %1 (HTTP %2)</translation>
    </message>
    <message>
        <source>seedctl: %1: %2 (HTTP %3)</source>
        <translation>seedctl: %1: %2 (HTTP %3)</translation>
    </message>
    <message>
        <source>Check SEED_TOKEN or SEED_API_KEY (or unset both to use the local seedd&apos;s own token).</source>
        <translation>Prüfen Sie SEED_TOKEN oder SEED_API_KEY (oder entfernen Sie beide, um das eigene Token des lokalen seedd zu verwenden).</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>SPOT</source>
        <translation>SPOT</translation>
    </message>
    <message>
        <source>NODES</source>
        <translation>KNOTEN</translation>
    </message>
    <message>
        <source>PREEMPTIONS</source>
        <translation>UNTERBRECHUNGEN</translation>
    </message>
    <message>
        <source>PROGRESS</source>
        <translation>FORTSCHRITT</translation>
    </message>
    <message>
        <source>RUNTIME</source>
        <translation>LAUFZEIT</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>ERSTELLT</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>REGION</source>
        <translation>REGION</translation>
    </message>
    <message>
        <source>COST/H</source>
        <translation>KOSTEN/H</translation>
    </message>
    <message>
        <source>STARTED</source>
        <translation>GESTARTET</translation>
    </message>
    <message>
        <source>COMPLETED</source>
        <translation>BEENDET</translation>
    </message>
    <message>
        <source>page %1 of %2, %3 jobs</source>
        <translation>Seite %1 von %2, %3 Jobs</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>namespace</source>
        <translation>Namensraum</translation>
    </message>
    <message>
        <source>status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>repo</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>%1 CPU, %2 GB memory, %3 GB disk, GPU %4</source>
        <translation>%1 CPU, %2 GB Speicher, %3 GB Festplatte, GPU %4</translation>
    </message>
    <message>
        <source>region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>%1 von %2 genutzt</translation>
    </message>
    <message>
        <source>output path</source>
        <translation>Ausgabepfad</translation>
    </message>
    <message>
        <source>progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>%1/h, %2 so far</source>
        <translation>%1/h, bisher %2</translation>
    </message>
    <message>
        <source>created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>eta</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>%1 file(s), %2 bytes in %3; %4</source>
        <translation>%1 Datei(en), %2 Bytes in %3; %4</translation>
    </message>
    <message>
        <source>exit code</source>
        <translation>Exit-Code</translation>
    </message>
    <message>
        <source>message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>queue position</source>
        <translation>Warteschlangenplatz</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>Spot</translation>
    </message>
    <message>
        <source>nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>preemptions</source>
        <translation>Unterbrechungen</translation>
    </message>
    <message>
        <source>preempted</source>
        <translation>unterbrochen</translation>
    </message>
    <message>
        <source>by %1 at %2</source>
        <translation>von %1 um %2</translation>
    </message>
    <message>
        <source>a job of another namespace</source>
        <translation>einem Job eines anderen Namensraums</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <source>simulated, not measured</source>
        <translation>simuliert, nicht gemessen</translation>
    </message>
    <message>
        <source>GPU %1, CPU %2, memory %3, disk %4, runtime %5</source>
        <translation>GPU %1, CPU %2, Speicher %3, Festplatte %4, Laufzeit %5</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>%1 deleted</source>
        <translation>%1 gelöscht</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source> (exit code %1)</source>
        <translation> (Exit-Code %1)</translation>
    </message>
    <message>
        <source>seedctl: %1 is still %2 after %3 s</source>
        <translation>seedctl: %1 ist nach %3 s immer noch %2</translation>
    </message>
    <message>
        <source>seedctl: %1 is queued; waiting for it to start…</source>
        <translation>seedctl: %1 ist in der Warteschlange; warte auf den Start…</translation>
    </message>
    <message>
        <source>seedctl: job %1 ended: %2</source>
        <translation>seedctl: Job %1 beendet: %2</translation>
    </message>
    <message>
        <source>seedctl: reconnected to %1; following again.</source>
        <translation>seedctl: wieder mit %1 verbunden; die Ausgabe wird weiter verfolgt.</translation>
    </message>
    <message>
        <source>seedctl: lost the connection to %1; reconnecting (giving up after %2 s)…</source>
        <translation>seedctl: Verbindung zu %1 verloren; neuer Versuch (Abbruch nach %2 s) …</translation>
    </message>
    <message>
        <source>seedctl: gave up: %1 did not answer for %2 s.</source>
        <translation>seedctl: aufgegeben: %1 hat %2 s lang nicht geantwortet.</translation>
    </message>
</context>
<context>
    <name>seed::cli::Parser</name>
    <message>
        <source>No command given.</source>
        <translation>Kein Befehl angegeben.</translation>
    </message>
    <message>
        <source>--json and -o %1 contradict each other.</source>
        <translation>--json und -o %1 widersprechen sich.</translation>
    </message>
    <message>
        <source>-o takes json, table or wide, not &apos;%1&apos;.</source>
        <translation>-o erwartet json, table oder wide, nicht „%1“.</translation>
    </message>
    <message>
        <source>Unknown command &apos;%1&apos;.</source>
        <translation>Unbekannter Befehl &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Option --%1 does not apply to &apos;%2&apos;.</source>
        <translation>Die Option --%1 gilt nicht für &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>Give the spec file once: as an argument or as --file.</source>
        <translation>Die Spezifikationsdatei nur einmal angeben: als Argument oder mit --file.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; takes no argument.</source>
        <translation>&apos;%1&apos; erwartet kein Argument.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs exactly one argument.</source>
        <translation>&apos;%1&apos; erwartet genau ein Argument.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid job name.</source>
        <translation>&apos;%1&apos; ist kein gültiger Jobname.</translation>
    </message>
    <message>
        <source>--timeout-seconds takes a whole number of seconds.</source>
        <translation>--timeout-seconds erwartet eine ganze Zahl von Sekunden.</translation>
    </message>
    <message>
        <source>SEED_FOLLOW_GIVE_UP_SECONDS takes a whole number of seconds, at least 1.</source>
        <translation>SEED_FOLLOW_GIVE_UP_SECONDS erwartet eine ganze Zahl von Sekunden, mindestens 1.</translation>
    </message>
    <message>
        <source>--output-dir needs a directory.</source>
        <translation>--output-dir braucht ein Verzeichnis.</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at offset %3.</source>
        <translation>%1 ist kein gültiges JSON: %2 an Position %3.</translation>
    </message>
    <message>
        <source>%1 must hold one JSON object (the API&apos;s create body: {&quot;name&quot;: ..., &quot;command&quot;: ...}), not an array.</source>
        <translation>%1 muss ein JSON-Objekt enthalten (den Erstellungs-Body der API: {&quot;name&quot;: ..., &quot;command&quot;: ...}), kein Array.</translation>
    </message>
    <message>
        <source>--env takes KEY=VALUE, not &apos;%1&apos;.</source>
        <translation>--env erwartet SCHLÜSSEL=WERT, nicht „%1“.</translation>
    </message>
    <message>
        <source>--%1 takes a whole number, not &apos;%2&apos;.</source>
        <translation>--%1 erwartet eine ganze Zahl, nicht „%2“.</translation>
    </message>
    <message>
        <source>%1: must be true or false.</source>
        <translation>%1: muss true oder false sein.</translation>
    </message>
    <message>
        <source>%1: must be a whole number from 1 to 64.</source>
        <translation>%1: muss eine ganze Zahl von 1 bis 64 sein.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>seed::client</name>
    <message>
        <source>%1 (request %2)</source>
        <translation>%1 (Anfrage %2)</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON: %1</source>
        <translation>Die Antwort des Servers ist kein JSON: %1</translation>
    </message>
</context>
<context>
    <name>seed::client::ConnectionManager</name>
    <message>
        <source>Looking for the Seed backend on this computer…</source>
        <translation>Suche das Seed-Backend auf diesem Computer…</translation>
    </message>
    <message>
        <source>The connection &quot;%1&quot; has no valid address.</source>
        <translation>Die Verbindung „%1“ hat keine gültige Adresse.</translation>
    </message>
    <message>
        <source>The connection &quot;%1&quot; names no namespace.</source>
        <translation>Die Verbindung „%1“ nennt keinen Namensraum.</translation>
    </message>
    <message>
        <source>The certificate file %1 holds no PEM certificate.</source>
        <translation>Die Zertifikatsdatei %1 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
</context>
<context>
    <name>seed::client::Download</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>seed::client::ErrorText</name>
    <message>
        <source>Enter a job name.</source>
        <translation>Geben Sie einen Jobnamen ein.</translation>
    </message>
    <message>
        <source>The job name may contain only letters, digits, hyphens and underscores (at most %1 characters).</source>
        <translation>Der Jobname darf nur Buchstaben, Ziffern, Bindestriche und Unterstriche enthalten (höchstens %1 Zeichen).</translation>
    </message>
    <message>
        <source>Enter the command to run.</source>
        <translation>Geben Sie den auszuführenden Befehl ein.</translation>
    </message>
    <message>
        <source>The command must not contain a NUL character.</source>
        <translation>Der Befehl darf kein NUL-Zeichen enthalten.</translation>
    </message>
    <message>
        <source>The command is longer than %1 bytes (UTF-8).</source>
        <translation>Der Befehl ist länger als %1 Bytes (UTF-8).</translation>
    </message>
    <message>
        <source>Enter a repository or a container image.</source>
        <translation>Geben Sie ein Repository oder ein Container-Image an.</translation>
    </message>
    <message>
        <source>Enter a container image.</source>
        <translation>Geben Sie ein Container-Image an.</translation>
    </message>
    <message>
        <source>Enter the repository as namespace/repo: letters, digits and inner hyphens, then letters, digits, &apos;.&apos;, &apos;-&apos; and &apos;_&apos;, not starting with &apos;.&apos; or &apos;-&apos;.</source>
        <translation>Geben Sie das Repository als Namensraum/Repo an: Buchstaben, Ziffern und innere Bindestriche, dann Buchstaben, Ziffern, &apos;.&apos;, &apos;-&apos; und &apos;_&apos;, nicht mit &apos;.&apos; oder &apos;-&apos; am Anfang.</translation>
    </message>
    <message>
        <source>This is not a valid branch name.</source>
        <translation>Das ist kein gültiger Branch-Name.</translation>
    </message>
    <message>
        <source>Enter a registry image reference: [REGISTRY[:PORT]/]PATH[:TAG][@DIGEST], the path in lower case; transports such as &apos;docker-archive:&apos; are not accepted.</source>
        <translation>Geben Sie eine Image-Referenz einer Registry an: [REGISTRY[:PORT]/]PFAD[:TAG][@DIGEST], den Pfad in Kleinbuchstaben; Transporte wie &apos;docker-archive:&apos; werden nicht angenommen.</translation>
    </message>
    <message>
        <source>Choose a GPU type.</source>
        <translation>Wählen Sie einen GPU-Typ.</translation>
    </message>
    <message>
        <source>The GPU type must be one of %1.</source>
        <translation>Der GPU-Typ muss einer von %1 sein.</translation>
    </message>
    <message>
        <source>The GPU count must be one of %1.</source>
        <translation>Die GPU-Anzahl muss einer der Werte %1 sein.</translation>
    </message>
    <message>
        <source>The number of vCPUs must be one of %1.</source>
        <translation>Die Zahl der vCPUs muss einer der Werte %1 sein.</translation>
    </message>
    <message>
        <source>The memory must be at least 1 GB.</source>
        <translation>Der Arbeitsspeicher muss mindestens 1 GB betragen.</translation>
    </message>
    <message>
        <source>The disk must be between 1 and %1 GB.</source>
        <translation>Der Datenträger muss zwischen 1 und %1 GB groß sein.</translation>
    </message>
    <message>
        <source>The region must be one of %1.</source>
        <translation>Die Region muss eine von %1 sein.</translation>
    </message>
    <message>
        <source>The timeout must be between 1 and %1 minutes.</source>
        <translation>Das Zeitlimit muss zwischen 1 und %1 Minuten liegen.</translation>
    </message>
    <message>
        <source>The retries must be between 0 and %1.</source>
        <translation>Die Wiederholungen müssen zwischen 0 und %1 liegen.</translation>
    </message>
    <message>
        <source>The output path must be an absolute path inside the container.</source>
        <translation>Der Ausgabepfad muss ein absoluter Pfad im Container sein.</translation>
    </message>
    <message>
        <source>The output path must not contain a NUL character.</source>
        <translation>Der Ausgabepfad darf kein NUL-Zeichen enthalten.</translation>
    </message>
    <message>
        <source>“%1” is not a valid environment variable name.</source>
        <translation>„%1“ ist kein gültiger Name für eine Umgebungsvariable.</translation>
    </message>
    <message>
        <source>The value of “%1” must not contain a NUL character.</source>
        <translation>Der Wert von „%1“ darf kein NUL-Zeichen enthalten.</translation>
    </message>
    <message>
        <source>The value of “%1” is longer than %2 bytes (UTF-8).</source>
        <translation>Der Wert von „%1“ ist länger als %2 Bytes (UTF-8).</translation>
    </message>
    <message>
        <source>A CPU-only job cannot ask for %1 GPUs.</source>
        <translation>Ein reiner CPU-Job kann nicht %1 GPUs anfordern.</translation>
    </message>
    <message>
        <source>CPU-only jobs may use at most %1 GB per vCPU: %2 vCPUs allow %3 GB.</source>
        <translation>Reine CPU-Jobs dürfen höchstens %1 GB pro vCPU nutzen: %2 vCPUs erlauben %3 GB.</translation>
    </message>
    <message>
        <source>%1 × %2 allows at most %3 vCPUs.</source>
        <translation>%1 × %2 erlaubt höchstens %3 vCPUs.</translation>
    </message>
    <message>
        <source>%1 × %2 allows at most %3 GB of memory.</source>
        <translation>%1 × %2 erlaubt höchstens %3 GB Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>This machine cannot run a job asking for %1: it has %2.</source>
        <translation>Diese Maschine kann keinen Job ausführen, der %1 anfordert: Sie hat %2.</translation>
    </message>
    <message>
        <source>A job named “%1” already exists in namespace %2. Choose another name.</source>
        <translation>Ein Job namens „%1“ existiert bereits im Namensraum %2. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Job “%1” has already ended (%2) and cannot be cancelled.</source>
        <translation>Job „%1“ ist bereits beendet (%2) und kann nicht abgebrochen werden.</translation>
    </message>
    <message>
        <source>Job “%1” is still being stopped. Delete it once it has stopped.</source>
        <translation>Job „%1“ wird noch gestoppt. Löschen Sie ihn, sobald er gestoppt ist.</translation>
    </message>
    <message>
        <source>Job “%1” is %2: only ended jobs can be deleted. Cancel it first.</source>
        <translation>Job „%1“ ist %2: Nur beendete Jobs können gelöscht werden. Brechen Sie ihn zuerst ab.</translation>
    </message>
    <message>
        <source>Job “%1” does not exist in namespace %2.</source>
        <translation>Job „%1“ existiert nicht im Namensraum %2.</translation>
    </message>
    <message>
        <source>The token or API key is not valid.</source>
        <translation>Das Token bzw. der API-Schlüssel ist ungültig.</translation>
    </message>
    <message>
        <source>This token or API key has been revoked.</source>
        <translation>Dieses Token bzw. dieser API-Schlüssel wurde widerrufen.</translation>
    </message>
    <message>
        <source>This token or API key has expired.</source>
        <translation>Dieses Token bzw. dieser API-Schlüssel ist abgelaufen.</translation>
    </message>
    <message>
        <source>No token or API key was sent.</source>
        <translation>Es wurde weder ein Token noch ein API-Schlüssel gesendet.</translation>
    </message>
    <message>
        <source>The server does not accept this kind of credential (use a token or an API key).</source>
        <translation>Der Server akzeptiert diese Art von Zugangsdaten nicht (verwenden Sie ein Token oder einen API-Schlüssel).</translation>
    </message>
    <message>
        <source>This token or API key has no access to namespace %1.</source>
        <translation>Dieses Token bzw. dieser API-Schlüssel hat keinen Zugriff auf den Namensraum %1.</translation>
    </message>
    <message>
        <source>This token or API key is read-only.</source>
        <translation>Dieses Token bzw. dieser API-Schlüssel darf nur lesen.</translation>
    </message>
    <message>
        <source>Too many requests: try again in %1 s.</source>
        <translation>Zu viele Anfragen: Versuchen Sie es in %1 s erneut.</translation>
    </message>
    <message>
        <source>The job could not be stored: the backend&apos;s disk is full. Jobs already stored are kept; free space and submit again.</source>
        <translation>Der Job konnte nicht gespeichert werden: Der Datenträger des Backends ist voll. Bereits gespeicherte Jobs bleiben erhalten; geben Sie Speicherplatz frei und senden Sie ihn erneut.</translation>
    </message>
    <message>
        <source>This backend runs single-node jobs only: choose 1 node (multi-node jobs need a cluster runner, seedd serve --runner slurm).</source>
        <translation>Dieses Backend führt nur Jobs auf einem Knoten aus: Wählen Sie 1 Knoten (Jobs auf mehreren Knoten brauchen einen Cluster-Runner, seedd serve --runner slurm).</translation>
    </message>
    <message>
        <source>This cluster has %1 nodes: choose at most %1.</source>
        <translation>Dieser Cluster hat %1 Knoten: Wählen Sie höchstens %1.</translation>
    </message>
    <message>
        <source>The number of nodes must be between 1 and %1.</source>
        <translation>Die Anzahl der Knoten muss zwischen 1 und %1 liegen.</translation>
    </message>
</context>
<context>
    <name>seed::client::LocalDaemon</name>
    <message>
        <source>The Seed backend (seedd) is not installed next to this program or on PATH.</source>
        <translation>Das Seed-Backend (seedd) ist weder neben diesem Programm noch im PATH installiert.</translation>
    </message>
    <message>
        <source>Could not start the Seed backend: %1</source>
        <translation>Das Seed-Backend konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>The Seed backend stopped right after starting.</source>
        <translation>Das Seed-Backend wurde direkt nach dem Start beendet.</translation>
    </message>
    <message>
        <source>The Seed backend did not come up in time.</source>
        <translation>Das Seed-Backend ist nicht rechtzeitig gestartet.</translation>
    </message>
    <message>
        <source>The Seed backend did not check the settings in time.</source>
        <translation>Das Seed-Backend hat die Einstellungen nicht rechtzeitig geprüft.</translation>
    </message>
    <message>
        <source>The Seed backend refused the settings.</source>
        <translation>Das Seed-Backend hat die Einstellungen abgelehnt.</translation>
    </message>
    <message>
        <source>Could not stop the Seed backend (process %1): %2</source>
        <translation>Das Seed-Backend (Prozess %1) konnte nicht beendet werden: %2</translation>
    </message>
    <message>
        <source>The Seed backend (process %1) did not stop within 20 seconds.</source>
        <translation>Das Seed-Backend (Prozess %1) wurde nicht innerhalb von 20 Sekunden beendet.</translation>
    </message>
</context>
<context>
    <name>seed::client::Profile</name>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
</context>
<context>
    <name>seed::client::SecretStore</name>
    <message>
        <source>No secret is stored for this connection.</source>
        <translation>Für diese Verbindung ist kein Geheimnis gespeichert.</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1). Seed keeps tokens and API keys only in the keychain; you can keep this one for this session only and will be asked again next time.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar (%1). Seed speichert Token und API-Schlüssel nur im Schlüsselbund; Sie können diesen Wert nur für diese Sitzung behalten und werden beim nächsten Mal erneut gefragt.</translation>
    </message>
</context>
<context>
    <name>seed::client::SeedClient</name>
    <message>
        <source>Not connected to a Seed endpoint.</source>
        <translation>Nicht mit einem Seed-Endpunkt verbunden.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed: %2</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 %2.</source>
        <translation>Der Server antwortete mit HTTP %1 %2.</translation>
    </message>
    <message>
        <source>Rate limit exceeded: the server asked to wait %1 more seconds.</source>
        <translation>Ratenlimit überschritten: Der Server bittet, noch %1 Sekunden zu warten.</translation>
    </message>
</context>
<context>
    <name>seed::models</name>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Zeit überschritten</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1d %2h</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1h %2min</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1min %2s</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1s</translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>Nur CPU</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt…</translation>
    </message>
    <message numerus="yes">
        <source>Stopping… (%n s)</source>
        <translation>
            <numerusform>Wird gestoppt… (%n s)</numerusform>
            <numerusform>Wird gestoppt… (%n s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopping… (force stop in %n s)</source>
        <translation>
            <numerusform>Wird gestoppt… (Zwangsstopp in %n s)</numerusform>
            <numerusform>Wird gestoppt… (Zwangsstopp in %n s)</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued (preempted)</source>
        <translation>Wartend (unterbrochen)</translation>
    </message>
</context>
<context>
    <name>seed::models::EnvModel</name>
    <message>
        <source>hidden value</source>
        <translation>verborgener Wert</translation>
    </message>
    <message>
        <source>Secret: mask the value</source>
        <translation>Geheim: Wert maskieren</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Geheim</translation>
    </message>
</context>
<context>
    <name>seed::models::JobTableModel</name>
    <message>
        <source>#%1 in queue</source>
        <translation>#%1 in Warteschlange</translation>
    </message>
    <message>
        <source>Cost per hour</source>
        <translation>Kosten pro Stunde</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Cost/h</source>
        <translation>Kosten/h</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>The server cannot sort by this column.</source>
        <translation>Der Server kann nicht nach dieser Spalte sortieren.</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>%1 · ETA %2</source>
        <translation>%1 · noch %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %n node(s)</source>
        <translation>
            <numerusform>%1 auf %n Knoten</numerusform>
            <numerusform>%1 auf %n Knoten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Spot job (preemptible), preempted %n time(s)</source>
        <translation>
            <numerusform>Spot-Job (unterbrechbar), %n-mal unterbrochen</numerusform>
            <numerusform>Spot-Job (unterbrechbar), %n-mal unterbrochen</numerusform>
        </translation>
    </message>
    <message>
        <source>Spot job (preemptible)</source>
        <translation>Spot-Job (unterbrechbar)</translation>
    </message>
    <message>
        <source>%1, spot</source>
        <translation>%1, Spot</translation>
    </message>
</context>
<context>
    <name>seed::models::StatusCountsModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n job(s)</source>
        <translation>
            <numerusform>%1: %n Job</numerusform>
            <numerusform>%1: %n Jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::ConnectionBar</name>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namensraum</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Edit Co&amp;nnection…</source>
        <translation>Verbi&amp;ndung bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Start Local Backend</source>
        <translation>Lokales Backend &amp;starten</translation>
    </message>
    <message>
        <source>%1 needs a token or API key. %2</source>
        <translation>%1 braucht ein Token oder einen API-Schlüssel. %2</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>Verbindung:</translation>
    </message>
    <message>
        <source>Manage connections…</source>
        <translation>Verbindungen verwalten…</translation>
    </message>
    <message>
        <source>%1 refused the token or API key: %2 Edit the connection to enter a valid one.</source>
        <translation>%1 hat das Token bzw. den API-Schlüssel abgelehnt: %2 Bearbeiten Sie die Verbindung, um gültige Zugangsdaten einzugeben.</translation>
    </message>
    <message>
        <source>The Seed backend on this computer (seedd) is not running. Start it to see and run jobs; jobs that were running when it stopped are checked when it starts.</source>
        <translation>Das Seed-Backend auf diesem Computer (seedd) läuft nicht. Starten Sie es, um Jobs zu sehen und auszuführen; Jobs, die beim Stoppen liefen, werden beim Start geprüft.</translation>
    </message>
    <message>
        <source>The Seed backend on this computer does not answer: %1</source>
        <translation>Das Seed-Backend auf diesem Computer antwortet nicht: %1</translation>
    </message>
    <message>
        <source>The jobs could not be loaded from %1: %2</source>
        <translation>Die Jobs konnten nicht von %1 geladen werden: %2</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>%1 refused the credential</source>
        <translation>%1 hat die Zugangsdaten abgelehnt</translation>
    </message>
    <message>
        <source>%1 · requests fail</source>
        <translation>%1 · Anfragen schlagen fehl</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Disconnected from %1 — retrying</source>
        <translation>Verbindung zu %1 getrennt — neuer Versuch</translation>
    </message>
    <message>
        <source>Connection state: %1</source>
        <translation>Verbindungsstatus: %1</translation>
    </message>
    <message>
        <source>Signed in with token %1</source>
        <translation>Angemeldet mit Token %1</translation>
    </message>
    <message>
        <source>Signed in with API key %1</source>
        <translation>Angemeldet mit API-Schlüssel %1</translation>
    </message>
    <message>
        <source>Signed in with a bearer token</source>
        <translation>Angemeldet mit einem Bearer-Token</translation>
    </message>
</context>
<context>
    <name>seed::ui::JobActions</name>
    <message>
        <source>Cancel job</source>
        <translation>Job abbrechen</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Jobs abbrechen</translation>
    </message>
    <message>
        <source>Cancel job “%1”?</source>
        <translation>Job „%1“ abbrechen?</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n jobs?</source>
        <translation>
            <numerusform>%n Job abbrechen?</numerusform>
            <numerusform>%n Jobs abbrechen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Running processes receive SIGTERM, then SIGKILL after a 30-second grace period.</source>
        <translation>Laufende Prozesse erhalten SIGTERM und nach einer Schonfrist von 30 Sekunden SIGKILL.</translation>
    </message>
    <message numerus="yes">
        <source>%n selected job(s) already ended and are left alone.</source>
        <translation>
            <numerusform>%n ausgewählter Job ist bereits beendet und bleibt unverändert.</numerusform>
            <numerusform>%n ausgewählte Jobs sind bereits beendet und bleiben unverändert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel Job</source>
        <translation>Job abbrechen</translation>
    </message>
    <message>
        <source>Cancel Jobs</source>
        <translation>Jobs abbrechen</translation>
    </message>
    <message>
        <source>Keep Running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Also delete &amp;artifacts (cannot be undone)</source>
        <translation>Auch &amp;Artefakte löschen (nicht rückgängig zu machen)</translation>
    </message>
    <message>
        <source>Delete job</source>
        <translation>Job löschen</translation>
    </message>
    <message>
        <source>Delete jobs</source>
        <translation>Jobs löschen</translation>
    </message>
    <message>
        <source>Delete job “%1”?</source>
        <translation>Job „%1“ löschen?</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n jobs?</source>
        <translation>
            <numerusform>%n Job löschen?</numerusform>
            <numerusform>%n Jobs löschen?</numerusform>
        </translation>
    </message>
    <message>
        <source>The job record is removed from the list.</source>
        <translation>Der Jobeintrag wird aus der Liste entfernt.</translation>
    </message>
    <message numerus="yes">
        <source>%n selected job(s) are still queued or running and are left alone; cancel them first.</source>
        <translation>
            <numerusform>%n ausgewählter Job wartet noch oder läuft und bleibt unverändert; brechen Sie ihn zuerst ab.</numerusform>
            <numerusform>%n ausgewählte Jobs warten noch oder laufen und bleiben unverändert; brechen Sie sie zuerst ab.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete Job</source>
        <translation>Job löschen</translation>
    </message>
    <message>
        <source>Delete Jobs</source>
        <translation>Jobs löschen</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Gelöscht.</translation>
    </message>
    <message>
        <source>Stopped %1.</source>
        <translation>%1 gestoppt.</translation>
    </message>
    <message>
        <source>%1 cannot stop a job at once; “%2” stops when its grace period ends.</source>
        <translation>%1 kann einen Job nicht sofort stoppen; „%2“ stoppt am Ende seiner Schonfrist.</translation>
    </message>
    <message>
        <source>Submitted %1, but this server does not know spot jobs: it runs on demand.</source>
        <translation>%1 übermittelt, aber dieser Server kennt keine Spot-Jobs: Er läuft als On-Demand-Job.</translation>
    </message>
    <message>
        <source>Submitted %1.</source>
        <translation>%1 gestartet.</translation>
    </message>
</context>
<context>
    <name>seed::ui::JobCharts</name>
    <message>
        <source>GPU %</source>
        <translation>GPU %</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>Memory GB</source>
        <translation>Speicher GB</translation>
    </message>
    <message>
        <source>Disk GB</source>
        <translation>Festplatte GB</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Utilization %</source>
        <translation>Auslastung %</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <source>Utilization of %1</source>
        <translation>Auslastung von %1</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>Als PNG exportieren…</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>GPU % (not measured)</source>
        <translation>GPU % (nicht gemessen)</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <source>%1 — GPU %: %2 · CPU %: %3 · Memory: %4 GB · Disk: %5 GB</source>
        <translation>%1 — GPU %: %2 · CPU %: %3 · Speicher: %4 GB · Festplatte: %5 GB</translation>
    </message>
    <message>
        <source>GPU % (simulated)</source>
        <translation>GPU % (simuliert)</translation>
    </message>
    <message>
        <source>GPU power W</source>
        <translation>GPU-Leistung W</translation>
    </message>
    <message>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <source>GPU power W (simulated)</source>
        <translation>GPU-Leistung W (simuliert)</translation>
    </message>
    <message>
        <source> · GPU power: %1 W</source>
        <translation> · GPU-Leistung: %1 W</translation>
    </message>
</context>
<context>
    <name>seed::ui::JobDetails</name>
    <message>
        <source>Select a job to see its details.</source>
        <translation>Wählen Sie einen Job aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namensraum</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Commit</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Exit-Code</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Output path</source>
        <translation>Ausgabepfad</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Maschine</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>Cost per hour</source>
        <translation>Kosten pro Stunde</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>Gesamtkosten</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the command to the clipboard</source>
        <translation>Den Befehl in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copy command</source>
        <translation>Befehl kopieren</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Download URL</source>
        <translation>Download-URL</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Herunterladen…</translation>
    </message>
    <message>
        <source>Open &amp;folder</source>
        <translation>&amp;Ordner öffnen</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>Download-Fortschritt</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <source>Save artifacts</source>
        <translation>Artefakte speichern</translation>
    </message>
    <message>
        <source> (#%1 in queue)</source>
        <translation> (#%1 in der Warteschlange)</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>noch etwa %1</translation>
    </message>
    <message>
        <source>Repository %1</source>
        <translation>Repository %1</translation>
    </message>
    <message>
        <source>Image %1</source>
        <translation>Image %1</translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>%1 von %2 genutzt</translation>
    </message>
    <message>
        <source>%1 vCPUs · %2 GB memory · %3 GB disk</source>
        <translation>%1 vCPUs · %2 GB Speicher · %3 GB Festplatte</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>after the job ends</source>
        <translation>nach Jobende</translation>
    </message>
    <message>
        <source>Command copied.</source>
        <translation>Befehl kopiert.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Download failed: %1</source>
        <translation>Download fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Projected total</source>
        <translation>Hochrechnung</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Job progress</source>
        <translation>Jobfortschritt</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Tar archives (*.tar)</source>
        <translation>Tar-Archive (*.tar)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Preemptions</source>
        <translation>Unterbrechungen</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Pricing</source>
        <translation>Preismodell</translation>
    </message>
    <message>
        <source>GPU energy</source>
        <translation>GPU-Energie</translation>
    </message>
    <message>
        <source>Energy cost</source>
        <translation>Energiekosten</translation>
    </message>
    <message>
        <source>%1 (simulated)</source>
        <translation>%1 (simuliert)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 Wh</source>
        <translation>%1 Wh</translation>
    </message>
    <message>
        <source>%1 kWh</source>
        <translation>%1 kWh</translation>
    </message>
    <message numerus="yes">
        <source>%n time(s)</source>
        <translation>
            <numerusform>%n-mal</numerusform>
            <numerusform>%n-mal</numerusform>
        </translation>
    </message>
    <message>
        <source>Spot (preemptible)</source>
        <translation>Spot (unterbrechbar)</translation>
    </message>
</context>
<context>
    <name>seed::ui::JobTableView</name>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>Jobs can be sorted by name, created, started and finished time.</source>
        <translation>Jobs lassen sich nach Name sowie Erstell-, Start- und Endzeit sortieren.</translation>
    </message>
    <message>
        <source>The jobs could not be loaded.</source>
        <translation>Die Jobs konnten nicht geladen werden.</translation>
    </message>
    <message>
        <source>Loading jobs…</source>
        <translation>Jobs werden geladen…</translation>
    </message>
    <message>
        <source>No job name contains “%1”.</source>
        <translation>Kein Jobname enthält „%1“.</translation>
    </message>
    <message>
        <source>No %1 jobs.</source>
        <translation>Keine Jobs mit Status „%1“.</translation>
    </message>
    <message>
        <source>No jobs yet.
Press %1 to submit one.</source>
        <translation>Noch keine Jobs.
Drücken Sie %1, um einen Job einzureichen.</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n Job</numerusform>
            <numerusform>%n Jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::LocalBackendPage</name>
    <message>
        <source>What the Seed backend on this computer offers to jobs. Applying restarts it; jobs that are running keep running.</source>
        <translation>Was das Seed-Backend auf diesem Computer Jobs anbietet. Übernehmen startet es neu; laufende Jobs laufen weiter.</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPUs</translation>
    </message>
    <message>
        <source>Use the GPUs of this computer</source>
        <translation>Die GPUs dieses Computers verwenden</translation>
    </message>
    <message>
        <source>No GPUs (CPU-only jobs)</source>
        <translation>Keine GPUs (nur CPU-Jobs)</translation>
    </message>
    <message>
        <source>Simulated GPUs (for trying Seed out)</source>
        <translation>Simulierte GPUs (zum Ausprobieren von Seed)</translation>
    </message>
    <message>
        <source>&amp;GPUs:</source>
        <translation>&amp;GPUs:</translation>
    </message>
    <message>
        <source>Simulated GPU type</source>
        <translation>Simulierter GPU-Typ</translation>
    </message>
    <message>
        <source>Number of simulated GPUs</source>
        <translation>Anzahl simulierter GPUs</translation>
    </message>
    <message>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <source>Simulated &amp;type:</source>
        <translation>Simulierter &amp;Typ:</translation>
    </message>
    <message>
        <source>Capacity for jobs</source>
        <translation>Kapazität für Jobs</translation>
    </message>
    <message>
        <source>All of this computer&apos;s</source>
        <translation>Alle dieses Computers</translation>
    </message>
    <message>
        <source>vCPUs for jobs</source>
        <translation>vCPUs für Jobs</translation>
    </message>
    <message>
        <source>&amp;vCPUs:</source>
        <translation>&amp;vCPUs:</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Memory for jobs in gigabytes</source>
        <translation>Arbeitsspeicher für Jobs in Gigabyte</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>&amp;Arbeitsspeicher:</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Never: only images already on this computer (offline)</source>
        <translation>Nie: nur Images, die schon auf diesem Computer sind (offline)</translation>
    </message>
    <message>
        <source>When missing: pull images this computer does not have</source>
        <translation>Wenn fehlend: Images laden, die dieser Computer nicht hat</translation>
    </message>
    <message>
        <source>Always: pull before every job</source>
        <translation>Immer: vor jedem Job laden</translation>
    </message>
    <message>
        <source>When newer: pull when the registry has a newer image</source>
        <translation>Wenn neuer: laden, wenn die Registry ein neueres Image hat</translation>
    </message>
    <message>
        <source>&amp;Pull images:</source>
        <translation>Images &amp;laden:</translation>
    </message>
    <message>
        <source>Default image</source>
        <translation>Standard-Image</translation>
    </message>
    <message>
        <source>&amp;Default image:</source>
        <translation>&amp;Standard-Image:</translation>
    </message>
    <message>
        <source>The image of jobs that name a repository but no image. Empty: %1.</source>
        <translation>Das Image von Jobs, die ein Repository, aber kein Image angeben. Leer: %1.</translation>
    </message>
    <message>
        <source>Settings file: %1</source>
        <translation>Einstellungsdatei: %1</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Also simulated (from the settings file, kept): %1</source>
        <translation>Ebenfalls simuliert (aus der Einstellungsdatei, bleibt erhalten): %1</translation>
    </message>
    <message>
        <source>The Seed backend would refuse these settings: %1</source>
        <translation>Das Seed-Backend würde diese Einstellungen ablehnen: %1</translation>
    </message>
</context>
<context>
    <name>seed::ui::LogPane</name>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Scroll to new lines while the view shows the end</source>
        <translation>Zu neuen Zeilen scrollen, solange die Ansicht das Ende zeigt</translation>
    </message>
    <message>
        <source>Wrap</source>
        <translation>Umbrechen</translation>
    </message>
    <message>
        <source>Wrap long lines</source>
        <translation>Lange Zeilen umbrechen</translation>
    </message>
    <message>
        <source>Timestamps</source>
        <translation>Zeitstempel</translation>
    </message>
    <message>
        <source>Show each line&apos;s time</source>
        <translation>Die Zeit jeder Zeile zeigen</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Only matching</source>
        <translation>Nur Treffer</translation>
    </message>
    <message>
        <source>Load earlier</source>
        <translation>Frühere laden</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the selection, or every line when nothing is selected</source>
        <translation>Die Auswahl kopieren, oder alle Zeilen, wenn nichts ausgewählt ist</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Log lines</source>
        <translation>Logzeilen</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier line(s) were dropped by the server&apos;s log bound.</source>
        <translation>
            <numerusform>%n frühere Zeile wurde von der Log-Grenze des Servers verworfen.</numerusform>
            <numerusform>%n frühere Zeilen wurden von der Log-Grenze des Servers verworfen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Streaming live.</source>
        <translation>Live-Übertragung.</translation>
    </message>
    <message>
        <source>Connection lost; reconnecting (resuming after line %1)…</source>
        <translation>Verbindung verloren; verbinde neu (weiter nach Zeile %1)…</translation>
    </message>
    <message>
        <source>Job ended: %1</source>
        <translation>Job beendet: %1</translation>
    </message>
    <message>
        <source> (exit code %1)</source>
        <translation> (Exit-Code %1)</translation>
    </message>
    <message>
        <source>The log cannot be read.</source>
        <translation>Das Log kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Queued: the log starts when the job runs.</source>
        <translation>In der Warteschlange: das Log beginnt, wenn der Job läuft.</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>Beendet.</translation>
    </message>
    <message>
        <source>Save Log</source>
        <translation>Log speichern</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt)</source>
        <translation>Logdateien (*.log *.txt)</translation>
    </message>
    <message>
        <source>Could not save %1.</source>
        <translation>%1 konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Show the lines of one node only</source>
        <translation>Nur die Zeilen eines Knotens zeigen</translation>
    </message>
    <message>
        <source>All nodes</source>
        <translation>Alle Knoten</translation>
    </message>
</context>
<context>
    <name>seed::ui::LogTabs</name>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Logs of %1</source>
        <translation>Logs von %1</translation>
    </message>
</context>
<context>
    <name>seed::ui::MachineView</name>
    <message>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <source>This machine has no GPUs that Seed can use.</source>
        <translation>Diese Maschine hat keine GPUs, die Seed nutzen kann.</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>GPUs</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namensraum</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>&lt;b&gt;Queue&lt;/b&gt;</source>
        <translation>&lt;b&gt;Warteschlange&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Not updated: %1</source>
        <translation>Nicht aktualisiert: %1</translation>
    </message>
    <message>
        <source>The machine view is not available for this connection.

%1 does not offer it (no GET …/machine/view): it is an extension of Seed&apos;s local backend, seedd. Job charts and logs work as usual.</source>
        <translation>Die Maschinenansicht ist für diese Verbindung nicht verfügbar.

%1 bietet sie nicht an (kein GET …/machine/view): Sie ist eine Erweiterung des lokalen Seed-Backends seedd. Diagramme und Logs der Jobs funktionieren wie gewohnt.</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simuliert</translation>
    </message>
    <message>
        <source>A simulated GPU (seedd --gpus simulate=...): jobs run as if it were there; nothing measures it.</source>
        <translation>Eine simulierte GPU (seedd --gpus simulate=...): Jobs laufen, als wäre sie vorhanden; nichts misst sie.</translation>
    </message>
    <message>
        <source>Utilization of GPU %1</source>
        <translation>Auslastung von GPU %1</translation>
    </message>
    <message>
        <source>Memory of GPU %1</source>
        <translation>Speicher von GPU %1</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 / %2 GiB</source>
        <translation>%1 / %2 GiB</translation>
    </message>
    <message>
        <source>not measured / %1 GiB</source>
        <translation>nicht gemessen / %1 GiB</translation>
    </message>
    <message>
        <source>Select %1 in the job list</source>
        <translation>%1 in der Jobliste auswählen</translation>
    </message>
    <message>
        <source>a job of %1</source>
        <translation>ein Job aus %1</translation>
    </message>
    <message>
        <source>another namespace</source>
        <translation>einem anderen Namensraum</translation>
    </message>
    <message>
        <source>free</source>
        <translation>frei</translation>
    </message>
    <message>
        <source>simulated GPUs</source>
        <translation>simulierte GPUs</translation>
    </message>
    <message>
        <source>no GPUs detected</source>
        <translation>keine GPUs erkannt</translation>
    </message>
    <message>
        <source>GPUs via %1</source>
        <translation>GPUs über %1</translation>
    </message>
    <message>
        <source>%1 of %2 GPUs busy (%3) · %4 running, %5 queued · free: %6 of %7 vCPUs, %8 of %9 GB memory</source>
        <translation>%1 von %2 GPUs belegt (%3) · %4 laufend, %5 wartend · frei: %6 von %7 vCPUs, %8 von %9 GB Speicher</translation>
    </message>
    <message>
        <source>(a job of another namespace)</source>
        <translation>(ein Job aus einem anderen Namensraum)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1 (not allocated)</source>
        <translation>%1 (nicht zugeordnet)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>GPU %1 · %2</source>
        <translation>GPU %1 · %2</translation>
    </message>
    <message>
        <source>%1 (simulated)</source>
        <translation>%1 (simuliert)</translation>
    </message>
    <message>
        <source>Spot</source>
        <translation>Spot</translation>
    </message>
    <message>
        <source>Held by a spot job: an on-demand job that needs this GPU may preempt it.</source>
        <translation>Von einem Spot-Job belegt: Ein On-Demand-Job, der diese GPU braucht, kann ihn unterbrechen.</translation>
    </message>
    <message numerus="yes">
        <source>Cluster (%1): %n node(s) · %2 of %3 vCPUs allocated · %4 running, %5 queued</source>
        <translation>
            <numerusform>Cluster (%1): %n Knoten · %2 von %3 vCPUs zugeteilt · %4 laufend, %5 wartend</numerusform>
            <numerusform>Cluster (%1): %n Knoten · %2 von %3 vCPUs zugeteilt · %4 laufend, %5 wartend</numerusform>
        </translation>
    </message>
    <message>
        <source>cluster runner</source>
        <translation>Cluster-Runner</translation>
    </message>
    <message>
        <source>Partitions: %1</source>
        <translation>Partitionen: %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3 allocated</source>
        <translation>%1: %2 von %3 zugeteilt</translation>
    </message>
    <message>
        <source>GPUs: %1</source>
        <translation>GPUs: %1</translation>
    </message>
    <message>
        <source>vCPUs: %1 of %2 allocated</source>
        <translation>vCPUs: %1 von %2 zugeteilt</translation>
    </message>
    <message>
        <source>Memory: %1 of %2 GiB allocated</source>
        <translation>Arbeitsspeicher: %1 von %2 GiB zugeteilt</translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation>Knoten %1</translation>
    </message>
    <message>
        <source>%1, %2 %3</source>
        <translation>%1, %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>GPU energy of %n job(s) in this namespace: %1</source>
        <translation>
            <numerusform>GPU-Energie von %n Job in diesem Namensraum: %1</numerusform>
            <numerusform>GPU-Energie von %n Jobs in diesem Namensraum: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>seed::ui::MainWindow</name>
    <message>
        <source>&amp;New Job…</source>
        <translation>&amp;Neuer Job…</translation>
    </message>
    <message>
        <source>Submit a new job (%1)</source>
        <translation>Einen neuen Job starten (%1)</translation>
    </message>
    <message>
        <source>Submit a &amp;Copy…</source>
        <translation>&amp;Kopie einreichen…</translation>
    </message>
    <message>
        <source>C&amp;ancel Job</source>
        <translation>Job &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;Delete Job…</source>
        <translation>Job &amp;löschen…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>Copy Co&amp;mmand</source>
        <translation>Be&amp;fehl kopieren</translation>
    </message>
    <message>
        <source>C&amp;onnections…</source>
        <translation>&amp;Verbindungen…</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Show &amp;Details</source>
        <translation>&amp;Details anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Job</source>
        <translation>&amp;Job</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Seed</source>
        <translation>Ü&amp;ber Seed</translation>
    </message>
    <message>
        <source>About Seed</source>
        <translation>Über Seed</translation>
    </message>
    <message>
        <source>&lt;b&gt;Seed %1&lt;/b&gt;&lt;p&gt;Submit, watch and manage GPU batch jobs on this computer or a remote Seed endpoint.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Seed %1&lt;/b&gt;&lt;p&gt;GPU-Batch-Jobs auf diesem Computer oder einem entfernten Seed-Endpunkt einreichen, überwachen und verwalten.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <source>Search job names (%1)</source>
        <translation>Jobnamen suchen (%1)</translation>
    </message>
    <message>
        <source>Search job names</source>
        <translation>Jobnamen durchsuchen</translation>
    </message>
    <message numerus="yes">
        <source>C&amp;ancel %n Jobs</source>
        <translation>
            <numerusform>%n Job &amp;abbrechen</numerusform>
            <numerusform>%n Jobs &amp;abbrechen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Delete %n Jobs…</source>
        <translation>
            <numerusform>%n Job &amp;löschen…</numerusform>
            <numerusform>%n Jobs &amp;löschen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Open &amp;Logs in New Tab</source>
        <translation>&amp;Logs in neuem Tab öffnen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Machine</source>
        <translation>&amp;Maschine</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Maschine</translation>
    </message>
    <message>
        <source>&amp;Stop Now</source>
        <translation>&amp;Jetzt stoppen</translation>
    </message>
    <message>
        <source>Kill a cancelled job&apos;s processes now instead of at the end of its grace period</source>
        <translation>Die Prozesse eines abgebrochenen Jobs sofort beenden statt am Ende der Schonfrist</translation>
    </message>
    <message>
        <source>Restarting the local backend with the new settings…</source>
        <translation>Das lokale Backend wird mit den neuen Einstellungen neu gestartet …</translation>
    </message>
    <message>
        <source>The local backend runs with the new settings.</source>
        <translation>Das lokale Backend läuft mit den neuen Einstellungen.</translation>
    </message>
    <message>
        <source>Jobs keep running</source>
        <translation>Jobs laufen weiter</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) keep running after Seed closes.</source>
        <translation>
            <numerusform>%n Job läuft weiter, wenn Seed geschlossen wird.</numerusform>
            <numerusform>%n Jobs laufen weiter, wenn Seed geschlossen wird.</numerusform>
        </translation>
    </message>
    <message>
        <source>The Seed backend on this computer runs them on; open Seed again to see how they are doing. Quitting the backend is not needed.</source>
        <translation>Das Seed-Backend auf diesem Computer führt sie weiter aus; öffnen Sie Seed erneut, um den Stand zu sehen. Das Backend muss nicht beendet werden.</translation>
    </message>
    <message>
        <source>The Seed endpoint runs them on; open Seed again to see how they are doing.</source>
        <translation>Der Seed-Endpunkt führt sie weiter aus; öffnen Sie Seed erneut, um den Stand zu sehen.</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t show this again</source>
        <translation>&amp;Nicht mehr anzeigen</translation>
    </message>
    <message>
        <source>Seed &amp;Documentation</source>
        <translation>Seed-&amp;Dokumentation</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message numerus="yes">
        <source>%n vCPU(s)</source>
        <translation>
            <numerusform>%n vCPU</numerusform>
            <numerusform>%n vCPUs</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>no GPU</source>
        <translation>keine GPU</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1 (simulated)</source>
        <translation>%1 (simuliert)</translation>
    </message>
    <message>
        <source>What the Seed backend on this computer can run</source>
        <translation>Was das Seed-Backend auf diesem Computer ausführen kann</translation>
    </message>
    <message>
        <source>What this endpoint&apos;s machine can run</source>
        <translation>Was die Maschine dieses Endpunkts ausführen kann</translation>
    </message>
</context>
<context>
    <name>seed::ui::NotificationCentre</name>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>&amp;Notifications</source>
        <translation>&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <source>Jobs that ended while Seed was open</source>
        <translation>Jobs, die endeten, während Seed offen war</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source> (exit code %1)</source>
        <translation> (Exit-Code %1)</translation>
    </message>
    <message>
        <source>Click to open the logs of %1</source>
        <translation>Klicken, um die Logs von %1 zu öffnen</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ended</source>
        <translation>
            <numerusform>%n Job beendet</numerusform>
            <numerusform>%n Jobs beendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n spot job(s) preempted</source>
        <translation>
            <numerusform>%n Spot-Job unterbrochen</numerusform>
            <numerusform>%n Spot-Jobs unterbrochen</numerusform>
        </translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>&amp;Show Seed</source>
        <translation>Seed &amp;anzeigen</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Job ended</source>
        <translation>Job beendet</translation>
    </message>
    <message>
        <source>Job failed</source>
        <translation>Job fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 was preempted: %2</source>
        <translation>%1 wurde unterbrochen: %2</translation>
    </message>
    <message>
        <source>%1 was preempted and waits for resources.</source>
        <translation>%1 wurde unterbrochen und wartet auf Ressourcen.</translation>
    </message>
    <message>
        <source>Spot job preempted</source>
        <translation>Spot-Job unterbrochen</translation>
    </message>
</context>
<context>
    <name>seed::ui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Log pane</source>
        <translation>Protokollansicht</translation>
    </message>
    <message>
        <source>Lines kept per log pane</source>
        <translation>Behaltene Zeilen je Protokollansicht</translation>
    </message>
    <message>
        <source>&amp;Lines kept per log pane:</source>
        <translation>Behaltene &amp;Zeilen je Protokollansicht:</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Chart refresh interval in seconds</source>
        <translation>Aktualisierungsintervall der Diagramme in Sekunden</translation>
    </message>
    <message>
        <source>&amp;Refresh interval:</source>
        <translation>&amp;Aktualisierungsintervall:</translation>
    </message>
    <message>
        <source>How often the charts of a running job ask the server for new values: its time series where the server has them, else one analytics sample per interval (the chart then holds only what was seen while it was open).</source>
        <translation>Wie oft die Diagramme eines laufenden Jobs den Server nach neuen Werten fragen: nach seinen Zeitreihen, wo der Server sie hat, sonst nach einem Analysewert je Intervall (das Diagramm enthält dann nur, was gesehen wurde, während es offen war).</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>Show a &amp;desktop notification when a job ends</source>
        <translation>&amp;Desktop-Benachrichtigung anzeigen, wenn ein Job endet</translation>
    </message>
    <message>
        <source>Only for &amp;failed jobs</source>
        <translation>Nur für &amp;fehlgeschlagene Jobs</translation>
    </message>
    <message>
        <source>The Notifications list in the main window records every job that ends either way. Desktop notifications need a system tray.</source>
        <translation>Die Liste „Benachrichtigungen“ im Hauptfenster verzeichnet in jedem Fall jeden beendeten Job. Desktop-Benachrichtigungen brauchen einen Infobereich (System Tray).</translation>
    </message>
    <message>
        <source>Each log pane keeps up to this many lines; beyond that the oldest are let go. Memory grows with it: about %1 MB per pane with lines of 100 characters. Open panes take a new value at once.</source>
        <translation>Jede Protokollansicht behält höchstens so viele Zeilen; darüber hinaus werden die ältesten verworfen. Der Speicherbedarf wächst mit diesem Wert: etwa %1 MB je Ansicht bei Zeilen mit 100 Zeichen. Offene Ansichten übernehmen einen neuen Wert sofort.</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Allgemein</translation>
    </message>
    <message>
        <source>Local &amp;backend</source>
        <translation>Lokales &amp;Backend</translation>
    </message>
</context>
<context>
    <name>seed::ui::ProfilesDialog</name>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>&amp;Add remote</source>
        <translation>&amp;Entfernte hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Jobs run on this computer, by the Seed backend (seedd) that Seed starts when it is not running. It keeps running when this window closes.</source>
        <translation>Jobs laufen auf diesem Computer im Seed-Backend (seedd), das Seed startet, falls es nicht läuft. Es läuft weiter, wenn dieses Fenster geschlossen wird.</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Verbindungsname</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Base &amp;URL:</source>
        <translation>Basis-&amp;URL:</translation>
    </message>
    <message>
        <source>acme, my-team</source>
        <translation>acme, my-team</translation>
    </message>
    <message>
        <source>Namespaces</source>
        <translation>Namensräume</translation>
    </message>
    <message>
        <source>Name&amp;spaces:</source>
        <translation>Name&amp;nsräume:</translation>
    </message>
    <message>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <source>API key (name$secret)</source>
        <translation>API-Schlüssel (Name$Geheimnis)</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>&amp;Authentication:</source>
        <translation>&amp;Authentifizierung:</translation>
    </message>
    <message>
        <source>Token or API key</source>
        <translation>Token oder API-Schlüssel</translation>
    </message>
    <message>
        <source>stored in the system keychain</source>
        <translation>im Schlüsselbund des Systems gespeichert</translation>
    </message>
    <message>
        <source>&amp;Token / key:</source>
        <translation>&amp;Token / Schlüssel:</translation>
    </message>
    <message>
        <source>Extra trusted certificate (PEM)</source>
        <translation>Zusätzliches vertrauenswürdiges Zertifikat (PEM)</translation>
    </message>
    <message>
        <source>only for a self-signed server</source>
        <translation>nur für Server mit selbstsigniertem Zertifikat</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Trusted &amp;certificate:</source>
        <translation>Vertrauenswürdiges &amp;Zertifikat:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation>Vertrauenswürdiges Zertifikat</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt)</source>
        <translation>PEM-Zertifikate (*.pem *.crt)</translation>
    </message>
    <message>
        <source>A secret is kept for this session only.</source>
        <translation>Ein Geheimnis wird nur für diese Sitzung behalten.</translation>
    </message>
    <message>
        <source>Leave empty to keep the stored secret.</source>
        <translation>Leer lassen, um das gespeicherte Geheimnis zu behalten.</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Stored in the system keychain.</source>
        <translation>Im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>No keychain</source>
        <translation>Kein Schlüsselbund</translation>
    </message>
    <message>
        <source>Keep for this &amp;session only</source>
        <translation>Nur für diese &amp;Sitzung behalten</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t keep it</source>
        <translation>&amp;Nicht behalten</translation>
    </message>
    <message>
        <source>Not stored: no keychain.</source>
        <translation>Nicht gespeichert: kein Schlüsselbund.</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>The token or API key this connection signs in with.</source>
        <translation>Das Token oder der API-Schlüssel, mit dem sich diese Verbindung anmeldet.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet …</translation>
    </message>
    <message>
        <source>Enter the token or API key first.</source>
        <translation>Geben Sie zuerst das Token oder den API-Schlüssel ein.</translation>
    </message>
    <message>
        <source>Enter a namespace first.</source>
        <translation>Geben Sie zuerst einen Namespace ein.</translation>
    </message>
    <message>
        <source>The certificate file %1 holds no PEM certificate.</source>
        <translation>Die Zertifikatsdatei %1 enthält kein PEM-Zertifikat.</translation>
    </message>
    <message numerus="yes">
        <source>Connected: namespace %1 answers (%n job(s)).</source>
        <translation>
            <numerusform>Verbunden: Namespace %1 antwortet (%n Job).</numerusform>
            <numerusform>Verbunden: Namespace %1 antwortet (%n Jobs).</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>seed::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Submit the form</source>
        <translation>Formular einreichen</translation>
    </message>
    <message>
        <source>Open a job&apos;s logs in a tab</source>
        <translation>Logs eines Jobs in einem Tab öffnen</translation>
    </message>
    <message>
        <source>Double-click</source>
        <translation>Doppelklick</translation>
    </message>
</context>
<context>
    <name>seed::ui::SpotDelegate</name>
    <message>
        <source>Spot</source>
        <translation>Spot</translation>
    </message>
</context>
<context>
    <name>seed::ui::SubmitDialog</name>
    <message>
        <source>New job</source>
        <translation>Neuer Job</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>&amp;Vorlage:</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Save as template…</source>
        <translation>Als Vorlage speichern…</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>Vorlage löschen</translation>
    </message>
    <message>
        <source>Save as template</source>
        <translation>Als Vorlage speichern</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>Name der Vorlage:</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>letters, digits, - and _</source>
        <translation>Buchstaben, Ziffern, - und _</translation>
    </message>
    <message>
        <source>Job name</source>
        <translation>Jobname</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>python train.py --epochs 3</source>
        <translation>python train.py --epochs 3</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>&amp;Repository</source>
        <translation>&amp;Repository</translation>
    </message>
    <message>
        <source>Container &amp;image</source>
        <translation>Container-&amp;Image</translation>
    </message>
    <message>
        <source>Run from:</source>
        <translation>Ausführen aus:</translation>
    </message>
    <message>
        <source>namespace/repo</source>
        <translation>namensraum/repo</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Re&amp;pository:</source>
        <translation>Re&amp;pository:</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>&amp;Branch:</source>
        <translation>Gi&amp;t-Branch:</translation>
    </message>
    <message>
        <source>ghcr.io/acme/image:tag</source>
        <translation>ghcr.io/acme/image:tag</translation>
    </message>
    <message>
        <source>Container image</source>
        <translation>Container-Image</translation>
    </message>
    <message>
        <source>I&amp;mage:</source>
        <translation>I&amp;mage:</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Maschine</translation>
    </message>
    <message>
        <source>None (CPU only)</source>
        <translation>Keine (nur CPU)</translation>
    </message>
    <message>
        <source>GPU type</source>
        <translation>GPU-Typ</translation>
    </message>
    <message>
        <source>&amp;GPU:</source>
        <translation>&amp;GPU:</translation>
    </message>
    <message>
        <source>GPU count</source>
        <translation>GPU-Anzahl</translation>
    </message>
    <message>
        <source>GPU c&amp;ount:</source>
        <translation>GPU-&amp;Anzahl:</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <source>v&amp;CPUs:</source>
        <translation>v&amp;CPUs:</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Memory in gigabytes</source>
        <translation>Speicher in Gigabyte</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>&amp;Speicher:</translation>
    </message>
    <message>
        <source>Disk in gigabytes</source>
        <translation>Festplatte in Gigabyte</translation>
    </message>
    <message>
        <source>&amp;Disk:</source>
        <translation>&amp;Festplatte:</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Re&amp;gion:</source>
        <translation>Re&amp;gion:</translation>
    </message>
    <message>
        <source>Estimated cost per hour</source>
        <translation>Geschätzte Kosten pro Stunde</translation>
    </message>
    <message>
        <source>Estimate:</source>
        <translation>Schätzung:</translation>
    </message>
    <message>
        <source>Limits and output</source>
        <translation>Grenzen und Ausgabe</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Timeout in minutes</source>
        <translation>Zeitlimit in Minuten</translation>
    </message>
    <message>
        <source>&amp;Timeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Retr&amp;ies:</source>
        <translation>&amp;Wiederholungen:</translation>
    </message>
    <message>
        <source>Output path</source>
        <translation>Ausgabepfad</translation>
    </message>
    <message>
        <source>O&amp;utput path:</source>
        <translation>A&amp;usgabepfad:</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Environment variables</source>
        <translation>Umgebungsvariablen</translation>
    </message>
    <message>
        <source>&amp;Add variable</source>
        <translation>Variable &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Einreichen</translation>
    </message>
    <message>
        <source>At the list prices; the server&apos;s answer shows the price it applies.</source>
        <translation>Zu Listenpreisen; die Antwort des Servers nennt den Preis, den er berechnet.</translation>
    </message>
    <message>
        <source>%1 (request %2)</source>
        <translation>%1 (Anfrage %2)</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>Wird eingereicht…</translation>
    </message>
    <message numerus="yes">
        <source>%1 Try again in %n second(s).</source>
        <translation>
            <numerusform>%1 Versuchen Sie es in %n Sekunde erneut.</numerusform>
            <numerusform>%1 Versuchen Sie es in %n Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Submit (%1)</source>
        <translation>Einreichen (%1)</translation>
    </message>
    <message>
        <source>Local images</source>
        <translation>Lokale Images</translation>
    </message>
    <message>
        <source>Images that exist on the backend&apos;s machine</source>
        <translation>Images, die auf der Maschine des Backends vorhanden sind</translation>
    </message>
    <message>
        <source>No container images on this computer yet: get one with “podman pull IMAGE” or “podman load -i FILE”, then open this form again.</source>
        <translation>Noch keine Container-Images auf diesem Computer: Holen Sie eines mit „podman pull IMAGE“ oder „podman load -i DATEI“ und öffnen Sie dieses Formular dann erneut.</translation>
    </message>
    <message>
        <source>This machine has no GPU.</source>
        <translation>Diese Maschine hat keine GPU.</translation>
    </message>
    <message>
        <source>This machine has no %1 GPU.</source>
        <translation>Diese Maschine hat keine %1-GPU.</translation>
    </message>
    <message>
        <source>%1 — not on this machine</source>
        <translation>%1 — nicht auf dieser Maschine</translation>
    </message>
    <message>
        <source>This machine has %1 × %2.</source>
        <translation>Diese Maschine hat %1 × %2.</translation>
    </message>
    <message>
        <source>%1 — more than this machine has</source>
        <translation>%1 — mehr, als diese Maschine hat</translation>
    </message>
    <message numerus="yes">
        <source>This machine has %n vCPU(s) for jobs.</source>
        <translation>
            <numerusform>Diese Maschine hat %n vCPU für Jobs.</numerusform>
            <numerusform>Diese Maschine hat %n vCPUs für Jobs.</numerusform>
        </translation>
    </message>
    <message>
        <source>This machine has no %1 GPU: choose a type it has, or None (CPU only).</source>
        <translation>Diese Maschine hat keine %1-GPU: Wählen Sie einen vorhandenen Typ oder „Keine (nur CPU)“.</translation>
    </message>
    <message>
        <source>This machine has %1 GB of memory for jobs.</source>
        <translation>Diese Maschine hat %1 GB Arbeitsspeicher für Jobs.</translation>
    </message>
    <message>
        <source>S&amp;pot (preemptible, cheaper)</source>
        <translation>S&amp;pot (unterbrechbar, günstiger)</translation>
    </message>
    <message>
        <source>A spot job costs less but may be stopped when an on-demand job needs its GPUs; it then waits in the queue and runs again (its workspace is kept).</source>
        <translation>Ein Spot-Job kostet weniger, kann aber angehalten werden, wenn ein On-Demand-Job seine GPUs braucht; er wartet dann in der Warteschlange und läuft erneut (sein Arbeitsbereich bleibt erhalten).</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>N&amp;odes:</source>
        <translation>Kn&amp;oten:</translation>
    </message>
    <message>
        <source>%1 per hour as spot (on demand: %2)</source>
        <translation>%1 pro Stunde als Spot (On-Demand: %2)</translation>
    </message>
    <message>
        <source>%1 per hour (as spot: %2)</source>
        <translation>%1 pro Stunde (als Spot: %2)</translation>
    </message>
    <message numerus="yes">
        <source>For all %n node(s).</source>
        <translation>
            <numerusform>Für %n Knoten.</numerusform>
            <numerusform>Für alle %n Knoten.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run the job on up to %n node(s) of the cluster; GPUs and vCPUs are per node.</source>
        <translation>
            <numerusform>Den Job auf bis zu %n Knoten des Clusters ausführen; GPUs und vCPUs gelten je Knoten.</numerusform>
            <numerusform>Den Job auf bis zu %n Knoten des Clusters ausführen; GPUs und vCPUs gelten je Knoten.</numerusform>
        </translation>
    </message>
    <message>
        <source>This backend runs single-node jobs only; multi-node jobs need a cluster runner (seedd serve --runner slurm).</source>
        <translation>Dieses Backend führt nur Jobs auf einem Knoten aus; Jobs auf mehreren Knoten brauchen einen Cluster-Runner (seedd serve --runner slurm).</translation>
    </message>
    <message>
        <source>This server does not say that it runs multi-node jobs.</source>
        <translation>Dieser Server gibt nicht an, dass er Jobs auf mehreren Knoten ausführt.</translation>
    </message>
</context>
</TS>
