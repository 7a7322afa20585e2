// FrameCommands: what a Wireshark user reaches for in the frame list, the
// dissection tree, the findings and the connections, beside the main
// window's own wiring. It owns its actions and menus:
//   Edit: Find (Ctrl+F: a display filter, a text in the summary or the
//         bytes, or hex bytes; F3 / Shift+F3 again), Go to Row (Ctrl+G),
//         Mark (Ctrl+M), Next and Previous Mark (Ctrl+Shift+N/B), Unmark
//         All, Copy (Ctrl+C: the selected rows as text).
//   View: Time Format (since the start, since the previous row, time of
//         day, date and time, Unix time), kept in the settings.
//   Right-click menus in the frame list (mark, filter on its connection,
//   follow, copy, replay), the tree (apply or prepare a filter from the
//   field, and/or/not, copy its value, its filter, its bytes), the findings
//   (go to its row, copy its text) and the connections (show only it,
//   filter on it, Decode As, follow, copy).
// Lives on the GUI thread; searches run on the capture thread (CaptureSession::find).
#pragma once

#include "capturesession.h"

#include <QObject>
#include <QSet>

class QAction;
class QComboBox;
class QLineEdit;
class QMenu;
class QWidget;

namespace zmqscope {

class MainWindow;

class FrameCommands : public QObject {
    Q_OBJECT
public:
    explicit FrameCommands(MainWindow *window);

    // The menus a right click opens (deleted when closed); nullptr where
    // there is nothing under the pointer.
    QMenu *frameMenu(const QPoint &viewportPos);
    QMenu *treeMenu(const QPoint &viewportPos);
    QMenu *findingMenu(const QPoint &viewportPos);

    // Edit > Go to Row: the row numbered `number` (1-based, the No. column).
    bool goToRow(int number);
    // Edit > Find with these settings, from the current row on.
    void find(FindMode mode, const QString &pattern, bool backwards = false);
    void toggleMark();
    bool nextMark(bool backwards = false);
    QWidget *findBar() const { return m_findBar; }
    QLineEdit *findText() const { return m_findText; }
    QAction *action(const QString &objectName) const;

    // The selected rows (or the current one) as tab-separated text, as Copy puts them on the clipboard.
    QString selectedRowsText() const;

Q_SIGNALS:
    // A find finished: the event it selected, or -1 (the status bar says why).
    void findDone(qint64 event);

private:
    void buildMenus();
    void applyFilterFrom(const QString &expression, const QString &how, bool apply);
    void found(quint64 request, qint64 event, const QString &error);

    MainWindow *m_window;
    QWidget *m_findBar = nullptr;
    QComboBox *m_findMode = nullptr;
    QLineEdit *m_findText = nullptr;
    quint64 m_findRequest = 0;
    bool m_findBackwards = false;
    FindMode m_lastMode = FindMode::Text;
    QString m_lastPattern;
    qint64 m_findStart = -1;   // where a find began, so that skipping hidden rows stops after one round
    QSet<qint64> m_skipped;    // matches the filters hid, passed over in this find
    static constexpr qsizetype kMaxSkipped = 10000;   // (then it gives up: a live flood of hidden matches)
};

}   // namespace zmqscope
