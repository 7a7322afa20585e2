// Colour rules for the frame list, as Wireshark's coloring rules: an
// ordered list of (name, display-filter expression, colour); the first
// enabled rule whose expression matches an event colours its row. Kept in
// the settings ("view/colourRules"); the defaults mark findings by
// severity, handshakes, heartbeats and subscriptions. Colours are "#rrggbb"
// text here: the core has no GUI types; the widgets turn them into brushes.
#pragma once

#include <QList>
#include <QString>

namespace zmqscope {

struct ColourRule {
    QString name;
    QString expression;   // codec/filter.h
    QString colour;       // "#rrggbb", the row's background
    bool enabled = true;

    bool operator==(const ColourRule &) const = default;
};

QList<ColourRule> defaultColourRules();
// The saved rules, or the defaults when none were saved.
QList<ColourRule> loadColourRules();
void saveColourRules(const QList<ColourRule> &rules);

}   // namespace zmqscope
