// A field of /proc/self/status in KiB ("VmRSS:", "VmHWM:", "RssAnon:"...),
// or -1: the memory figures the benchmarks report.
#pragma once

#include <QByteArray>
#include <QFile>

#include <cstring>

namespace zmqscope::bench {

inline long statusKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(std::strlen(field))).trimmed().split(' ').front().toLong();
    return -1;
}

}   // namespace zmqscope::bench
