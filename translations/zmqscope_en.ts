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
        <source>Start on the built-in demo.</source>
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
    <message numerus="yes">
        <source>Built-in sample: %n connection(s)</source>
        <translation>
            <numerusform>Built-in sample: %n connection</numerusform>
            <numerusform>Built-in sample: %n connections</numerusform>
        </translation>
    </message>
    <message>
        <source>About ZmqScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;ZmqScope %1&lt;/h3&gt;&lt;p&gt;An inspector and testbed for ZeroMQ&apos;s wire protocols.&lt;/p&gt;&lt;p&gt;Qt %2 · libzmq %3 · libsodium %4&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
