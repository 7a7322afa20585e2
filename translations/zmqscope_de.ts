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
    <message numerus="yes">
        <source>Built-in sample: %n connection(s)</source>
        <translation>
            <numerusform>Eingebautes Beispiel: %n Verbindung</numerusform>
            <numerusform>Eingebautes Beispiel: %n Verbindungen</numerusform>
        </translation>
    </message>
    <message>
        <source>About ZmqScope</source>
        <translation>Über ZmqScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ZmqScope %1&lt;/h3&gt;&lt;p&gt;An inspector and testbed for ZeroMQ&apos;s wire protocols.&lt;/p&gt;&lt;p&gt;Qt %2 · libzmq %3 · libsodium %4&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ZmqScope %1&lt;/h3&gt;&lt;p&gt;Ein Analysewerkzeug und Prüfstand für die Wire-Protokolle von ZeroMQ.&lt;/p&gt;&lt;p&gt;Qt %2 · libzmq %3 · libsodium %4&lt;/p&gt;</translation>
    </message>
</context>
</TS>
