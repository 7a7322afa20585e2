// QCustomPlot in the window's colours: background, axes, tick labels and
// a dotted grid from the palette (light or dark). GUI thread.
#pragma once

class QCustomPlot;
class QPalette;

namespace zmqscope {

void applyPlotPalette(QCustomPlot &plot, const QPalette &palette);

}   // namespace zmqscope
