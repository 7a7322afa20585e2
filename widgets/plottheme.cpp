#include "plottheme.h"

#include <qcustomplot.h>

namespace zmqscope {

void applyPlotPalette(QCustomPlot &plot, const QPalette &p)
{
    plot.setBackground(p.base());
    plot.legend->setBrush(p.base());
    plot.legend->setTextColor(p.text().color());
    plot.legend->setBorderPen(QPen(p.mid().color()));
    for (QCPAxis *axis : {plot.xAxis, plot.yAxis, plot.xAxis2, plot.yAxis2}) {
        axis->setBasePen(QPen(p.text().color()));
        axis->setTickPen(QPen(p.text().color()));
        axis->setSubTickPen(QPen(p.text().color()));
        axis->setTickLabelColor(p.text().color());
        axis->setLabelColor(p.text().color());
        axis->grid()->setPen(QPen(p.mid().color(), 0, Qt::DotLine));
    }
}

}   // namespace zmqscope
