#include "framecommands.h"

#include "bytespane.h"
#include "dissectionmodel.h"
#include "framelistmodel.h"
#include "hexview.h"
#include "mainwindow.h"
#include "peersdock.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace zmqscope {

namespace {

constexpr std::pair<FrameListModel::TimeFormat, const char *> kTimeFormats[] = {
    {FrameListModel::TimeFormat::SinceStart, QT_TRANSLATE_NOOP("zmqscope::FrameCommands", "Seconds Since the &Start")},
    {FrameListModel::TimeFormat::SincePrevious, QT_TRANSLATE_NOOP("zmqscope::FrameCommands", "Seconds Since the &Previous Row")},
    {FrameListModel::TimeFormat::TimeOfDay, QT_TRANSLATE_NOOP("zmqscope::FrameCommands", "&Time of Day")},
    {FrameListModel::TimeFormat::DateAndTime, QT_TRANSLATE_NOOP("zmqscope::FrameCommands", "&Date and Time of Day")},
    {FrameListModel::TimeFormat::Epoch, QT_TRANSLATE_NOOP("zmqscope::FrameCommands", "Seconds Since 1970 (&Unix Time)")},
};

QMenu *popupMenu(QWidget *parent, const QString &name)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(name);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    return menu;
}

}   // namespace

FrameCommands::FrameCommands(MainWindow *window)
    : QObject(window)
    , m_window(window)
{
    // The find bar, under the filter bar; Escape or its close button hides it.
    m_findBar = new QWidget(window);
    m_findBar->setObjectName(QStringLiteral("findBar"));
    auto *row = new QHBoxLayout(m_findBar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    row->addWidget(new QLabel(tr("Find:"), m_findBar));
    m_findMode = new QComboBox(m_findBar);
    m_findMode->setObjectName(QStringLiteral("findMode"));
    m_findMode->addItem(tr("Text"), int(FindMode::Text));
    m_findMode->addItem(tr("Hex bytes"), int(FindMode::Hex));
    m_findMode->addItem(tr("Display filter"), int(FindMode::Filter));
    m_findMode->setToolTip(tr("Text: in a row's summary or bytes, any case. Hex bytes: 01 ab ff. Display filter: as the filter bar takes it."));
    row->addWidget(m_findMode);
    m_findText = new QLineEdit(m_findBar);
    m_findText->setObjectName(QStringLiteral("findText"));
    m_findText->setPlaceholderText(tr("what to find (Enter: next, Shift+Enter: previous)"));
    row->addWidget(m_findText, 1);
    const auto button = [&](const QString &text, const QString &name) {
        auto *b = new QToolButton(m_findBar);
        b->setText(text);
        b->setObjectName(name);
        row->addWidget(b);
        return b;
    };
    QToolButton *previous = button(tr("Previous"), QStringLiteral("findPrevious"));
    QToolButton *next = button(tr("Next"), QStringLiteral("findNext"));
    QToolButton *close = button(QStringLiteral("\u2715"), QStringLiteral("findClose"));
    close->setToolTip(tr("Close the find bar (Escape)"));
    const auto go = [this](bool backwards) { find(FindMode(m_findMode->currentData().toInt()), m_findText->text(), backwards); };
    connect(next, &QToolButton::clicked, this, [go] { go(false); });
    connect(previous, &QToolButton::clicked, this, [go] { go(true); });
    connect(m_findText, &QLineEdit::returnPressed, this, [go] { go(QApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(close, &QToolButton::clicked, m_findBar, &QWidget::hide);
    auto *escape = new QAction(m_findBar);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QAction::triggered, m_findBar, &QWidget::hide);
    m_findBar->addAction(escape);
    m_findBar->hide();
    if (auto *layout = qobject_cast<QVBoxLayout *>(window->centralWidget()->layout()))
        layout->insertWidget(1, m_findBar);

    connect(window->session(), &CaptureSession::found, this, &FrameCommands::found);
    buildMenus();

    // Right-click menus.
    const auto onRightClick = [this](QAbstractItemView *view, QMenu *(FrameCommands::*make)(const QPoint &)) {
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this, [this, view, make](const QPoint &at) {
            if (QMenu *menu = (this->*make)(at))
                menu->popup(view->viewport()->mapToGlobal(at));
        });
    };
    onRightClick(window->frameView(), &FrameCommands::frameMenu);
    onRightClick(window->treeView(), &FrameCommands::treeMenu);
    onRightClick(window->findingsView(), &FrameCommands::findingMenu);
}

QAction *FrameCommands::action(const QString &objectName) const
{
    return m_window->findChild<QAction *>(objectName);
}

void FrameCommands::buildMenus()
{
    QMenuBar *bar = m_window->menuBar();
    QMenu *edit = new QMenu(tr("&Edit"), m_window);
    edit->setObjectName(QStringLiteral("editMenu"));
    bar->insertMenu(bar->actions().value(1), edit);
    const auto add = [&](QMenu *menu, const QString &text, const QString &name, const QKeySequence &keys, auto slot) {
        QAction *a = menu->addAction(text);
        a->setObjectName(name);
        a->setShortcut(keys);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    add(edit, tr("&Copy Rows"), QStringLiteral("copyRows"), QKeySequence::Copy,
        [this] { QApplication::clipboard()->setText(selectedRowsText()); });
    edit->addSeparator();
    add(edit, tr("&Find…"), QStringLiteral("find"), QKeySequence::Find, [this] {
        m_findBar->show();
        m_findText->setFocus();
        m_findText->selectAll();
    });
    add(edit, tr("Find &Next"), QStringLiteral("findNextAction"), QKeySequence::FindNext, [this] {
        if (!m_lastPattern.isEmpty())
            find(m_lastMode, m_lastPattern, false);
    });
    add(edit, tr("Find Pre&vious"), QStringLiteral("findPreviousAction"), QKeySequence::FindPrevious, [this] {
        if (!m_lastPattern.isEmpty())
            find(m_lastMode, m_lastPattern, true);
    });
    add(edit, tr("&Go to Row…"), QStringLiteral("goToRow"), QKeySequence(Qt::CTRL | Qt::Key_G), [this] {
        const int rows = m_window->frameModel()->rowCount();
        if (rows == 0)
            return;
        bool ok = false;
        const int n = QInputDialog::getInt(m_window, tr("Go to Row"), tr("Row number (the No. column, 1 to %1):").arg(rows),
                                           1, 1, rows, 1, &ok);
        if (ok)
            goToRow(n);
    });
    edit->addSeparator();
    add(edit, tr("&Mark or Unmark Row"), QStringLiteral("mark"), QKeySequence(Qt::CTRL | Qt::Key_M), [this] { toggleMark(); });
    add(edit, tr("Next Mar&k"), QStringLiteral("nextMark"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), [this] { nextMark(false); });
    add(edit, tr("Previous M&ark"), QStringLiteral("previousMark"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B),
        [this] { nextMark(true); });
    add(edit, tr("&Unmark All"), QStringLiteral("unmarkAll"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M),
        [this] { m_window->frameModel()->clearMarks(); });

    // View > Time Format.
    if (QMenu *view = m_window->findChild<QMenu *>(QStringLiteral("viewMenu"))) {
        QMenu *times = new QMenu(tr("Time &Format"), view);
        times->setObjectName(QStringLiteral("timeFormatMenu"));
        view->insertMenu(view->actions().value(5), times);
        auto *group = new QActionGroup(times);
        const int saved = QSettings().value(QStringLiteral("view/timeFormat"), 0).toInt();
        for (const auto &[format, label] : kTimeFormats) {
            QAction *a = times->addAction(tr(label));
            a->setCheckable(true);
            a->setData(int(format));
            a->setObjectName(QStringLiteral("timeFormat%1").arg(int(format)));
            group->addAction(a);
            connect(a, &QAction::triggered, this, [this, format] {
                m_window->frameModel()->setTimeFormat(format);
                QSettings().setValue(QStringLiteral("view/timeFormat"), int(format));
            });
            if (int(format) == saved) {
                a->setChecked(true);
                m_window->frameModel()->setTimeFormat(format);
            }
        }
    }
}

QString FrameCommands::selectedRowsText() const
{
    QTableView *view = m_window->frameView();
    QModelIndexList rows = view->selectionModel()->selectedRows();
    if (rows.isEmpty() && view->currentIndex().isValid())
        rows << view->currentIndex();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &r : rows) {
        QStringList cells;
        for (int c = 0; c < FrameListModel::ColumnCount; ++c)
            cells << r.siblingAtColumn(c).data().toString();
        lines << cells.join(u'\t');
    }
    return lines.join(u'\n');
}

bool FrameCommands::goToRow(int number)
{
    FrameListModel *frames = m_window->frameModel();
    if (number < 1 || number > frames->rowCount()) {
        m_window->showStatus(tr("There is no row %1 (rows 1 to %2).").arg(number).arg(frames->rowCount()));
        return false;
    }
    return m_window->selectEvent(frames->row(number - 1).event);
}

void FrameCommands::toggleMark()
{
    QTableView *view = m_window->frameView();
    QModelIndexList rows = view->selectionModel()->selectedRows();
    if (rows.isEmpty() && view->currentIndex().isValid())
        rows << view->currentIndex();
    for (const QModelIndex &r : rows) {
        const quint32 event = r.data(FrameListModel::EventRole).toUInt();
        m_window->frameModel()->setMarked(event, !m_window->frameModel()->isMarked(event));
    }
}

bool FrameCommands::nextMark(bool backwards)
{
    const QList<quint32> marked = m_window->frameModel()->markedEvents();
    if (marked.isEmpty()) {
        m_window->showStatus(tr("No row is marked (Edit > Mark, Ctrl+M)."));
        return false;
    }
    const QModelIndex current = m_window->frameView()->currentIndex();
    const qint64 here = current.isValid() ? qint64(current.data(FrameListModel::EventRole).toUInt()) : -1;
    quint32 target = backwards ? marked.back() : marked.front();   // (round the end)
    if (backwards) {
        for (auto it = marked.rbegin(); it != marked.rend(); ++it)
            if (qint64(*it) < here) {
                target = *it;
                break;
            }
    } else {
        for (quint32 e : marked)
            if (qint64(e) > here) {
                target = e;
                break;
            }
    }
    return m_window->selectEvent(target);
}

void FrameCommands::find(FindMode mode, const QString &pattern, bool backwards)
{
    m_lastMode = mode;
    m_lastPattern = pattern;
    m_findBackwards = backwards;
    const QModelIndex current = m_window->frameView()->currentIndex();
    m_findStart = current.isValid() ? qint64(current.data(FrameListModel::EventRole).toUInt()) : -1;
    m_skipped.clear();
    const quint64 request = ++m_findRequest;
    m_window->showStatus(tr("Finding…"));
    QMetaObject::invokeMethod(
        m_window->session(), [s = m_window->session(), request, from = m_findStart, mode, pattern, backwards] {
            s->find(request, from, mode, pattern, backwards);
        },
        Qt::QueuedConnection);
}

void FrameCommands::found(quint64 request, qint64 event, const QString &error)
{
    if (request != m_findRequest)
        return;   // an older search
    if (!error.isEmpty()) {
        m_window->showStatus(error);
        Q_EMIT findDone(-1);
        return;
    }
    if (event >= 0) {
        // Found in a row the filters hide: go on past it, as Find looks
        // only at the rows shown (once round, then give up).
        const int row = m_window->frameModel()->rowOfEvent(quint32(event));
        const bool visible = m_window->isEventShown(quint32(event));
        if (!visible && event != m_findStart && !m_skipped.contains(event) && m_skipped.size() < kMaxSkipped) {
            m_skipped.insert(event);
            const quint64 again = ++m_findRequest;
            QMetaObject::invokeMethod(
                m_window->session(),
                [s = m_window->session(), again, event, mode = m_lastMode, pattern = m_lastPattern, backwards = m_findBackwards] {
                    s->find(again, event, mode, pattern, backwards);
                },
                Qt::QueuedConnection);
            return;
        }
        if (visible) {
            m_window->selectEvent(quint32(event));
            m_window->showStatus(tr("Found in row %1.").arg(row + 1));
            Q_EMIT findDone(event);
            return;
        }
    }
    m_window->showStatus(m_skipped.size() >= kMaxSkipped
                             ? tr("Not found among the rows shown (%1 matches the filters hide were passed over).").arg(kMaxSkipped)
                             : tr("Not found: %1").arg(m_lastPattern));
    Q_EMIT findDone(-1);
}

void FrameCommands::applyFilterFrom(const QString &expression, const QString &how, bool apply)
{
    const QString now = m_window->filterBar()->text().trimmed();
    QString text = expression;
    if (how == QLatin1String("not"))
        text = QStringLiteral("!(%1)").arg(expression);
    else if (!now.isEmpty() && (how == QLatin1String("and") || how == QLatin1String("or")))
        text = QStringLiteral("(%1) %2 %3").arg(now, how == QLatin1String("and") ? QStringLiteral("&&") : QStringLiteral("||"), expression);
    if (apply) {
        m_window->applyFilter(text);
    } else {
        m_window->filterBar()->setText(text);
        m_window->filterBar()->setFocus();
    }
}

QMenu *FrameCommands::frameMenu(const QPoint &at)
{
    QTableView *view = m_window->frameView();
    const QModelIndex index = view->indexAt(at);
    if (!index.isValid())
        return nullptr;
    if (!view->selectionModel()->isRowSelected(index.row(), {}))
        view->setCurrentIndex(index);
    const quint32 connection = index.data(FrameListModel::ConnectionRole).toUInt();
    const bool marked = index.data(FrameListModel::MarkedRole).toBool();
    QMenu *menu = popupMenu(m_window, QStringLiteral("frameMenu"));
    menu->addAction(marked ? tr("Un&mark") : tr("&Mark"), this, [this] { toggleMark(); });
    menu->addSeparator();
    if (connection) {
        const QString filter = QStringLiteral("conn == %1").arg(connection);
        menu->addAction(tr("&Filter on Connection %1").arg(connection), this, [this, filter] { applyFilterFrom(filter, {}, true); });
        menu->addAction(tr("Show &Only Connection %1").arg(connection), this, [this, connection] { m_window->filterConnection(connection); });
        menu->addAction(tr("F&ollow Connection %1").arg(connection), this, [this, connection] { m_window->followConnection(connection); });
    }
    const QString kind = index.siblingAtColumn(FrameListModel::Kind).data().toString().remove(QStringLiteral("\u21b3 "));
    if (!kind.isEmpty())
        menu->addAction(tr("Filter on &Kind %1").arg(kind), this,
                        [this, kind] { applyFilterFrom(QStringLiteral("kind == \"%1\"").arg(kind), {}, true); });
    menu->addSeparator();
    QMenu *copy = menu->addMenu(tr("&Copy"));
    copy->addAction(tr("&Rows as Text"), this, [this] { QApplication::clipboard()->setText(selectedRowsText()); });
    copy->addAction(tr("&Summary"), this, [index] {
        QApplication::clipboard()->setText(index.siblingAtColumn(FrameListModel::Summary).data().toString());
    });
    copy->addAction(tr("&Bytes as Hex"), this, [this, index] {
        const quint32 event = index.data(FrameListModel::EventRole).toUInt();
        QApplication::clipboard()->setText(QString::fromLatin1(m_window->session()->eventBytes(event).toHex(' ')));
    });
    if (m_window->peersDock()) {
        menu->addSeparator();
        menu->addAction(tr("&Replay Selected Messages…"), this, [this] { m_window->peersDock()->replaySelection(m_window->selectedEvents()); });
    }
    return menu;
}

QMenu *FrameCommands::treeMenu(const QPoint &at)
{
    QTreeView *view = m_window->treeView();
    const QModelIndex index = view->indexAt(at);
    if (!index.isValid())
        return nullptr;
    const QModelIndex field = index.siblingAtColumn(0);
    view->setCurrentIndex(field);
    const QString filter = field.data(DissectionModel::FilterRole).toString();
    QMenu *menu = popupMenu(m_window, QStringLiteral("treeMenu"));
    if (!filter.isEmpty()) {
        QMenu *apply = menu->addMenu(tr("&Apply as Filter"));
        apply->setObjectName(QStringLiteral("applyAsFilter"));
        QMenu *prepare = menu->addMenu(tr("&Prepare as Filter"));
        for (const auto &[how, label] : {std::pair{QString(), tr("&Selected")}, std::pair{QStringLiteral("not"), tr("&Not Selected")},
                                         std::pair{QStringLiteral("and"), tr("…&and Selected")},
                                         std::pair{QStringLiteral("or"), tr("…&or Selected")}}) {
            apply->addAction(label, this, [this, filter, how] { applyFilterFrom(filter, how, true); })->setData(how);
            prepare->addAction(label, this, [this, filter, how] { applyFilterFrom(filter, how, false); });
        }
    }
    QMenu *copy = menu->addMenu(tr("&Copy"));
    copy->addAction(tr("&Value"), this, [index] { QApplication::clipboard()->setText(index.siblingAtColumn(1).data().toString()); });
    copy->addAction(tr("Field &Name"), this,
                    [field] { QApplication::clipboard()->setText(field.data(DissectionModel::KeyRole).toString()); });
    if (!filter.isEmpty())
        copy->addAction(tr("As &Filter"), this, [filter] { QApplication::clipboard()->setText(filter); });
    copy->addAction(tr("&Bytes as Hex"), this, [this, field] {
        const bool decrypted = field.data(DissectionModel::DecryptedRole).toBool();
        HexView *hex = decrypted ? m_window->bytesPane()->decryptedView() : m_window->bytesPane()->streamView();
        const quint64 offset = field.data(DissectionModel::OffsetRole).toULongLong();
        const quint64 length = field.data(DissectionModel::LengthRole).toULongLong();
        const quint64 base = decrypted ? 0 : m_window->session()->eventOffset(
                                                 m_window->frameView()->currentIndex().data(FrameListModel::EventRole).toUInt());
        const QByteArray bytes = hex->bytes().mid(qsizetype(offset - base), qsizetype(length));
        QApplication::clipboard()->setText(QString::fromLatin1(bytes.toHex(' ')));
    });
    menu->addSeparator();
    menu->addAction(tr("&Expand Subtrees"), view, [view, field] { view->expandRecursively(field); });
    menu->addAction(tr("Co&llapse All"), view, &QTreeView::collapseAll);
    menu->addAction(tr("E&xpand All"), view, &QTreeView::expandAll);
    return menu;
}

QMenu *FrameCommands::findingMenu(const QPoint &at)
{
    QTableView *view = m_window->findingsView();
    const QModelIndex index = view->indexAt(at);
    if (!index.isValid())
        return nullptr;
    const quint32 event = index.data(FrameListModel::EventRole).toUInt();
    const QString text = index.siblingAtColumn(FrameListModel::Summary).data().toString();
    QMenu *menu = popupMenu(m_window, QStringLiteral("findingMenu"));
    menu->addAction(tr("&Go to Its Row"), this, [this, event] { m_window->selectEvent(event); });
    menu->addAction(tr("&Copy the Finding"), this, [text] { QApplication::clipboard()->setText(text); });
    return menu;
}

}   // namespace zmqscope
