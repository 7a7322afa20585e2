<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>Inspector and testbed for ZeroMQ&apos;s wire protocols</source>
        <translation>Analysewerkzeug und Prüfstand für die Wire-Protokolle von ZeroMQ</translation>
    </message>
    <message>
        <source>User-interface language (en, de).</source>
        <translation>Sprache der Oberfläche (en, de).</translation>
    </message>
    <message>
        <source>A pcap or pcapng file to open.</source>
        <translation>Eine pcap- oder pcapng-Datei zum Öffnen.</translation>
    </message>
    <message>
        <source>Save the window as a PNG once the capture is shown, then quit.</source>
        <translation>Das Fenster als PNG speichern, sobald der Mitschnitt angezeigt wird, dann beenden.</translation>
    </message>
    <message>
        <source>Start on the live demo: libzmq peers inside the app, through tap relays.</source>
        <translation>Mit der Live-Demo starten: libzmq-Gegenstellen in der Anwendung, über Tap-Relays.</translation>
    </message>
    <message>
        <source>Colours: system, light or dark (saved as the default in View &gt; Theme).</source>
        <translation>Farben: system, light oder dark (als Voreinstellung unter Ansicht &gt; Design gespeichert).</translation>
    </message>
    <message>
        <source>Run a scenario file&apos;s peers (ZDCF in ZPL or JSON), their traffic through taps into the capture shown.</source>
        <translation>Die Gegenstellen einer Szenariodatei starten (ZDCF in ZPL oder JSON), ihr Verkehr über Abgriffe im angezeigten Mitschnitt.</translation>
    </message>
    <message>
        <source>Open on one view of the capture: %1 (with --screenshot: that view&apos;s picture).</source>
        <translation>Mit einer Ansicht des Mitschnitts öffnen: %1 (mit --screenshot: das Bild dieser Ansicht).</translation>
    </message>
</context>
<context>
    <name>zmqscope::BytesPane</name>
    <message>
        <source>Stream</source>
        <translation>Datenstrom</translation>
    </message>
    <message numerus="yes">
        <source>Decrypted (%n byte(s))</source>
        <translation>
            <numerusform>Entschlüsselt (%n Byte)</numerusform>
            <numerusform>Entschlüsselt (%n Bytes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zmqscope::CaptureSession</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: cannot map the file</source>
        <translation>%1: Die Datei lässt sich nicht einblenden</translation>
    </message>
    <message numerus="yes">
        <source>%n packet(s), %1 ZMTP connection(s)</source>
        <translation>
            <numerusform>%n Paket, %1 ZMTP-Verbindung(en)</numerusform>
            <numerusform>%n Pakete, %1 ZMTP-Verbindung(en)</numerusform>
        </translation>
    </message>
    <message>
        <source>; the file is damaged: %1</source>
        <translation>; die Datei ist beschädigt: %1</translation>
    </message>
    <message numerus="yes">
        <source>Built-in sample: %n connection(s)</source>
        <translation>
            <numerusform>Eingebautes Beispiel: %n Verbindung</numerusform>
            <numerusform>Eingebautes Beispiel: %n Verbindungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 lässt sich nicht schreiben: %2</translation>
    </message>
    <message>
        <source>Nothing to export.</source>
        <translation>Nichts zu exportieren.</translation>
    </message>
    <message>
        <source>Listen endpoint: %1</source>
        <translation>Lausch-Endpunkt: %1</translation>
    </message>
    <message>
        <source>Forward endpoint: %1</source>
        <translation>Ziel-Endpunkt: %1</translation>
    </message>
    <message>
        <source>a port is needed</source>
        <translation>ein Port wird gebraucht</translation>
    </message>
    <message>
        <source>The server&apos;s secret key must be 40 characters of Z85.</source>
        <translation>Der geheime Schlüssel des Servers muss aus 40 Z85-Zeichen bestehen.</translation>
    </message>
    <message>
        <source>The relay&apos;s client secret key must be 40 characters of Z85.</source>
        <translation>Der geheime Client-Schlüssel des Relays muss aus 40 Z85-Zeichen bestehen.</translation>
    </message>
    <message>
        <source>Cannot start the tap on %1: %2</source>
        <translation>Der Tap auf %1 lässt sich nicht starten: %2</translation>
    </message>
    <message>
        <source>%1, filter %2</source>
        <translation>%1, Filter %2</translation>
    </message>
    <message>
        <source>Demo: %1</source>
        <translation>Demo: %1</translation>
    </message>
    <message>
        <source>Demo: REQ/REP over PLAIN, PUB/SUB, DEALER/ROUTER over CURVE (terminating relay), a ZMTP 2.0 PUSH; libzmq %1 through four taps</source>
        <translation>Demo: REQ/REP über PLAIN, PUB/SUB, DEALER/ROUTER über CURVE (terminierendes Relay), ein ZMTP-2.0-PUSH; libzmq %1 über vier Taps</translation>
    </message>
    <message numerus="yes">
        <source>%n live source(s) stopped</source>
        <translation>
            <numerusform>%n Live-Quelle angehalten</numerusform>
            <numerusform>%n Live-Quellen angehalten</numerusform>
        </translation>
    </message>
    <message>
        <source>(not available: bytes not captured, or no key)</source>
        <translation>(nicht verfügbar: Bytes nicht mitgeschnitten oder kein Schlüssel)</translation>
    </message>
    <message>
        <source>Cannot read the capture again</source>
        <translation>Der Mitschnitt lässt sich nicht erneut lesen</translation>
    </message>
    <message>
        <source>Export Objects: %1</source>
        <translation>Objekte exportieren: %1</translation>
    </message>
    <message>
        <source>Invalid filter at column %1: %2</source>
        <translation>Ungültiger Filter in Spalte %1: %2</translation>
    </message>
    <message>
        <source>Not hex bytes: %1 (write them as 01 ab ff or 01abff)</source>
        <translation>Keine Hex-Bytes: %1 (als 01 ab ff oder 01abff schreiben)</translation>
    </message>
    <message>
        <source>Nothing to find.</source>
        <translation>Kein Suchbegriff.</translation>
    </message>
    <message>
        <source>A new capture began while searching.</source>
        <translation>Während der Suche hat ein neuer Mitschnitt begonnen.</translation>
    </message>
    <message numerus="yes">
        <source>; %n packet(s) dated past 2116-02-20, shown at that time</source>
        <translation>
            <numerusform>; %n Paket mit einer Zeit nach dem 20.02.2116, zu dieser Zeit gezeigt</numerusform>
            <numerusform>; %n Pakete mit einer Zeit nach dem 20.02.2116, zu dieser Zeit gezeigt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zmqscope::ColourRules</name>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>Heartbeats</source>
        <translation>Heartbeats</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnements</translation>
    </message>
</context>
<context>
    <name>zmqscope::ColourRulesDialog</name>
    <message>
        <source>Colour Rules</source>
        <translation>Farbregeln</translation>
    </message>
    <message>
        <source>The first enabled rule whose filter matches a frame colours its row. Filters use the filter bar&apos;s language.</source>
        <translation>Die erste eingeschaltete Regel, deren Filter auf eine Zeile passt, färbt sie ein. Filter nutzen die Sprache der Filterleiste.</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Restore &amp;Defaults</source>
        <translation>&amp;Voreinstellungen</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>Neue Regel</translation>
    </message>
    <message>
        <source>Row Colour</source>
        <translation>Zeilenfarbe</translation>
    </message>
    <message>
        <source>Double-click to choose</source>
        <translation>Doppelklick zum Wählen</translation>
    </message>
    <message>
        <source>Rule %1: column %2: %3</source>
        <translation>Regel %1: Spalte %2: %3</translation>
    </message>
</context>
<context>
    <name>zmqscope::ConformanceDock</name>
    <message>
        <source>Conformance</source>
        <translation>Konformität</translation>
    </message>
    <message>
        <source>Server under test (the suite connects)</source>
        <translation>Server im Test (die Testreihe verbindet sich)</translation>
    </message>
    <message>
        <source>Client under test (the suite listens)</source>
        <translation>Client im Test (die Testreihe lauscht)</translation>
    </message>
    <message>
        <source>Answers every message with its frames</source>
        <translation>Beantwortet jede Nachricht mit ihren Frames</translation>
    </message>
    <message>
        <source>Keeps publishing A… and B…</source>
        <translation>Veröffentlicht fortlaufend A… und B…</translation>
    </message>
    <message>
        <source>ZMTP only</source>
        <translation>Nur ZMTP</translation>
    </message>
    <message>
        <source>MDP broker (7/MDP, 8/MMI)</source>
        <translation>MDP-Broker (7/MDP, 8/MMI)</translation>
    </message>
    <message>
        <source>PPP queue (6/PPP)</source>
        <translation>PPP-Warteschlange (6/PPP)</translation>
    </message>
    <message>
        <source>Clone server (12/CLONE)</source>
        <translation>Clone-Server (12/CLONE)</translation>
    </message>
    <message>
        <source>CURVE server under test: its public key (Z85)</source>
        <translation>CURVE-Server im Test: sein öffentlicher Schlüssel (Z85)</translation>
    </message>
    <message>
        <source>all; or groups such as 23/ 37/ping/ 24/</source>
        <translation>alle; oder Gruppen wie 23/ 37/ping/ 24/</translation>
    </message>
    <message>
        <source>known deviations (resources/conformance/*.zpl)</source>
        <translation>bekannte Abweichungen (resources/conformance/*.zpl)</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rolle:</translation>
    </message>
    <message>
        <source>&amp;Mechanism:</source>
        <translation>&amp;Mechanismus:</translation>
    </message>
    <message>
        <source>&amp;Socket type:</source>
        <translation>&amp;Socket-Typ:</translation>
    </message>
    <message>
        <source>A&amp;pplication:</source>
        <translation>A&amp;nwendung:</translation>
    </message>
    <message>
        <source>Server &amp;key:</source>
        <translation>Server-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Cases:</source>
        <translation>&amp;Fälle:</translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation>Pro&amp;fil:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>An&amp;halten</translation>
    </message>
    <message>
        <source>Save &amp;Report…</source>
        <translation>&amp;Bericht speichern…</translation>
    </message>
    <message>
        <source>%1 of %2 cases: %3 passed, %4 failed, %5 non-strict</source>
        <translation>%1 von %2 Fällen: %3 bestanden, %4 nicht bestanden, %5 nicht streng</translation>
    </message>
    <message numerus="yes">
        <source>Conformance: %n case(s) selected, through tap %1</source>
        <translation>
            <numerusform>Konformität: %n Fall ausgewählt, über Tap %1</numerusform>
            <numerusform>Konformität: %n Fälle ausgewählt, über Tap %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Conformance: %1</source>
        <translation>Konformität: %1</translation>
    </message>
    <message>
        <source>Conformance report written to %1</source>
        <translation>Konformitätsbericht nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <source>Save Conformance Report</source>
        <translation>Konformitätsbericht speichern</translation>
    </message>
    <message>
        <source>HTML grid (*.html);;JUnit XML (*.xml);;JSON (*.json)</source>
        <translation>HTML-Raster (*.html);;JUnit-XML (*.xml);;JSON (*.json)</translation>
    </message>
    <message>
        <source>FILEMQ server (35/FILEMQ)</source>
        <translation>FILEMQ-Server (35/FILEMQ)</translation>
    </message>
</context>
<context>
    <name>zmqscope::ConformanceModel</name>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Observed</source>
        <translation>Beobachtet</translation>
    </message>
</context>
<context>
    <name>zmqscope::ConformanceSession</name>
    <message>
        <source>A conformance run is already going on.</source>
        <translation>Ein Konformitätslauf ist schon im Gange.</translation>
    </message>
    <message>
        <source>The suite speaks TCP: give tcp://HOST:PORT.</source>
        <translation>Die Testreihe spricht TCP: tcp://HOST:PORT angeben.</translation>
    </message>
    <message>
        <source>A CURVE server under test needs its public key (40 Z85 characters).</source>
        <translation>Ein CURVE-Server im Test braucht seinen öffentlichen Schlüssel (40 Z85-Zeichen).</translation>
    </message>
    <message>
        <source>Cannot read the profile %1: %2</source>
        <translation>Das Profil %1 lässt sich nicht lesen: %2</translation>
    </message>
    <message>
        <source>No free loopback port for the suite.</source>
        <translation>Kein freier Loopback-Port für die Testreihe.</translation>
    </message>
    <message>
        <source>Cannot open a tap on %1.</source>
        <translation>Auf %1 lässt sich kein Tap öffnen.</translation>
    </message>
    <message>
        <source>Give the client under test this server key: %1</source>
        <translation>Dem Client im Test diesen Server-Schlüssel geben: %1</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 lässt sich nicht schreiben: %2</translation>
    </message>
</context>
<context>
    <name>zmqscope::ConnectionsModel</name>
    <message>
        <source>Conn</source>
        <translation>Verb.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>ZMTP</source>
        <translation>ZMTP</translation>
    </message>
    <message>
        <source>Mechanism</source>
        <translation>Mechanismus</translation>
    </message>
    <message>
        <source>Socket types</source>
        <translation>Socket-Typen</translation>
    </message>
    <message>
        <source>Identities</source>
        <translation>Identitäten</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Messages c2s / s2c</source>
        <translation>Nachrichten c2s / s2c</translation>
    </message>
    <message>
        <source>Bytes c2s / s2c</source>
        <translation>Bytes c2s / s2c</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Each side&apos;s routing identity as it announced it (&quot;&quot; is an empty one; (none) where a side announced none). Bytes that are not printable are written \xNN.</source>
        <translation>Die Routing-Identität jeder Seite, wie sie sie angekündigt hat (&quot;&quot; ist eine leere; (keine), wo eine Seite keine angekündigt hat). Nicht druckbare Bytes stehen als \xNN.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Click for a graph of this connection&apos;s throughput, each direction on its own</source>
        <translation>Klicken für ein Diagramm des Durchsatzes dieser Verbindung, jede Richtung für sich</translation>
    </message>
</context>
<context>
    <name>zmqscope::DecodeAsMenu</name>
    <message>
        <source>Decode As</source>
        <translation>Dekodieren als</translation>
    </message>
    <message>
        <source>Connection %1</source>
        <translation>Verbindung %1</translation>
    </message>
    <message>
        <source>Every Connection on Port %1</source>
        <translation>Jede Verbindung auf Port %1</translation>
    </message>
    <message>
        <source>Detect from the Content</source>
        <translation>Am Inhalt erkennen</translation>
    </message>
    <message>
        <source>No Application Protocol</source>
        <translation>Kein Anwendungsprotokoll</translation>
    </message>
</context>
<context>
    <name>zmqscope::DissectionModel</name>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>zmqscope::FollowDialog</name>
    <message>
        <source>Follow Connection — %1</source>
        <translation>Verbindung verfolgen — %1</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hex dump</source>
        <translation>Hexdump</translation>
    </message>
    <message>
        <source>Show as:</source>
        <translation>Anzeigen als:</translation>
    </message>
    <message>
        <source>; only the first %1 shown</source>
        <translation>; nur die ersten %1 angezeigt</translation>
    </message>
    <message numerus="yes">
        <source>message, %n frame(s)</source>
        <translation>
            <numerusform>Nachricht, %n Frame</numerusform>
            <numerusform>Nachricht, %n Frames</numerusform>
        </translation>
    </message>
    <message>
        <source>command %1</source>
        <translation>Befehl %1</translation>
    </message>
    <message>
        <source> (bytes missing from the capture)</source>
        <translation> (Bytes fehlen im Mitschnitt)</translation>
    </message>
    <message>
        <source>This connection has no messages or commands yet.</source>
        <translation>Diese Verbindung hat noch keine Nachrichten oder Befehle.</translation>
    </message>
    <message>
        <source>Client → server: %1, %2 bytes; server → client: %3, %4 bytes</source>
        <translation>Client → Server: %1, %2 Bytes; Server → Client: %3, %4 Bytes</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n Nachricht</numerusform>
            <numerusform>%n Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the connection from the capture…</source>
        <translation>Die Verbindung wird aus dem Mitschnitt gelesen…</translation>
    </message>
</context>
<context>
    <name>zmqscope::FrameCommands</name>
    <message>
        <source>Seconds Since the &amp;Start</source>
        <translation>Sekunden seit dem &amp;Start</translation>
    </message>
    <message>
        <source>Seconds Since the &amp;Previous Row</source>
        <translation>Sekunden seit der &amp;vorigen Zeile</translation>
    </message>
    <message>
        <source>&amp;Time of Day</source>
        <translation>&amp;Uhrzeit</translation>
    </message>
    <message>
        <source>&amp;Date and Time of Day</source>
        <translation>&amp;Datum und Uhrzeit</translation>
    </message>
    <message>
        <source>Seconds Since 1970 (&amp;Unix Time)</source>
        <translation>Sekunden seit 1970 (U&amp;nix-Zeit)</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Suchen:</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>Hex-Bytes</translation>
    </message>
    <message>
        <source>Display filter</source>
        <translation>Anzeigefilter</translation>
    </message>
    <message>
        <source>Text: in a row&apos;s summary or bytes, any case. Hex bytes: 01 ab ff. Display filter: as the filter bar takes it.</source>
        <translation>Text: in der Zusammenfassung oder den Bytes einer Zeile, ohne Beachtung der Groß-/Kleinschreibung. Hex-Bytes: 01 ab ff. Anzeigefilter: wie ihn die Filterleiste annimmt.</translation>
    </message>
    <message>
        <source>what to find (Enter: next, Shift+Enter: previous)</source>
        <translation>was gesucht wird (Eingabe: nächster, Umschalt+Eingabe: voriger Treffer)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Voriger</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nächster</translation>
    </message>
    <message>
        <source>Close the find bar (Escape)</source>
        <translation>Die Suchleiste schließen (Esc)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Copy Rows</source>
        <translation>Zeilen &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>&amp;Weitersuchen</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>&amp;Rückwärts suchen</translation>
    </message>
    <message>
        <source>&amp;Go to Row…</source>
        <translation>&amp;Zu Zeile springen…</translation>
    </message>
    <message>
        <source>Go to Row</source>
        <translation>Zu Zeile springen</translation>
    </message>
    <message>
        <source>Row number (the No. column, 1 to %1):</source>
        <translation>Zeilennummer (Spalte „Nr.“, 1 bis %1):</translation>
    </message>
    <message>
        <source>&amp;Mark or Unmark Row</source>
        <translation>Zeile &amp;markieren oder Markierung aufheben</translation>
    </message>
    <message>
        <source>Next Mar&amp;k</source>
        <translation>&amp;Nächste Markierung</translation>
    </message>
    <message>
        <source>Previous M&amp;ark</source>
        <translation>&amp;Vorige Markierung</translation>
    </message>
    <message>
        <source>&amp;Unmark All</source>
        <translation>&amp;Alle Markierungen aufheben</translation>
    </message>
    <message>
        <source>Time &amp;Format</source>
        <translation>&amp;Zeitformat</translation>
    </message>
    <message>
        <source>There is no row %1 (rows 1 to %2).</source>
        <translation>Es gibt keine Zeile %1 (Zeilen 1 bis %2).</translation>
    </message>
    <message>
        <source>No row is marked (Edit &gt; Mark, Ctrl+M).</source>
        <translation>Keine Zeile ist markiert (Bearbeiten &gt; Markieren, Strg+M).</translation>
    </message>
    <message>
        <source>Finding…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Found in row %1.</source>
        <translation>Gefunden in Zeile %1.</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>Nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Un&amp;mark</source>
        <translation>Markierung auf&amp;heben</translation>
    </message>
    <message>
        <source>&amp;Mark</source>
        <translation>&amp;Markieren</translation>
    </message>
    <message>
        <source>&amp;Filter on Connection %1</source>
        <translation>Nach Verbindung %1 &amp;filtern</translation>
    </message>
    <message>
        <source>Show &amp;Only Connection %1</source>
        <translation>&amp;Nur Verbindung %1 zeigen</translation>
    </message>
    <message>
        <source>F&amp;ollow Connection %1</source>
        <translation>Verbindung %1 &amp;verfolgen</translation>
    </message>
    <message>
        <source>Filter on &amp;Kind %1</source>
        <translation>Nach &amp;Art %1 filtern</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Rows as Text</source>
        <translation>&amp;Zeilen als Text</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>Zu&amp;sammenfassung</translation>
    </message>
    <message>
        <source>&amp;Bytes as Hex</source>
        <translation>&amp;Bytes als Hex</translation>
    </message>
    <message>
        <source>&amp;Replay Selected Messages…</source>
        <translation>Ausgewählte Nachrichten &amp;wiederholen…</translation>
    </message>
    <message>
        <source>&amp;Apply as Filter</source>
        <translation>Als Filter &amp;anwenden</translation>
    </message>
    <message>
        <source>&amp;Prepare as Filter</source>
        <translation>Als Filter &amp;vorbereiten</translation>
    </message>
    <message>
        <source>&amp;Selected</source>
        <translation>&amp;Ausgewählt</translation>
    </message>
    <message>
        <source>&amp;Not Selected</source>
        <translation>&amp;Nicht ausgewählt</translation>
    </message>
    <message>
        <source>…&amp;and Selected</source>
        <translation>…&amp;und ausgewählt</translation>
    </message>
    <message>
        <source>…&amp;or Selected</source>
        <translation>…&amp;oder ausgewählt</translation>
    </message>
    <message>
        <source>&amp;Value</source>
        <translation>&amp;Wert</translation>
    </message>
    <message>
        <source>Field &amp;Name</source>
        <translation>Feld&amp;name</translation>
    </message>
    <message>
        <source>As &amp;Filter</source>
        <translation>Als &amp;Filter</translation>
    </message>
    <message>
        <source>&amp;Expand Subtrees</source>
        <translation>&amp;Unterbäume aufklappen</translation>
    </message>
    <message>
        <source>Co&amp;llapse All</source>
        <translation>Alle &amp;zuklappen</translation>
    </message>
    <message>
        <source>E&amp;xpand All</source>
        <translation>Alle au&amp;fklappen</translation>
    </message>
    <message>
        <source>&amp;Go to Its Row</source>
        <translation>Zu seiner &amp;Zeile springen</translation>
    </message>
    <message>
        <source>&amp;Copy the Finding</source>
        <translation>Befund &amp;kopieren</translation>
    </message>
    <message>
        <source>Not found among the rows shown (%1 matches the filters hide were passed over).</source>
        <translation>Unter den angezeigten Zeilen nicht gefunden (%1 Treffer, die die Filter ausblenden, wurden übergangen).</translation>
    </message>
</context>
<context>
    <name>zmqscope::FrameListModel</name>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Conn</source>
        <translation>Verb.</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>ZMTP</source>
        <translation>ZMTP</translation>
    </message>
    <message>
        <source>Mechanism</source>
        <translation>Mechanismus</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Derived: read from bytes a row above already showed (no bytes of its own).</source>
        <translation>Abgeleitet: aus Bytes gelesen, die schon eine Zeile weiter oben zeigte (keine eigenen Bytes).</translation>
    </message>
    <message>
        <source>The ZMTP greeting: signature, version and mechanism, before any frame.</source>
        <translation>Die ZMTP-Begrüßung: Signatur, Version und Mechanismus, vor jedem Frame.</translation>
    </message>
    <message>
        <source>Decrypted with a CURVE session key: the Decrypted tab shows the plaintext.</source>
        <translation>Mit einem CURVE-Sitzungsschlüssel entschlüsselt: der Reiter „Entschlüsselt“ zeigt den Klartext.</translation>
    </message>
</context>
<context>
    <name>zmqscope::InterfaceDialog</name>
    <message>
        <source>Interface Capture</source>
        <translation>Mitschnitt an einer Schnittstelle</translation>
    </message>
    <message>
        <source> (loopback)</source>
        <translation> (Loopback)</translation>
    </message>
    <message>
        <source>A BPF capture filter, as for tcpdump: tcp port 5555, host 10.0.0.7 and tcp</source>
        <translation>Ein BPF-Mitschnittfilter wie bei tcpdump: tcp port 5555, host 10.0.0.7 and tcp</translation>
    </message>
    <message>
        <source>an interface</source>
        <translation>eine Schnittstelle</translation>
    </message>
    <message>
        <source>This process may capture (root or CAP_NET_RAW).</source>
        <translation>Dieser Prozess darf mitschneiden (root oder CAP_NET_RAW).</translation>
    </message>
    <message>
        <source>&amp;Interface:</source>
        <translation>&amp;Schnittstelle:</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
</context>
<context>
    <name>zmqscope::IoGraphDock</name>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <source>SUM(field)</source>
        <translation>SUM(Feld)</translation>
    </message>
    <message>
        <source>MIN(field)</source>
        <translation>MIN(Feld)</translation>
    </message>
    <message>
        <source>MAX(field)</source>
        <translation>MAX(Feld)</translation>
    </message>
    <message>
        <source>AVG(field)</source>
        <translation>AVG(Feld)</translation>
    </message>
    <message>
        <source>COUNT(field)</source>
        <translation>COUNT(Feld)</translation>
    </message>
    <message>
        <source>I/O Graphs</source>
        <translation>E/A-Diagramme</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>Zeit (s)</translation>
    </message>
    <message>
        <source>Interval:</source>
        <translation>Intervall:</translation>
    </message>
    <message>
        <source>Moving average:</source>
        <translation>Gleitender Mittelwert:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message numerus="yes">
        <source>%n interval(s)</source>
        <translation>
            <numerusform>%n Intervall</numerusform>
            <numerusform>%n Intervallen</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation>&amp;Logarithmisch</translation>
    </message>
    <message>
        <source>&amp;Time of day</source>
        <translation>&amp;Uhrzeit</translation>
    </message>
    <message>
        <source>&amp;Add Graph</source>
        <translation>Diagramm &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Follow &amp;Newest</source>
        <translation>&amp;Neuestem folgen</translation>
    </message>
    <message>
        <source>Fit the whole capture and follow new intervals again</source>
        <translation>Den ganzen Mitschnitt zeigen und neuen Intervallen wieder folgen</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Display filter</source>
        <translation>Anzeigefilter</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Stil</translation>
    </message>
    <message>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <source>Field (SUM, MIN, MAX, AVG, COUNT)</source>
        <translation>Feld (SUM, MIN, MAX, AVG, COUNT)</translation>
    </message>
    <message>
        <source>Graph %1</source>
        <translation>Diagramm %1</translation>
    </message>
    <message>
        <source>Graph Colour</source>
        <translation>Diagrammfarbe</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Message bytes</source>
        <translation>Nachrichten-Bytes</translation>
    </message>
    <message>
        <source>Double-click to choose</source>
        <translation>Doppelklick zum Wählen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 pro %2</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Time since the first event (s)</source>
        <translation>Zeit seit dem ersten Ereignis (s)</translation>
    </message>
    <message>
        <source>ZmqScope I/O graph</source>
        <translation>ZmqScope-E/A-Diagramm</translation>
    </message>
    <message>
        <source>Choose a name ending in .png, .pdf, .svg or .csv</source>
        <translation>Wählen Sie einen Namen mit .png, .pdf, .svg oder .csv</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Export the I/O Graph</source>
        <translation>E/A-Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG (*.png);;PDF (*.pdf);;SVG (*.svg);;CSV (*.csv)</source>
        <translation>PNG (*.png);;PDF (*.pdf);;SVG (*.svg);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>1 ms</source>
        <translation>1 ms</translation>
    </message>
    <message>
        <source>10 ms</source>
        <translation>10 ms</translation>
    </message>
    <message>
        <source>100 ms</source>
        <translation>100 ms</translation>
    </message>
    <message>
        <source>1 s</source>
        <translation>1 s</translation>
    </message>
    <message>
        <source>10 s</source>
        <translation>10 s</translation>
    </message>
    <message>
        <source>1 min</source>
        <translation>1 min</translation>
    </message>
    <message>
        <source>10 min</source>
        <translation>10 min</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linie</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <source>Impulse</source>
        <translation>Impulse</translation>
    </message>
    <message>
        <source>Dots</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Drag or wheel to move and zoom in time; a click selects the first event of that interval</source>
        <translation>Ziehen oder Mausrad verschiebt und zoomt die Zeit; ein Klick wählt das erste Ereignis dieses Intervalls</translation>
    </message>
</context>
<context>
    <name>zmqscope::MainWindow</name>
    <message>
        <source>ZmqScope</source>
        <translation>ZmqScope</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About ZmqScope</source>
        <translation>Ü&amp;ber ZmqScope</translation>
    </message>
    <message>
        <source>About ZmqScope</source>
        <translation>Über ZmqScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ZmqScope %1&lt;/h3&gt;&lt;p&gt;An inspector and testbed for ZeroMQ&apos;s wire protocols.&lt;/p&gt;&lt;p&gt;Qt %2 · libzmq %3 · libsodium %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ZmqScope %1&lt;/h3&gt;&lt;p&gt;Ein Analysewerkzeug und Prüfstand für die Wire-Protokolle von ZeroMQ.&lt;/p&gt;&lt;p&gt;Qt %2 · libzmq %3 · libsodium %4&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Dissection</source>
        <translation>Zerlegung</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>&amp;Open Capture…</source>
        <translation>Mitschnitt &amp;öffnen…</translation>
    </message>
    <message>
        <source>Show the &amp;Built-in Sample</source>
        <translation>&amp;Eingebautes Beispiel zeigen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Open Capture</source>
        <translation>Mitschnitt öffnen</translation>
    </message>
    <message>
        <source>Captures (*.pcap *.pcapng *.cap);;All files (*)</source>
        <translation>Mitschnitte (*.pcap *.pcapng *.cap);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>Show &amp;All Connections</source>
        <translation>&amp;Alle Verbindungen zeigen</translation>
    </message>
    <message>
        <source>Filter, e.g. zmtp.command == &quot;READY&quot; &amp;&amp; conn == 1   (Enter to apply)</source>
        <translation>Filter, z. B. zmtp.command == &quot;READY&quot; &amp;&amp; conn == 1   (Eingabe wendet ihn an)</translation>
    </message>
    <message>
        <source>Invalid filter at column %1: %2</source>
        <translation>Ungültiger Filter in Spalte %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1</source>
        <translation>
            <numerusform>%n Ereignis nach %1 exportiert</numerusform>
            <numerusform>%n Ereignisse nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Export nach %1…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>No recent captures</source>
        <translation>Keine zuletzt geöffneten Mitschnitte</translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Follow Connection</source>
        <translation>Verbindung &amp;verfolgen</translation>
    </message>
    <message>
        <source>connection %1</source>
        <translation>Verbindung %1</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n packet(s) to %1</source>
        <translation>
            <numerusform>%n Paket nach %1 exportiert</numerusform>
            <numerusform>%n Pakete nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;Text (*.txt);;pcapng (*.pcapng)</source>
        <translation>JSON Lines (*.jsonl);;Text (*.txt);;pcapng (*.pcapng)</translation>
    </message>
    <message>
        <source>&amp;Capture</source>
        <translation>&amp;Mitschnitt</translation>
    </message>
    <message>
        <source>New &amp;Tap Relay…</source>
        <translation>Neues &amp;Tap-Relay…</translation>
    </message>
    <message>
        <source>&amp;Interface Capture…</source>
        <translation>Mitschnitt an einer &amp;Schnittstelle…</translation>
    </message>
    <message>
        <source>Start the Live &amp;Demo</source>
        <translation>Live-&amp;Demo starten</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Starting the live demo…</source>
        <translation>Die Live-Demo startet…</translation>
    </message>
    <message>
        <source>Capturing on %1</source>
        <translation>Mitschnitt auf %1</translation>
    </message>
    <message>
        <source>Tap relay %1</source>
        <translation>Tap-Relay %1</translation>
    </message>
    <message numerus="yes">
        <source>● Live: %n source(s)</source>
        <translation>
            <numerusform>● Live: %n Quelle</numerusform>
            <numerusform>● Live: %n Quellen</numerusform>
        </translation>
    </message>
    <message>
        <source> · auto-scroll paused (scroll to the end to resume)</source>
        <translation> · automatisches Scrollen angehalten (ans Ende scrollen, um fortzufahren)</translation>
    </message>
    <message>
        <source>Export the Rows &amp;Shown…</source>
        <translation>Angezeigte &amp;Zeilen exportieren…</translation>
    </message>
    <message>
        <source>Only JSON Lines and text can hold just the rows shown; pcapng holds whole packets.</source>
        <translation>Nur JSON Lines und Text können allein die angezeigten Zeilen aufnehmen; pcapng enthält ganze Pakete.</translation>
    </message>
    <message>
        <source>No rows are shown: nothing to export.</source>
        <translation>Keine Zeilen angezeigt: nichts zu exportieren.</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n row(s) to %1…</source>
        <translation>
            <numerusform>%n Zeile wird nach %1 exportiert…</numerusform>
            <numerusform>%n Zeilen werden nach %1 exportiert…</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the Rows Shown</source>
        <translation>Angezeigte Zeilen exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;Text (*.txt)</source>
        <translation>JSON Lines (*.jsonl);;Text (*.txt)</translation>
    </message>
    <message>
        <source>&amp;Colour Rules…</source>
        <translation>&amp;Farbregeln…</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Design</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>Dem &amp;System folgen</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>Die Sprache wechselt beim nächsten Start.</translation>
    </message>
    <message>
        <source>Export &amp;Objects…</source>
        <translation>&amp;Objekte exportieren…</translation>
    </message>
    <message>
        <source>Export Objects to a Folder</source>
        <translation>Objekte in einen Ordner exportieren</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n object(s) to %1</source>
        <translation>
            <numerusform>%n Objekt nach %1 exportiert</numerusform>
            <numerusform>%n Objekte nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>; not whole: %1</source>
        <translation>; unvollständig: %1</translation>
    </message>
    <message>
        <source>Follow Connection</source>
        <translation>Verbindung folgen</translation>
    </message>
    <message>
        <source>Decode As applies to the connections that start from now on</source>
        <translation>„Dekodieren als“ gilt für die Verbindungen, die ab jetzt beginnen</translation>
    </message>
    <message>
        <source>Open &amp;Scenario…</source>
        <translation>&amp;Szenario öffnen…</translation>
    </message>
    <message>
        <source>&amp;Replay Selected Messages…</source>
        <translation>Ausgewählte Nachrichten &amp;wiederholen…</translation>
    </message>
    <message>
        <source>Show &amp;Only This Connection</source>
        <translation>&amp;Nur diese Verbindung zeigen</translation>
    </message>
    <message>
        <source>&amp;Filter on This Connection</source>
        <translation>Nach dieser Verbindung &amp;filtern</translation>
    </message>
    <message>
        <source>&amp;Copy Its Endpoints</source>
        <translation>Ihre &amp;Endpunkte kopieren</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n Zeile</numerusform>
            <numerusform>%n Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 shown of %n row(s)</source>
        <translation>
            <numerusform>%1 von %n Zeile angezeigt</numerusform>
            <numerusform>%1 von %n Zeilen angezeigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n frame(s) on the wire; the other rows are derived from them)</source>
        <translation>
            <numerusform> (%n Frame auf der Leitung; die übrigen Zeilen sind daraus abgeleitet)</numerusform>
            <numerusform> (%n Frames auf der Leitung; die übrigen Zeilen sind daraus abgeleitet)</numerusform>
        </translation>
    </message>
    <message>
        <source>display filter</source>
        <translation>Anzeigefilter</translation>
    </message>
    <message>
        <source>selected connection</source>
        <translation>ausgewählte Verbindung</translation>
    </message>
    <message>
        <source>selected peer</source>
        <translation>ausgewählte Gegenstelle</translation>
    </message>
    <message>
        <source> · hidden by: %1</source>
        <translation> · ausgeblendet durch: %1</translation>
    </message>
    <message>
        <source>Only the selected peer&apos;s connections</source>
        <translation>Nur die Verbindungen der ausgewählten Gegenstelle</translation>
    </message>
    <message>
        <source>Only connection %1</source>
        <translation>Nur Verbindung %1</translation>
    </message>
    <message>
        <source>Rows of other connections are hidden. Click to show every connection.</source>
        <translation>Zeilen anderer Verbindungen sind ausgeblendet. Klicken, um alle Verbindungen zu zeigen.</translation>
    </message>
    <message>
        <source>Row %1 was hidden: the filters that hid it are cleared.</source>
        <translation>Zeile %1 war ausgeblendet: die Filter, die sie ausblendeten, sind aufgehoben.</translation>
    </message>
    <message>
        <source>Invalid filter</source>
        <translation>Ungültiger Filter</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Conformance Test…</source>
        <translation>&amp;Konformitätstest…</translation>
    </message>
    <message>
        <source>&amp;Throughput Graph</source>
        <translation>&amp;Durchsatzdiagramm</translation>
    </message>
</context>
<context>
    <name>zmqscope::NewPeerDialog</name>
    <message>
        <source>New Peer</source>
        <translation>Neue Gegenstelle</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>one per line</source>
        <translation>eine pro Zeile</translation>
    </message>
    <message>
        <source>   (one per line)</source>
        <translation>   (eine pro Zeile)</translation>
    </message>
    <message>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
</context>
<context>
    <name>zmqscope::PeerGraphDock</name>
    <message>
        <source>Peer Graph</source>
        <translation>Gegenstellen-Graph</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Click a peer or a connection to show only its rows</source>
        <translation>Klick auf eine Gegenstelle oder Verbindung zeigt nur deren Zeilen</translation>
    </message>
    <message>
        <source>Export the Peer Graph</source>
        <translation>Gegenstellen-Graph exportieren</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png)</source>
        <translation>SVG (*.svg);;PNG (*.png)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>%1 peers, %2 links, %3 connections</source>
        <translation>%1 Gegenstellen, %2 Verbindungslinien, %3 Verbindungen</translation>
    </message>
    <message>
        <source>ZmqScope peer graph</source>
        <translation>ZmqScope-Gegenstellen-Graph</translation>
    </message>
</context>
<context>
    <name>zmqscope::PeerGraphView</name>
    <message>
        <source>No connections yet.</source>
        <translation>Noch keine Verbindungen.</translation>
    </message>
    <message>
        <source>%1/s · %2/s</source>
        <translation>%1/s · %2/s</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>%1 (+%2)</source>
        <translation>%1 (+%2)</translation>
    </message>
</context>
<context>
    <name>zmqscope::PeerSession</name>
    <message>
        <source>There is no role %1.</source>
        <translation>Es gibt keine Rolle %1.</translation>
    </message>
    <message>
        <source>Cannot put a tap in front of %1.</source>
        <translation>Vor %1 lässt sich kein Abgriff setzen.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
</context>
<context>
    <name>zmqscope::PeersDock</name>
    <message>
        <source>Peers</source>
        <translation>Gegenstellen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&amp;New Peer…</source>
        <translation>&amp;Neue Gegenstelle…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Select a peer to read its log.</source>
        <translation>Eine Gegenstelle auswählen, um ihr Protokoll zu lesen.</translation>
    </message>
    <message>
        <source>&amp;Peers</source>
        <translation>&amp;Gegenstellen</translation>
    </message>
    <message>
        <source>Open &amp;Scenario…</source>
        <translation>&amp;Szenario öffnen…</translation>
    </message>
    <message>
        <source>Stop &amp;All Peers</source>
        <translation>&amp;Alle Gegenstellen anhalten</translation>
    </message>
    <message>
        <source>%1:%2:%3: %4</source>
        <translation>%1:%2:%3: %4</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %n peer(s) and device(s)</source>
        <translation>
            <numerusform>%1: %2, %n Gegenstelle oder Gerät</numerusform>
            <numerusform>%1: %2, %n Gegenstellen und Geräte</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation>Szenario öffnen</translation>
    </message>
    <message>
        <source>Scenarios (*.zpl *.json *.cfg);;All files (*)</source>
        <translation>Szenarien (*.zpl *.json *.cfg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Select one or more messages (whole ones) to replay.</source>
        <translation>Eine oder mehrere (vollständige) Nachrichten zum Wiederholen auswählen.</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 lässt sich nicht schreiben</translation>
    </message>
</context>
<context>
    <name>zmqscope::PeersModel</name>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
</context>
<context>
    <name>zmqscope::PictureFile</name>
    <message>
        <source>Choose a name ending in .%1</source>
        <translation>Wählen Sie einen Namen mit .%1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>zmqscope::ResponseTimesDock</name>
    <message>
        <source>Response Times</source>
        <translation>Antwortzeiten</translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation>Gruppieren nach:</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Whole capture</source>
        <translation>Ganzer Mitschnitt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Double-click a row to select its slowest reply</source>
        <translation>Doppelklick auf eine Zeile wählt ihre langsamste Antwort</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Response time (ms)</source>
        <translation>Antwortzeit (ms)</translation>
    </message>
    <message>
        <source>Export Response Times</source>
        <translation>Antwortzeiten exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Replies matched: %1; p50 %2 ms, p99 %3 ms</source>
        <translation>Zugeordnete Antworten: %1; p50 %2 ms, p99 %3 ms</translation>
    </message>
    <message>
        <source>No reply matched to a request yet.</source>
        <translation>Noch keine Antwort einer Anfrage zugeordnet.</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>zmqscope::ResponseTimesModel</name>
    <message>
        <source>connection %1</source>
        <translation>Verbindung %1</translation>
    </message>
    <message>
        <source>every reply</source>
        <translation>jede Antwort</translation>
    </message>
    <message>
        <source>client (worker)</source>
        <translation>Client (Worker)</translation>
    </message>
    <message>
        <source>server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation>Beantwortet von</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Min (ms)</source>
        <translation>Min (ms)</translation>
    </message>
    <message>
        <source>Mean (ms)</source>
        <translation>Mittel (ms)</translation>
    </message>
    <message>
        <source>p50 (ms)</source>
        <translation>p50 (ms)</translation>
    </message>
    <message>
        <source>p90 (ms)</source>
        <translation>p90 (ms)</translation>
    </message>
    <message>
        <source>p99 (ms)</source>
        <translation>p99 (ms)</translation>
    </message>
    <message>
        <source>Max (ms)</source>
        <translation>Max (ms)</translation>
    </message>
</context>
<context>
    <name>zmqscope::SequenceDock</name>
    <message>
        <source>Sequence Diagram</source>
        <translation>Sequenzdiagramm</translation>
    </message>
    <message>
        <source>&amp;Time of day</source>
        <translation>&amp;Uhrzeit</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>Export the Sequence Diagram</source>
        <translation>Sequenzdiagramm exportieren</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png);;PDF (*.pdf)</source>
        <translation>SVG (*.svg);;PNG (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>%1 rows between %2 peers</source>
        <translation>%1 Zeilen zwischen %2 Gegenstellen</translation>
    </message>
    <message>
        <source>ZmqScope sequence diagram</source>
        <translation>ZmqScope-Sequenzdiagramm</translation>
    </message>
</context>
<context>
    <name>zmqscope::SequenceView</name>
    <message>
        <source>peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>Zeit (s)</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>No rows to draw: open a capture, or clear the filter.</source>
        <translation>Keine Zeilen zu zeichnen: öffnen Sie einen Mitschnitt oder leeren Sie den Filter.</translation>
    </message>
</context>
<context>
    <name>zmqscope::StatisticsPanes</name>
    <message>
        <source>&amp;Statistics</source>
        <translation>&amp;Statistik</translation>
    </message>
    <message>
        <source>&amp;Sequence Diagram</source>
        <translation>&amp;Sequenzdiagramm</translation>
    </message>
    <message>
        <source>&amp;I/O Graphs</source>
        <translation>&amp;E/A-Diagramme</translation>
    </message>
    <message>
        <source>&amp;Response Times</source>
        <translation>&amp;Antwortzeiten</translation>
    </message>
    <message>
        <source>conn %1 client to server</source>
        <translation>Verb. %1 Client zum Server</translation>
    </message>
    <message>
        <source>conn %1 server to client</source>
        <translation>Verb. %1 Server zum Client</translation>
    </message>
    <message>
        <source>&amp;Peer Graph</source>
        <translation>&amp;Gegenstellen-Graph</translation>
    </message>
    <message>
        <source>&amp;Conversations</source>
        <translation>&amp;Unterhaltungen</translation>
    </message>
    <message>
        <source>Protocol &amp;Hierarchy</source>
        <translation>Protokoll&amp;hierarchie</translation>
    </message>
    <message>
        <source>&amp;ZRE Groups and Members</source>
        <translation>&amp;ZRE-Gruppen und -Mitglieder</translation>
    </message>
    <message>
        <source>&amp;MDP Services and Workers</source>
        <translation>&amp;MDP-Dienste und -Worker</translation>
    </message>
</context>
<context>
    <name>zmqscope::SummaryDock</name>
    <message>
        <source>Capture Statistics</source>
        <translation>Mitschnitt-Statistik</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Protocol Hierarchy</source>
        <translation>Protokollhierarchie</translation>
    </message>
    <message>
        <source>ZRE Groups</source>
        <translation>ZRE-Gruppen</translation>
    </message>
    <message>
        <source>MDP Services</source>
        <translation>MDP-Dienste</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Start (s)</source>
        <translation>Beginn (s)</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Dauer (s)</translation>
    </message>
    <message>
        <source>Messages c2s</source>
        <translation>Nachrichten c2s</translation>
    </message>
    <message>
        <source>Messages s2c</source>
        <translation>Nachrichten s2c</translation>
    </message>
    <message>
        <source>Bytes c2s</source>
        <translation>Bytes c2s</translation>
    </message>
    <message>
        <source>Bytes s2c</source>
        <translation>Bytes s2c</translation>
    </message>
    <message>
        <source>Bytes/s c2s</source>
        <translation>Bytes/s c2s</translation>
    </message>
    <message>
        <source>Bytes/s s2c</source>
        <translation>Bytes/s s2c</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>% of events</source>
        <translation>% der Ereignisse</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Group / member</source>
        <translation>Gruppe / Mitglied</translation>
    </message>
    <message>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Shouts</source>
        <translation>Shouts</translation>
    </message>
    <message>
        <source>Whispers</source>
        <translation>Whispers</translation>
    </message>
    <message>
        <source>Service / worker</source>
        <translation>Dienst / Worker</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>worker on connection %1</source>
        <translation>Worker auf Verbindung %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>zmqscope::TapDialog</name>
    <message>
        <source>New Tap Relay</source>
        <translation>Neues Tap-Relay</translation>
    </message>
    <message>
        <source>Clients connect to the listen endpoint instead of the server; the relay forwards every byte both ways and records it. Works for tcp:// and ipc://, needs no privilege.</source>
        <translation>Clients verbinden sich mit dem Lausch-Endpunkt statt mit dem Server; das Relay leitet jedes Byte in beide Richtungen weiter und zeichnet es auf. Geht mit tcp:// und ipc://, ohne besondere Rechte.</translation>
    </message>
    <message>
        <source>tcp://host:port (port 0 picks a free port), tcp://[::1]:port or ipc:///path</source>
        <translation>tcp://host:port (Port 0 wählt einen freien Port), tcp://[::1]:port oder ipc:///pfad</translation>
    </message>
    <message>
        <source>Where the real server listens</source>
        <translation>Wo der echte Server lauscht</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>&amp;Lauschen auf:</translation>
    </message>
    <message>
        <source>&amp;Forward to:</source>
        <translation>&amp;Weiterleiten an:</translation>
    </message>
    <message>
        <source>Terminate &amp;CURVE (read messages in clear)</source>
        <translation>&amp;CURVE terminieren (Nachrichten im Klartext lesen)</translation>
    </message>
    <message>
        <source>40 characters of Z85</source>
        <translation>40 Zeichen Z85</translation>
    </message>
    <message>
        <source>Load &amp;Certificate…</source>
        <translation>&amp;Zertifikat laden…</translation>
    </message>
    <message>
        <source>empty: a fresh key pair</source>
        <translation>leer: ein neues Schlüsselpaar</translation>
    </message>
    <message>
        <source>The relay plays the server to the client with the server&apos;s own key pair, and a client to the server. Clients keep the server&apos;s public key.</source>
        <translation>Das Relay spielt gegenüber dem Client den Server, mit dessen eigenem Schlüsselpaar, und gegenüber dem Server einen Client. Clients behalten den öffentlichen Schlüssel des Servers.</translation>
    </message>
    <message>
        <source>Server &amp;secret key:</source>
        <translation>&amp;Geheimer Schlüssel des Servers:</translation>
    </message>
    <message>
        <source>Server public key:</source>
        <translation>Öffentlicher Schlüssel des Servers:</translation>
    </message>
    <message>
        <source>Relay&apos;s client secret &amp;key:</source>
        <translation>Geheimer Client-&amp;Schlüssel des Relays:</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Listen endpoint: %1</source>
        <translation>Lausch-Endpunkt: %1</translation>
    </message>
    <message>
        <source>Forward endpoint: %1</source>
        <translation>Ziel-Endpunkt: %1</translation>
    </message>
    <message>
        <source>Forward endpoint: a port is needed</source>
        <translation>Ziel-Endpunkt: ein Port wird gebraucht</translation>
    </message>
    <message>
        <source>The server&apos;s secret key must be 40 characters of Z85 (or load its certificate).</source>
        <translation>Der geheime Schlüssel des Servers muss aus 40 Z85-Zeichen bestehen (oder sein Zertifikat laden).</translation>
    </message>
    <message>
        <source>The relay&apos;s client secret key must be 40 characters of Z85, or empty.</source>
        <translation>Der geheime Client-Schlüssel des Relays muss aus 40 Z85-Zeichen bestehen oder leer sein.</translation>
    </message>
    <message>
        <source>Server Certificate</source>
        <translation>Server-Zertifikat</translation>
    </message>
    <message>
        <source>CURVE secret certificates (*_secret *.key_secret);;All files (*)</source>
        <translation>Geheime CURVE-Zertifikate (*_secret *.key_secret);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 holds no secret key (use the _secret file)</source>
        <translation>%1 enthält keinen geheimen Schlüssel (die _secret-Datei nehmen)</translation>
    </message>
</context>
</TS>
