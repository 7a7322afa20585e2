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
        <source>Start on the built-in demo.</source>
        <translation>Mit der eingebauten Demo starten.</translation>
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
    <message numerus="yes">
        <source>%n frame(s) match</source>
        <translation>
            <numerusform>%n Zeile passt</numerusform>
            <numerusform>%n Zeilen passen</numerusform>
        </translation>
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
</context>
</TS>
