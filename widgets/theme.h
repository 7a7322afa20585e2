// Light and dark: the window follows the system's palette and style
// ("system"), or the settings ("view/theme") and --theme choose Fusion with
// a light or a dark palette, for desktops whose dark theme Qt does not pick
// up. Views that colour text read the palette (FollowDialog, the frame
// list's greeting rows); colour rules put dark text on their own light
// backgrounds, so they read under both.
#pragma once

#include <QString>

namespace zmqscope {

// "system", "light" or "dark"; anything else counts as "system". Call it
// after the QApplication exists; it can be called again to switch.
void applyTheme(const QString &theme);
QString currentTheme();

}   // namespace zmqscope
