#include "iographdock.h"

#include "plottheme.h"
#include "snapshotpacer.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace zmqscope {

namespace {
enum Column { On, Name, Filter, Colour, StyleColumn, Y, FieldColumn, Columns };

const QList<QColor> &graphColours()
{
    // Distinct on light and dark bases alike.
    static const QList<QColor> colours{QColor(0x1f77b4), QColor(0xd62728), QColor(0x2ca02c), QColor(0xff7f0e),
                                       QColor(0x9467bd), QColor(0x17becf), QColor(0x8c564b), QColor(0xe377c2)};
    return colours;
}

struct IntervalChoice {
    qint64 ns;
    const char *label;
};
constexpr IntervalChoice kIntervals[] = {
    {1000000LL, QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "1 ms")},        {10000000LL, QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "10 ms")},
    {100000000LL, QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "100 ms")},    {1000000000LL, QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "1 s")},
    {10000000000LL, QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "10 s")},    {60000000000LL, QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "1 min")},
    {600000000000LL, QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "10 min")},
};

const char *styleName(IoGraphDock::Style s)
{
    switch (s) {
    case IoGraphDock::Style::Line: return QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "Line");
    case IoGraphDock::Style::Step: return QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "Step");
    case IoGraphDock::Style::Impulse: return QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "Impulse");
    case IoGraphDock::Style::Dots: return QT_TRANSLATE_NOOP("zmqscope::IoGraphDock", "Dots");
    }
    return "";
}

constexpr capture::IoMetric kMetrics[] = {capture::IoMetric::Events, capture::IoMetric::Messages, capture::IoMetric::Bytes,
                                          capture::IoMetric::Bits,   capture::IoMetric::Sum,      capture::IoMetric::Min,
                                          capture::IoMetric::Max,    capture::IoMetric::Avg,      capture::IoMetric::Count};

QString metricLabel(capture::IoMetric m)
{
    switch (m) {
    case capture::IoMetric::Events: return IoGraphDock::tr("Events");
    case capture::IoMetric::Messages: return IoGraphDock::tr("Messages");
    case capture::IoMetric::Bytes: return IoGraphDock::tr("Bytes");
    case capture::IoMetric::Bits: return IoGraphDock::tr("Bits");
    case capture::IoMetric::Sum: return IoGraphDock::tr("SUM(field)");
    case capture::IoMetric::Min: return IoGraphDock::tr("MIN(field)");
    case capture::IoMetric::Max: return IoGraphDock::tr("MAX(field)");
    case capture::IoMetric::Avg: return IoGraphDock::tr("AVG(field)");
    case capture::IoMetric::Count: return IoGraphDock::tr("COUNT(field)");
    }
    return {};
}
}   // namespace

IoGraphDock::IoGraphDock(CaptureSession *session, QWidget *parent)
    : QDockWidget(tr("I/O Graphs"), parent), m_session(session)
{
    setObjectName(QStringLiteral("ioGraphDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);

    m_plot = new QCustomPlot(body);
    m_plot->setObjectName(QStringLiteral("ioPlot"));
    m_plot->setMinimumHeight(180);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->legend->setVisible(true);
    m_plot->xAxis->setLabel(tr("Time (s)"));
    layout->addWidget(m_plot, 1);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Interval:"), body));
    m_interval = new QComboBox(body);
    m_interval->setObjectName(QStringLiteral("ioInterval"));
    // Automatic: the longest interval that still gives the capture a hundred.
    m_interval->addItem(tr("auto"), qint64(0));
    for (const IntervalChoice &c : kIntervals)
        m_interval->addItem(tr(c.label), c.ns);
    m_interval->setCurrentIndex(0);
    controls->addWidget(m_interval);
    controls->addWidget(new QLabel(tr("Moving average:"), body));
    m_average = new QComboBox(body);
    m_average->setObjectName(QStringLiteral("ioAverage"));
    m_average->addItem(tr("none"), 0);
    for (int n : {5, 10, 20, 50, 100})
        m_average->addItem(tr("%n interval(s)", nullptr, n), n);
    controls->addWidget(m_average);
    m_log = new QCheckBox(tr("&Log scale"), body);
    m_log->setObjectName(QStringLiteral("ioLog"));
    controls->addWidget(m_log);
    m_timeOfDay = new QCheckBox(tr("&Time of day"), body);
    m_timeOfDay->setObjectName(QStringLiteral("ioTimeOfDay"));
    controls->addWidget(m_timeOfDay);
    controls->addStretch(1);
    auto *add = new QPushButton(tr("&Add Graph"), body);
    auto *remove = new QPushButton(tr("&Remove"), body);
    auto *reset = new QPushButton(tr("Follow &Newest"), body);
    reset->setToolTip(tr("Fit the whole capture and follow new intervals again"));
    auto *save = new QPushButton(tr("&Export…"), body);
    for (QPushButton *b : {add, remove, reset, save})
        controls->addWidget(b);
    layout->addLayout(controls);

    m_table = new QTableWidget(0, Columns, body);
    m_table->setObjectName(QStringLiteral("ioGraphs"));
    m_table->setHorizontalHeaderLabels({tr("On"), tr("Name"), tr("Display filter"), tr("Colour"), tr("Style"), tr("Y"),
                                        tr("Field (SUM, MIN, MAX, AVG, COUNT)")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(Filter, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setMaximumHeight(fontMetrics().height() * 8);
    layout->addWidget(m_table);
    m_note = new QLabel(body);
    m_note->setObjectName(QStringLiteral("ioNote"));
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    setWidget(body);

    connect(add, &QPushButton::clicked, this, [this] {
        Graph g;
        g.name = tr("Graph %1").arg(m_table->rowCount() + 1);
        addRow(g);
        changed();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0) {
            m_table->removeRow(row);
            changed();
        }
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_userMoved = false;
        redraw();
    });
    connect(save, &QPushButton::clicked, this, &IoGraphDock::exportDialog);
    connect(m_interval, &QComboBox::currentIndexChanged, this, &IoGraphDock::changed);
    connect(m_average, &QComboBox::currentIndexChanged, this, &IoGraphDock::redraw);
    connect(m_log, &QCheckBox::toggled, this, &IoGraphDock::redraw);
    connect(m_timeOfDay, &QCheckBox::toggled, this, &IoGraphDock::redraw);
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            changed();
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        if (column != Colour)
            return;
        QTableWidgetItem *item = m_table->item(row, Colour);
        const QColor c = QColorDialog::getColor(item->background().color(), this, tr("Graph Colour"));
        if (c.isValid())
            item->setBackground(c);   // (itemChanged asks again)
    });
    // The user moves the view: stop following the newest interval.
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userMoved = true; });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *e) {
        if (e->buttons() & Qt::LeftButton)
            m_userMoved = true;
    });
    // A click (pressed and released in place, not a drag) picks the
    // interval's first event.
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *e) { m_pressedAt = e->position(); });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *e) {
        if ((e->position() - m_pressedAt).manhattanLength() > 3)
            return;
        const qint64 event = eventAtKey(m_plot->xAxis->pixelToCoord(e->position().x()));
        if (event >= 0)
            Q_EMIT eventChosen(quint32(event));
    });
    m_plot->setToolTip(tr("Drag or wheel to move and zoom in time; a click selects the first event of that interval"));
    connect(m_session, &CaptureSession::ioGraphsReady, this, &IoGraphDock::received);

    // Redraws come from the dirty flag, a few times a second, only while shown.
    m_pacer = new SnapshotPacer(this, 250, [this](quint64 request) { send(request); });

    // Two graphs to begin with: every event, and the messages' bytes.
    Graph all;
    all.name = tr("All events");
    Graph bytes;
    bytes.name = tr("Message bytes");
    bytes.filter = QStringLiteral("kind == \"message\"");
    bytes.metric = capture::IoMetric::Bytes;
    bytes.enabled = false;
    setGraphs({all, bytes});
    applyPalette();
}

void IoGraphDock::addRow(const Graph &g)
{
    const bool filling = m_filling;
    m_filling = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *on = new QTableWidgetItem;
    on->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    on->setCheckState(g.enabled ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, On, on);
    m_table->setItem(row, Name, new QTableWidgetItem(g.name));
    m_table->setItem(row, Filter, new QTableWidgetItem(g.filter));
    auto *colour = new QTableWidgetItem;
    colour->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    colour->setBackground(g.colour.isValid() ? g.colour : graphColours().at(row % graphColours().size()));
    colour->setToolTip(tr("Double-click to choose"));
    m_table->setItem(row, Colour, colour);
    auto *style = new QComboBox(m_table);
    for (Style s : {Style::Line, Style::Step, Style::Impulse, Style::Dots})
        style->addItem(tr(styleName(s)), int(s));
    style->setCurrentIndex(int(g.style));
    m_table->setCellWidget(row, StyleColumn, style);
    connect(style, &QComboBox::currentIndexChanged, this, &IoGraphDock::redraw);
    auto *y = new QComboBox(m_table);
    for (capture::IoMetric m : kMetrics)
        y->addItem(metricLabel(m), int(m));
    y->setCurrentIndex(y->findData(int(g.metric)));
    m_table->setCellWidget(row, Y, y);
    connect(y, &QComboBox::currentIndexChanged, this, &IoGraphDock::changed);
    m_table->setItem(row, FieldColumn, new QTableWidgetItem(g.field));
    m_filling = filling;
}

QVector<IoGraphDock::Graph> IoGraphDock::graphs() const
{
    QVector<Graph> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        Graph g;
        g.enabled = m_table->item(row, On)->checkState() == Qt::Checked;
        g.name = m_table->item(row, Name)->text();
        g.filter = m_table->item(row, Filter)->text().trimmed();
        g.colour = m_table->item(row, Colour)->background().color();
        g.style = Style(qobject_cast<QComboBox *>(m_table->cellWidget(row, StyleColumn))->currentData().toInt());
        g.metric = capture::IoMetric(qobject_cast<QComboBox *>(m_table->cellWidget(row, Y))->currentData().toInt());
        g.field = m_table->item(row, FieldColumn)->text().trimmed();
        out.push_back(g);
    }
    return out;
}

void IoGraphDock::setGraphs(const QVector<Graph> &graphs)
{
    m_filling = true;
    m_table->setRowCount(0);
    for (const Graph &g : graphs)
        addRow(g);
    m_filling = false;
    changed();
}

void IoGraphDock::setIntervalNs(qint64 ns)
{
    const int i = m_interval->findData(ns);
    if (i >= 0)
        m_interval->setCurrentIndex(i);
}

qint64 IoGraphDock::intervalNs() const
{
    const qint64 chosen = m_interval->currentData().toLongLong();
    return chosen ? chosen : m_autoInterval;
}

QString IoGraphDock::intervalText() const
{
    for (const IntervalChoice &c : kIntervals)
        if (c.ns == intervalNs())
            return tr(c.label);
    return {};
}

void IoGraphDock::setMovingAverage(int intervals)
{
    const int i = m_average->findData(intervals);
    m_average->setCurrentIndex(i >= 0 ? i : 0);
}

void IoGraphDock::setLogScale(bool on)
{
    m_log->setChecked(on);
}

void IoGraphDock::setTimeOfDay(bool on)
{
    m_timeOfDay->setChecked(on);
}

void IoGraphDock::changed()
{
    m_userMoved = false;
    markDirty();
}

void IoGraphDock::markDirty()
{
    m_pacer->markDirty();
}

void IoGraphDock::clear()
{
    m_series.clear();
    m_drawnGraphs.clear();
    m_userMoved = false;
    m_pacer->markDirty();
    redraw();
}

void IoGraphDock::refresh()
{
    m_pacer->ask();
}

void IoGraphDock::send(quint64 request)
{
    QVector<capture::IoGraphSpec> specs;
    m_drawnGraphs.clear();
    for (const Graph &g : graphs()) {
        if (!g.enabled)
            continue;
        capture::IoGraphSpec s;
        s.filter = g.filter.toStdString();
        s.metric = g.metric;
        s.field = g.field.toStdString();
        s.intervalNs = intervalNs();
        specs.push_back(std::move(s));
        m_drawnGraphs.push_back(g);
    }
    QMetaObject::invokeMethod(m_session, [s = m_session, request, specs] { s->requestIoGraphs(request, specs); },
                              Qt::QueuedConnection);
}

void IoGraphDock::received(quint64 request, const QVector<capture::IoSeries> &series)
{
    if (!m_pacer->accept(request))
        return;
    // Automatic interval: the capture's span decides (and once it changes, ask again).
    if (m_interval->currentData().toLongLong() == 0 && !series.isEmpty()) {
        qint64 span = 0;
        for (const capture::IoSeries &s : series)
            span = qMax(span, qint64(s.values.size()) * s.intervalNs);
        qint64 best = kIntervals[0].ns;
        for (const IntervalChoice &c : kIntervals)
            if (span / c.ns >= 100)
                best = c.ns;
        if (best != m_autoInterval) {
            m_autoInterval = best;
            m_userMoved = false;
            refresh();
            return;
        }
    }
    m_series = series;
    redraw();
    Q_EMIT updated();
}

QVector<double> IoGraphDock::drawnKeys(int i) const
{
    QVector<double> keys;
    if (i < 0 || i >= m_series.size())
        return keys;
    const capture::IoSeries &s = m_series[i];
    const double step = double(s.intervalNs) / 1e9;
    const double origin = m_timeOfDay->isChecked() ? double(s.originNs) / 1e9 : 0.0;
    keys.reserve(int(s.values.size()));
    for (std::size_t k = 0; k < s.values.size(); ++k)
        keys.push_back(origin + step * double(k));
    return keys;
}

QVector<double> IoGraphDock::drawnValues(int i) const
{
    QVector<double> values;
    if (i < 0 || i >= m_series.size())
        return values;
    const std::vector<double> &v = m_series[i].values;
    const int window = m_average->currentData().toInt();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    values.reserve(int(v.size()));
    double sum = 0;
    int n = 0;
    for (std::size_t k = 0; k < v.size(); ++k) {
        double out = v[k];
        if (window > 1) {
            // The mean of the last `window` intervals that have a value.
            if (!std::isnan(v[k]))
                sum += v[k], ++n;
            if (k >= std::size_t(window) && !std::isnan(v[k - window]))
                sum -= v[k - window], --n;
            out = n ? sum / n : nan;
        }
        if (m_log->isChecked() && !(out > 0))
            out = nan;   // (nothing to draw on a log axis)
        values.push_back(out);
    }
    return values;
}

qint64 IoGraphDock::eventAtKey(double key) const
{
    for (int i = 0; i < m_series.size(); ++i) {
        const capture::IoSeries &s = m_series[i];
        const double origin = m_timeOfDay->isChecked() ? double(s.originNs) / 1e9 : 0.0;
        const double at = (key - origin) / (double(s.intervalNs) / 1e9);
        if (at < 0 || at >= double(s.firstEvent.size()))
            continue;
        const std::uint32_t e = s.firstEvent[std::size_t(at)];
        if (e != capture::IoSeries::kNone)
            return e;
    }
    return -1;
}

void IoGraphDock::redraw()
{
    m_plot->clearGraphs();
    QStringList notes;
    QString yLabel;
    for (int i = 0; i < m_series.size() && i < m_drawnGraphs.size(); ++i) {
        const Graph &g = m_drawnGraphs[i];
        const capture::IoSeries &s = m_series[i];
        if (!s.error.empty())
            notes << tr("%1: %2").arg(g.name, QString::fromStdString(s.error));
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(g.name);
        QPen pen(g.colour);
        pen.setWidthF(1.5);
        graph->setPen(pen);
        switch (g.style) {
        case Style::Line:
            graph->setLineStyle(QCPGraph::lsLine);
            break;
        case Style::Step:
            graph->setLineStyle(QCPGraph::lsStepLeft);
            break;
        case Style::Impulse:
            graph->setLineStyle(QCPGraph::lsImpulse);
            break;
        case Style::Dots:
            graph->setLineStyle(QCPGraph::lsNone);
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, g.colour, 4));
            break;
        }
        graph->setData(drawnKeys(i), drawnValues(i), true);
        // A few intervals: each also as a dot (one interval is no line at all).
        if (g.style != Style::Dots && s.values.size() < 64)
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, g.colour, 5));
        const QString label = metricLabel(g.metric);
        yLabel = yLabel.isEmpty() || yLabel == label ? label : tr("Value");
    }
    m_note->setText(notes.join(QLatin1Char('\n')));
    m_note->setVisible(!notes.isEmpty());
    m_plot->yAxis->setLabel(yLabel.isEmpty() ? QString() : tr("%1 per %2").arg(yLabel, intervalText()));
    if (m_timeOfDay->isChecked()) {
        auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
        ticker->setDateTimeFormat(QStringLiteral("hh:mm:ss.zzz"));
        m_plot->xAxis->setTicker(ticker);
        m_plot->xAxis->setLabel(tr("Time of day"));
    }
    else {
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        m_plot->xAxis->setLabel(tr("Time since the first event (s)"));
    }
    if (m_log->isChecked()) {
        m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    }
    else {
        m_plot->yAxis->setScaleType(QCPAxis::stLinear);
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    // Y always fits; X fits the whole capture unless the user moved it.
    bool found = false;
    QCPRange x, y;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        bool ok = false;
        const QCPRange kr = m_plot->graph(i)->getKeyRange(ok);
        if (ok)
            x = found ? QCPRange(qMin(x.lower, kr.lower), qMax(x.upper, kr.upper)) : kr;
        bool okv = false;
        const QCPRange vr = m_plot->graph(i)->getValueRange(okv, QCP::sdBoth, QCPRange());
        if (okv)
            y = found ? QCPRange(qMin(y.lower, vr.lower), qMax(y.upper, vr.upper)) : vr;
        found = found || ok;
    }
    if (found) {
        if (!m_userMoved) {
            const double pad = m_series.isEmpty() ? 1 : double(m_series.front().intervalNs) / 1e9;
            m_plot->xAxis->setRange(x.lower, x.upper + pad);
        }
        if (m_log->isChecked())
            m_plot->yAxis->setRange(qMax(y.lower / 2, 1e-9), qMax(y.upper * 2, 1.0));
        else
            m_plot->yAxis->setRange(qMin(0.0, y.lower), y.upper > 0 ? y.upper * 1.1 : 1.0);
    }
    applyPalette();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void IoGraphDock::applyPalette()
{
    applyPlotPalette(*m_plot, palette());
}

bool IoGraphDock::exportTo(const QString &path, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int w = qMax(m_plot->width(), 800), h = qMax(m_plot->height(), 400);
    bool ok = false;
    if (suffix == QLatin1String("png"))
        ok = m_plot->savePng(path, w, h);
    else if (suffix == QLatin1String("pdf"))
        ok = m_plot->savePdf(path, w, h);
    else if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle(tr("ZmqScope I/O graph"));
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            m_plot->toPainter(&painter, w, h);
            ok = painter.end();
        }
    }
    else if (suffix == QLatin1String("csv")) {
        QSaveFile file(path);
        if (file.open(QIODevice::WriteOnly | QIODevice::Text)) {
            QTextStream out(&file);
            out << "time_s";
            for (const Graph &g : m_drawnGraphs)
                out << ",\"" << QString(g.name).replace(QLatin1Char('"'), QStringLiteral("\"\"")) << '"';
            out << '\n';
            std::size_t rows = 0;
            for (const capture::IoSeries &s : m_series)
                rows = qMax(rows, s.values.size());
            QVector<QVector<double>> values;
            for (int i = 0; i < m_series.size(); ++i)
                values.push_back(drawnValues(i));
            const QVector<double> keys = drawnKeys(0);
            for (std::size_t r = 0; r < rows; ++r) {
                out << QString::number(r < std::size_t(keys.size()) ? keys[int(r)] : 0.0, 'f', 6);
                for (const QVector<double> &v : values) {
                    out << ',';
                    if (r < std::size_t(v.size()) && !std::isnan(v[int(r)]))
                        out << QString::number(v[int(r)], 'g', 12);
                }
                out << '\n';
            }
            out.flush();
            ok = file.commit();
        }
    }
    else {
        if (error)
            *error = tr("Choose a name ending in .png, .pdf, .svg or .csv");
        return false;
    }
    if (!ok && error)
        *error = tr("Cannot write %1").arg(path);
    return ok;
}

void IoGraphDock::exportDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the I/O Graph"), QString(),
                                                      tr("PNG (*.png);;PDF (*.pdf);;SVG (*.svg);;CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export"), error);
}

}   // namespace zmqscope
