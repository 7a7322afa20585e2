#include "colourrules.h"

#include <QCoreApplication>
#include <QSettings>
#include <QVariantMap>

namespace zmqscope {

QList<ColourRule> defaultColourRules()
{
    return {
        {QCoreApplication::translate("zmqscope::ColourRules", "Errors"), QStringLiteral("zmtp.finding.severity == \"error\""), QStringLiteral("#f4b4b4"), true},
        {QCoreApplication::translate("zmqscope::ColourRules", "Warnings"), QStringLiteral("zmtp.finding.severity == \"warn\""), QStringLiteral("#f7dc9c"), true},
        {QCoreApplication::translate("zmqscope::ColourRules", "Handshake"),
         QStringLiteral("zmtp.command == \"READY\" || zmtp.command == \"HELLO\" || zmtp.command == \"WELCOME\" || "
                        "zmtp.command == \"INITIATE\" || zmtp.command == \"ERROR\""),
         QStringLiteral("#cfe0f7"), true},
        {QCoreApplication::translate("zmqscope::ColourRules", "Heartbeats"), QStringLiteral("zmtp.command == \"PING\" || zmtp.command == \"PONG\""),
         QStringLiteral("#e4e4e4"), true},
        {QCoreApplication::translate("zmqscope::ColourRules", "Subscriptions"), QStringLiteral("kind == \"subscription\""), QStringLiteral("#d5ecd0"), true},
    };
}

QList<ColourRule> loadColourRules()
{
    QSettings settings;
    if (!settings.contains(QStringLiteral("view/colourRules")))
        return defaultColourRules();
    QList<ColourRule> rules;
    for (const QVariant &v : settings.value(QStringLiteral("view/colourRules")).toList()) {
        const QVariantMap m = v.toMap();
        rules.push_back({m.value(QStringLiteral("name")).toString(), m.value(QStringLiteral("expression")).toString(),
                         m.value(QStringLiteral("colour")).toString(), m.value(QStringLiteral("enabled"), true).toBool()});
    }
    return rules;
}

void saveColourRules(const QList<ColourRule> &rules)
{
    QVariantList list;
    for (const ColourRule &r : rules)
        list.push_back(QVariantMap{{QStringLiteral("name"), r.name},
                                   {QStringLiteral("expression"), r.expression},
                                   {QStringLiteral("colour"), r.colour},
                                   {QStringLiteral("enabled"), r.enabled}});
    QSettings().setValue(QStringLiteral("view/colourRules"), list);
}

}   // namespace zmqscope
