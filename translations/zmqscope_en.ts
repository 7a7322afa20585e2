<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>main</name>
    <message>
        <source>Inspector and testbed for ZeroMQ&apos;s wire protocols</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User-interface language (en, de).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pcap or pcapng file to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the window as a PNG once the capture is shown, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start on the live demo: libzmq peers inside the app, through tap relays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colours: system, light or dark (saved as the default in View &gt; Theme).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a scenario file&apos;s peers (ZDCF in ZPL or JSON), their traffic through taps into the capture shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open on one view of the capture: %1 (with --screenshot: that view&apos;s picture).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::BytesPane</name>
    <message>
        <source>Stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Decrypted (%n byte(s))</source>
        <translation>
            <numerusform>Decrypted (%n byte)</numerusform>
            <numerusform>Decrypted (%n bytes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zmqscope::CaptureSession</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cannot map the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n packet(s), %1 ZMTP connection(s)</source>
        <translation>
            <numerusform>%n packet, %1 ZMTP connection(s)</numerusform>
            <numerusform>%n packets, %1 ZMTP connection(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>; the file is damaged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Built-in sample: %n connection(s)</source>
        <translation>
            <numerusform>Built-in sample: %n connection</numerusform>
            <numerusform>Built-in sample: %n connections</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen endpoint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward endpoint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a port is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s secret key must be 40 characters of Z85.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay&apos;s client secret key must be 40 characters of Z85.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start the tap on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, filter %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: REQ/REP over PLAIN, PUB/SUB, DEALER/ROUTER over CURVE (terminating relay), a ZMTP 2.0 PUSH; libzmq %1 through four taps</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n live source(s) stopped</source>
        <translation>
            <numerusform>%n live source stopped</numerusform>
            <numerusform>%n live sources stopped</numerusform>
        </translation>
    </message>
    <message>
        <source>(not available: bytes not captured, or no key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the capture again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Objects: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid filter at column %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not hex bytes: %1 (write them as 01 ab ff or 01abff)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to find.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new capture began while searching.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>; %n packet(s) dated past 2116-02-20, shown at that time</source>
        <translation>
            <numerusform>; %n packet dated past 2116-02-20, shown at that time</numerusform>
            <numerusform>; %n packets dated past 2116-02-20, shown at that time</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zmqscope::ColourRules</name>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heartbeats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::ColourRulesDialog</name>
    <message>
        <source>Colour Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first enabled rule whose filter matches a frame colours its row. Filters use the filter bar&apos;s language.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore &amp;Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule %1: column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::ConformanceDock</name>
    <message>
        <source>Conformance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server under test (the suite connects)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client under test (the suite listens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers every message with its frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps publishing A… and B…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZMTP only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MDP broker (7/MDP, 8/MMI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PPP queue (6/PPP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone server (12/CLONE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CURVE server under test: its public key (Z85)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all; or groups such as 23/ 37/ping/ 24/</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>known deviations (resources/conformance/*.zpl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mechanism:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Socket type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;pplication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cases:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;Report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 cases: %3 passed, %4 failed, %5 non-strict</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Conformance: %n case(s) selected, through tap %1</source>
        <translation>
            <numerusform>Conformance: %n case selected, through tap %1</numerusform>
            <numerusform>Conformance: %n cases selected, through tap %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Conformance: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conformance report written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Conformance Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML grid (*.html);;JUnit XML (*.xml);;JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILEMQ server (35/FILEMQ)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::ConformanceModel</name>
    <message>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Observed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::ConformanceSession</name>
    <message>
        <source>A conformance run is already going on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The suite speaks TCP: give tcp://HOST:PORT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CURVE server under test needs its public key (40 Z85 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the profile %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No free loopback port for the suite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open a tap on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the client under test this server key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::ConnectionsModel</name>
    <message>
        <source>Conn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZMTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mechanism</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Socket types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages c2s / s2c</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes c2s / s2c</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each side&apos;s routing identity as it announced it (&quot;&quot; is an empty one; (none) where a side announced none). Bytes that are not printable are written \xNN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click for a graph of this connection&apos;s throughput, each direction on its own</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::DecodeAsMenu</name>
    <message>
        <source>Decode As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every Connection on Port %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect from the Content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Application Protocol</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::DissectionModel</name>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::FollowDialog</name>
    <message>
        <source>Follow Connection — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hex dump</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; only the first %1 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>message, %n frame(s)</source>
        <translation>
            <numerusform>message, %n frame</numerusform>
            <numerusform>message, %n frames</numerusform>
        </translation>
    </message>
    <message>
        <source>command %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (bytes missing from the capture)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This connection has no messages or commands yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client → server: %1, %2 bytes; server → client: %3, %4 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the connection from the capture…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::FrameCommands</name>
    <message>
        <source>Seconds Since the &amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds Since the &amp;Previous Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time of Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date and Time of Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds Since 1970 (&amp;Unix Time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text: in a row&apos;s summary or bytes, any case. Hex bytes: 01 ab ff. Display filter: as the filter bar takes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what to find (Enter: next, Shift+Enter: previous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the find bar (Escape)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to Row…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row number (the No. column, 1 to %1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mark or Unmark Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Mar&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous M&amp;ark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unmark All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time &amp;Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no row %1 (rows 1 to %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No row is marked (Edit &gt; Mark, Ctrl+M).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found in row %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Un&amp;mark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter on Connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Only Connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ollow Connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter on &amp;Kind %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rows as Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bytes as Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replay Selected Messages…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply as Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prepare as Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Not Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…&amp;and Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…&amp;or Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field &amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As &amp;Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expand Subtrees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;llapse All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to Its Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy the Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found among the rows shown (%1 matches the filters hide were passed over).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::FrameListModel</name>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZMTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mechanism</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Derived: read from bytes a row above already showed (no bytes of its own).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ZMTP greeting: signature, version and mechanism, before any frame.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decrypted with a CURVE session key: the Decrypted tab shows the plaintext.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::InterfaceDialog</name>
    <message>
        <source>Interface Capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (loopback)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A BPF capture filter, as for tcpdump: tcp port 5555, host 10.0.0.7 and tcp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This process may capture (root or CAP_NET_RAW).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Interface:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::IoGraphDock</name>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SUM(field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MIN(field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAX(field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AVG(field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COUNT(field)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I/O Graphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving average:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n interval(s)</source>
        <translation>
            <numerusform>%n interval</numerusform>
            <numerusform>%n intervals</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow &amp;Newest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the whole capture and follow new intervals again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Style</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field (SUM, MIN, MAX, AVG, COUNT)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time since the first event (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZmqScope I/O graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a name ending in .png, .pdf, .svg or .csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the I/O Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG (*.png);;PDF (*.pdf);;SVG (*.svg);;CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>10 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impulse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag or wheel to move and zoom in time; a click selects the first event of that interval</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::MainWindow</name>
    <message>
        <source>ZmqScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ZmqScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ZmqScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;ZmqScope %1&lt;/h3&gt;&lt;p&gt;An inspector and testbed for ZeroMQ&apos;s wire protocols.&lt;/p&gt;&lt;p&gt;Qt %2 · libzmq %3 · libsodium %4&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dissection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Capture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the &amp;Built-in Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Captures (*.pcap *.pcapng *.cap);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;All Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter, e.g. zmtp.command == &quot;READY&quot; &amp;&amp; conn == 1   (Enter to apply)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid filter at column %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) to %1</source>
        <translation>
            <numerusform>Exported %n event to %1</numerusform>
            <numerusform>Exported %n events to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent captures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear the List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Follow Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n packet(s) to %1</source>
        <translation>
            <numerusform>Exported %n packet to %1</numerusform>
            <numerusform>Exported %n packets to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;Text (*.txt);;pcapng (*.pcapng)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Tap Relay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Interface Capture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the Live &amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the live demo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capturing on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap relay %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>● Live: %n source(s)</source>
        <translation>
            <numerusform>● Live: %n source</numerusform>
            <numerusform>● Live: %n sources</numerusform>
        </translation>
    </message>
    <message>
        <source> · auto-scroll paused (scroll to the end to resume)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the Rows &amp;Shown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only JSON Lines and text can hold just the rows shown; pcapng holds whole packets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rows are shown: nothing to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exporting %n row(s) to %1…</source>
        <translation>
            <numerusform>Exporting %n row to %1…</numerusform>
            <numerusform>Exporting %n rows to %1…</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the Rows Shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;Text (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Colour Rules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Objects…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Objects to a Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n object(s) to %1</source>
        <translation>
            <numerusform>Exported %n object to %1</numerusform>
            <numerusform>Exported %n objects to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>; not whole: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode As applies to the connections that start from now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Scenario…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replay Selected Messages…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Only This Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter on This Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Its Endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 shown of %n row(s)</source>
        <translation>
            <numerusform>%1 shown of %n row</numerusform>
            <numerusform>%1 shown of %n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n frame(s) on the wire; the other rows are derived from them)</source>
        <translation>
            <numerusform> (%n frame on the wire; the other rows are derived from it)</numerusform>
            <numerusform> (%n frames on the wire; the other rows are derived from them)</numerusform>
        </translation>
    </message>
    <message>
        <source>display filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>selected connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>selected peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · hidden by: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the selected peer&apos;s connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows of other connections are hidden. Click to show every connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1 was hidden: the filters that hid it are cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conformance Test…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Throughput Graph</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::NewPeerDialog</name>
    <message>
        <source>New Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>   (one per line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::PeerGraphDock</name>
    <message>
        <source>Peer Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a peer or a connection to show only its rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the Peer Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 peers, %2 links, %3 connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZmqScope peer graph</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::PeerGraphView</name>
    <message>
        <source>No connections yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s · %2/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (+%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::PeerSession</name>
    <message>
        <source>There is no role %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot put a tap in front of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::PeersDock</name>
    <message>
        <source>Peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Peer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a peer to read its log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Scenario…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop &amp;All Peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2:%3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: %2, %n peer(s) and device(s)</source>
        <translation>
            <numerusform>%1: %2, %n peer or device</numerusform>
            <numerusform>%1: %2, %n peers and devices</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios (*.zpl *.json *.cfg);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select one or more messages (whole ones) to replay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::PeersModel</name>
    <message>
        <source>Peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::PictureFile</name>
    <message>
        <source>Choose a name ending in .%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::ResponseTimesDock</name>
    <message>
        <source>Response Times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole capture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a row to select its slowest reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response time (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Response Times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies matched: %1; p50 %2 ms, p99 %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reply matched to a request yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::ResponseTimesModel</name>
    <message>
        <source>connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client (worker)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p90 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p99 (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max (ms)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::SequenceDock</name>
    <message>
        <source>Sequence Diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Time of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the Sequence Diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png);;PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows between %2 peers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZmqScope sequence diagram</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::SequenceView</name>
    <message>
        <source>peer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rows to draw: open a capture, or clear the filter.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::StatisticsPanes</name>
    <message>
        <source>&amp;Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sequence Diagram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;I/O Graphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Response Times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conn %1 client to server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conn %1 server to client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Peer Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol &amp;Hierarchy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;ZRE Groups and Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;MDP Services and Workers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::SummaryDock</name>
    <message>
        <source>Capture Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol Hierarchy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZRE Groups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MDP Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages c2s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages s2c</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes c2s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes s2c</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes/s c2s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes/s s2c</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group / member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whispers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service / worker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>worker on connection %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>zmqscope::TapDialog</name>
    <message>
        <source>New Tap Relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clients connect to the listen endpoint instead of the server; the relay forwards every byte both ways and records it. Works for tcp:// and ipc://, needs no privilege.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tcp://host:port (port 0 picks a free port), tcp://[::1]:port or ipc:///path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the real server listens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forward to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminate &amp;CURVE (read messages in clear)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>40 characters of Z85</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load &amp;Certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: a fresh key pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay plays the server to the client with the server&apos;s own key pair, and a client to the server. Clients keep the server&apos;s public key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;secret key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server public key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay&apos;s client secret &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen endpoint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward endpoint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward endpoint: a port is needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s secret key must be 40 characters of Z85 (or load its certificate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The relay&apos;s client secret key must be 40 characters of Z85, or empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CURVE secret certificates (*_secret *.key_secret);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no secret key (use the _secret file)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
