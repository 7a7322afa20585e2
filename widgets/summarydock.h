// Statistics > Conversations, Protocol Hierarchy, ZRE Groups and MDP
// Services: one dock with a tab for each, filled from a CaptureSummary the
// capture thread computes (CaptureSession::requestSummary) and refreshed
// from a dirty flag on a timer while shown. Each tab copies as
// tab-separated text and exports CSV. Double-clicking a conversation shows
// only its rows. GUI thread.
#pragma once

#include "capturesession.h"

#include <QDockWidget>

class QStandardItemModel;
class QTabWidget;
class QTreeView;

namespace zmqscope {

class SnapshotPacer;

class SummaryDock : public QDockWidget {
    Q_OBJECT
public:
    enum Tab { Conversations, Hierarchy, ZreGroups, MdpServices, TabCount };
    SummaryDock(CaptureSession *session, QWidget *parent = nullptr);

    QStandardItemModel *model(Tab tab) const { return m_models[tab]; }
    QTreeView *view(Tab tab) const { return m_views[tab]; }
    void showTab(Tab tab);
    const capture::CaptureSummary &summary() const { return m_summary; }
    // The tab's table as text: tab-separated, or CSV; the hierarchy indents its names.
    QString text(Tab tab, bool csv) const;
    bool exportCsv(Tab tab, const QString &path, QString *error = nullptr);
    void refresh();

public Q_SLOTS:
    void markDirty();
    void clear();

Q_SIGNALS:
    void connectionChosen(quint32 connection);
    void updated();

private:
    void received(quint64 request, const capture::CaptureSummary &summary);
    void fill();

    CaptureSession *m_session;
    QTabWidget *m_tabs = nullptr;
    QStandardItemModel *m_models[TabCount] = {};
    QTreeView *m_views[TabCount] = {};
    capture::CaptureSummary m_summary;
    SnapshotPacer *m_pacer = nullptr;
};

}   // namespace zmqscope
