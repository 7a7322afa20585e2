#include "conformancedock.h"

#include "conformancemodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace zmqscope {

namespace {

// The verdict column in the colours of the HTML report.
class VerdictDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString v = index.data(ConformanceModel::VerdictRole).toString();
        QColor c;
        if (v == QLatin1String("passed"))
            c = QColor(0x2e, 0x7d, 0x32);
        else if (v == QLatin1String("failed"))
            c = QColor(0xc6, 0x28, 0x28);
        else if (v == QLatin1String("non-strict"))
            c = QColor(0xc7, 0x6a, 0x00);
        else if (v == QLatin1String("known"))
            c = QColor(0x6a, 0x1b, 0x9a);
        if (c.isValid()) {
            option->palette.setColor(QPalette::Text, c);
            option->font.setBold(true);
        }
    }
};

}   // namespace

ConformanceDock::ConformanceDock(CaptureSession *capture, QThread *captureThread, QWidget *parent)
    : QDockWidget(tr("Conformance"), parent)
{
    setObjectName(QStringLiteral("conformanceDock"));
    m_session = new ConformanceSession(capture);
    m_session->moveToThread(captureThread);
    connect(captureThread, &QThread::finished, m_session, &QObject::deleteLater);
    m_model = new ConformanceModel(this);

    auto *body = new QWidget(this);
    auto *form = new QFormLayout;
    m_endpoint = new QLineEdit(body);
    m_endpoint->setPlaceholderText(QStringLiteral("tcp://127.0.0.1:5555"));
    m_role = new QComboBox(body);
    m_role->addItem(tr("Server under test (the suite connects)"), QStringLiteral("server"));
    m_role->addItem(tr("Client under test (the suite listens)"), QStringLiteral("client"));
    m_mechanism = new QComboBox(body);
    m_mechanism->addItems({QStringLiteral("NULL"), QStringLiteral("PLAIN"), QStringLiteral("CURVE")});
    m_type = new QComboBox(body);
    m_type->addItems({QStringLiteral("REP"), QStringLiteral("ROUTER"), QStringLiteral("DEALER"), QStringLiteral("REQ"),
                      QStringLiteral("PUB"), QStringLiteral("XPUB"), QStringLiteral("SUB"), QStringLiteral("XSUB"),
                      QStringLiteral("PUSH"), QStringLiteral("PULL"), QStringLiteral("PAIR")});
    m_echo = new QCheckBox(tr("Answers every message with its frames"), body);
    m_echo->setChecked(true);
    m_publishes = new QCheckBox(tr("Keeps publishing A… and B…"), body);
    m_application = new QComboBox(body);
    m_application->addItem(tr("ZMTP only"), QString());
    m_application->addItem(tr("MDP broker (7/MDP, 8/MMI)"), QStringLiteral("mdp-broker"));
    m_application->addItem(tr("PPP queue (6/PPP)"), QStringLiteral("ppp-queue"));
    m_application->addItem(tr("Clone server (12/CLONE)"), QStringLiteral("clone-server"));
    m_application->addItem(tr("FILEMQ server (35/FILEMQ)"), QStringLiteral("filemq-server"));
    m_serverKey = new QLineEdit(body);
    m_serverKey->setPlaceholderText(tr("CURVE server under test: its public key (Z85)"));
    m_cases = new QLineEdit(body);
    m_cases->setPlaceholderText(tr("all; or groups such as 23/ 37/ping/ 24/"));
    m_profile = new QLineEdit(body);
    m_profile->setPlaceholderText(tr("known deviations (resources/conformance/*.zpl)"));
    m_name = new QLineEdit(QStringLiteral("target"), body);
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(tr("&Role:"), m_role);
    form->addRow(tr("&Mechanism:"), m_mechanism);
    form->addRow(tr("&Socket type:"), m_type);
    form->addRow(QString(), m_echo);
    form->addRow(QString(), m_publishes);
    form->addRow(tr("A&pplication:"), m_application);
    form->addRow(tr("Server &key:"), m_serverKey);
    form->addRow(tr("&Cases:"), m_cases);
    form->addRow(tr("Pro&file:"), m_profile);
    form->addRow(tr("&Name:"), m_name);

    m_run = new QPushButton(tr("&Run"), body);
    m_stop = new QPushButton(tr("S&top"), body);
    m_stop->setEnabled(false);
    m_save = new QPushButton(tr("Save &Report…"), body);
    m_save->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    buttons->addStretch();
    buttons->addWidget(m_save);
    m_summary = new QLabel(body);
    m_summary->setWordWrap(true);

    m_view = new QTableView(body);
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(ConformanceModel::Verdict, new VerdictDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_details = new QPlainTextEdit(body);
    m_details->setReadOnly(true);
    auto *split = new QSplitter(Qt::Vertical, body);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(body);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    setWidget(body);

    connect(m_run, &QPushButton::clicked, this, &ConformanceDock::runSuite);
    connect(m_stop, &QPushButton::clicked, this, &ConformanceDock::stopSuite);
    connect(m_save, &QPushButton::clicked, this, &ConformanceDock::saveReport);
    connect(m_session, &ConformanceSession::casesFinished, m_model, &ConformanceModel::append);
    connect(m_session, &ConformanceSession::casesFinished, this, [this] {
        m_summary->setText(tr("%1 of %2 cases: %3 passed, %4 failed, %5 non-strict")
                               .arg(m_model->rowCount())
                               .arg(m_expected)
                               .arg(m_model->countOf(QStringLiteral("passed")))
                               .arg(m_model->countOf(QStringLiteral("failed")))
                               .arg(m_model->countOf(QStringLiteral("non-strict"))));
    });
    connect(m_session, &ConformanceSession::started, this, [this](quint32 tap, int cases) {
        m_tap = tap;
        m_expected = cases;
        Q_EMIT status(tr("Conformance: %n case(s) selected, through tap %1", nullptr, cases).arg(tap));
    });
    connect(m_session, &ConformanceSession::runFinished, this, [this](const QString &summary) {
        m_run->setEnabled(true);
        m_stop->setEnabled(false);
        m_save->setEnabled(true);
        m_summary->setText(summary);
        Q_EMIT status(tr("Conformance: %1").arg(summary));
    });
    connect(m_session, &ConformanceSession::failed, this, [this](const QString &error) {
        m_run->setEnabled(true);
        m_stop->setEnabled(false);
        m_summary->setText(error);
        Q_EMIT status(error);
    });
    connect(m_session, &ConformanceSession::notice, this, [this](const QString &text) {
        m_summary->setText(text);
        Q_EMIT status(text);
    });
    connect(m_session, &ConformanceSession::exported, this,
            [this](const QString &path) { Q_EMIT status(tr("Conformance report written to %1").arg(path)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ConformanceDock::selectionChanged);
}

// (The window stops a run before its capture thread ends: stopSuite().)
ConformanceDock::~ConformanceDock() = default;

ConformanceSettings ConformanceDock::settings() const
{
    ConformanceSettings s;
    s.endpoint = m_endpoint->text().trimmed();
    s.clientUnderTest = m_role->currentData().toString() == QLatin1String("client");
    s.mechanism = m_mechanism->currentText();
    s.socketType = m_type->currentText();
    s.echoes = m_echo->isChecked();
    s.publishes = m_publishes->isChecked();
    s.application = m_application->currentData().toString();
    s.serverKey = m_serverKey->text().trimmed();
    s.select = m_cases->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    s.profilePath = m_profile->text().trimmed();
    s.name = m_name->text().trimmed().isEmpty() ? QStringLiteral("target") : m_name->text().trimmed();
    return s;
}

void ConformanceDock::runSuite()
{
    m_model->clear();
    m_details->clear();
    m_summary->setText(tr("Running…"));
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    m_save->setEnabled(false);
    const ConformanceSettings s = settings();
    QMetaObject::invokeMethod(m_session, [session = m_session, s] { session->start(s); });
}

void ConformanceDock::stopSuite()
{
    QMetaObject::invokeMethod(m_session, [s = m_session] { s->stop(); });
}

void ConformanceDock::exportReport(const QString &path, const QString &format)
{
    QMetaObject::invokeMethod(m_session, [s = m_session, path, format] { s->exportReport(path, format); });
}

void ConformanceDock::saveReport()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Conformance Report"), QStringLiteral("conformance.html"),
                                                      tr("HTML grid (*.html);;JUnit XML (*.xml);;JSON (*.json)"), &filter);
    if (path.isEmpty())
        return;
    const QString format = path.endsWith(QLatin1String(".xml")) ? QStringLiteral("junit")
                           : path.endsWith(QLatin1String(".json")) ? QStringLiteral("json")
                                                                    : QStringLiteral("html");
    exportReport(path, format);
}

void ConformanceDock::selectionChanged()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_details->clear();
        Q_EMIT caseSelected({}, m_tap);
        return;
    }
    const QModelIndex i = rows.first();
    m_details->setPlainText(i.data(ConformanceModel::DetailsRole).toString());
    Q_EMIT caseSelected(i.data(ConformanceModel::ClientsRole).toStringList(), m_tap);
}

}   // namespace zmqscope
