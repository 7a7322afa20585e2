#include "capturedialogs.h"

#include "certificatestore.h"
#include "interfacecapture.h"
#include "relay.h"
#include "codec/curve.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include <unistd.h>

namespace zmqscope {

TapDialog::TapDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("New Tap Relay"));
    QSettings settings;
    auto *intro = new QLabel(tr("Clients connect to the listen endpoint instead of the server; the relay forwards every "
                                "byte both ways and records it. Works for tcp:// and ipc://, needs no privilege."),
                             this);
    intro->setWordWrap(true);
    m_listen = new QLineEdit(settings.value(QStringLiteral("tap/listen"), QStringLiteral("tcp://127.0.0.1:0")).toString(), this);
    m_listen->setToolTip(tr("tcp://host:port (port 0 picks a free port), tcp://[::1]:port or ipc:///path"));
    m_forward = new QLineEdit(settings.value(QStringLiteral("tap/forward"), QStringLiteral("tcp://127.0.0.1:5555")).toString(), this);
    m_forward->setToolTip(tr("Where the real server listens"));
    auto *endpoints = new QFormLayout;
    endpoints->addRow(tr("&Listen on:"), m_listen);
    endpoints->addRow(tr("&Forward to:"), m_forward);

    m_curve = new QGroupBox(tr("Terminate &CURVE (read messages in clear)"), this);
    m_curve->setCheckable(true);
    m_curve->setChecked(false);
    m_serverSecret = new QLineEdit(this);
    m_serverSecret->setPlaceholderText(tr("40 characters of Z85"));
    m_serverSecret->setEchoMode(QLineEdit::Password);
    auto *load = new QPushButton(tr("Load &Certificate…"), this);
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_serverSecret, 1);
    secretRow->addWidget(load);
    m_serverPublic = new QLabel(this);
    m_serverPublic->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clientSecret = new QLineEdit(this);
    m_clientSecret->setPlaceholderText(tr("empty: a fresh key pair"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    auto *curveForm = new QFormLayout(m_curve);
    auto *curveIntro = new QLabel(tr("The relay plays the server to the client with the server's own key pair, and a "
                                     "client to the server. Clients keep the server's public key."),
                                  m_curve);
    curveIntro->setWordWrap(true);
    curveForm->addRow(curveIntro);
    curveForm->addRow(tr("Server &secret key:"), secretRow);
    curveForm->addRow(tr("Server public key:"), m_serverPublic);
    curveForm->addRow(tr("Relay's client secret &key:"), m_clientSecret);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    QPalette warn = m_problem->palette();
    warn.setColor(QPalette::WindowText, QColor(0xc0, 0x30, 0x30));
    m_problem->setPalette(warn);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(endpoints);
    layout->addWidget(m_curve);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings s;
        s.setValue(QStringLiteral("tap/listen"), m_listen->text());
        s.setValue(QStringLiteral("tap/forward"), m_forward->text());
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(load, &QPushButton::clicked, this, &TapDialog::loadCertificate);
    for (QLineEdit *e : {m_listen, m_forward, m_serverSecret, m_clientSecret})
        connect(e, &QLineEdit::textChanged, this, &TapDialog::validate);
    connect(m_curve, &QGroupBox::toggled, this, &TapDialog::validate);
    validate();
}

TapSettings TapDialog::settings() const
{
    TapSettings s;
    s.listen = m_listen->text().trimmed();
    s.forward = m_forward->text().trimmed();
    if (m_curve->isChecked()) {
        s.curveServerSecret = m_serverSecret->text().trimmed();
        s.curveClientSecret = m_clientSecret->text().trimmed();
    }
    return s;
}

QString TapDialog::problem() const
{
    return m_problem->text();
}

void TapDialog::validate()
{
    QString why;
    std::string error;
    const auto listen = Endpoint::parse(m_listen->text().trimmed().toStdString(), &error);
    if (!listen)
        why = tr("Listen endpoint: %1").arg(QString::fromStdString(error));
    const auto forward = Endpoint::parse(m_forward->text().trimmed().toStdString(), &error);
    if (why.isEmpty() && !forward)
        why = tr("Forward endpoint: %1").arg(QString::fromStdString(error));
    if (why.isEmpty() && forward->kind == Endpoint::Kind::Tcp && forward->port == 0)
        why = tr("Forward endpoint: a port is needed");
    m_serverPublic->clear();
    if (m_curve->isChecked()) {
        const auto secret = codec::curveKeyFromZ85(m_serverSecret->text().trimmed().toStdString());
        if (secret)
            m_serverPublic->setText(QString::fromStdString(
                codec::curveKeyToZ85(codec::CurveKeyPair::fromSecret(*secret).publicKey)));
        else if (why.isEmpty())
            why = tr("The server's secret key must be 40 characters of Z85 (or load its certificate).");
        if (why.isEmpty() && !m_clientSecret->text().trimmed().isEmpty()
            && !codec::curveKeyFromZ85(m_clientSecret->text().trimmed().toStdString()))
            why = tr("The relay's client secret key must be 40 characters of Z85, or empty.");
    }
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

void TapDialog::loadCertificate()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Server Certificate"), QString(),
                                                      tr("CURVE secret certificates (*_secret *.key_secret);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    const auto cert = zmqscope::loadCertificate(path, &error);
    if (!cert || !cert->secretKey) {
        m_problem->setText(cert ? tr("%1 holds no secret key (use the _secret file)").arg(path) : error);
        m_problem->setVisible(true);
        return;
    }
    m_serverSecret->setText(QString::fromStdString(codec::curveKeyToZ85(*cert->secretKey)));
}

InterfaceDialog::InterfaceDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Interface Capture"));
    m_interfaces = new QComboBox(this);
    std::string error;
    for (const InterfaceCapture::Interface &i : InterfaceCapture::interfaces(&error)) {
        QString label = QString::fromStdString(i.name);
        if (!i.description.empty())
            label += QStringLiteral(" (%1)").arg(QString::fromStdString(i.description));
        else if (i.loopback)
            label += tr(" (loopback)");
        m_interfaces->addItem(label, QString::fromStdString(i.name));
    }
    m_interfaces->setEditable(true);   // a name libpcap did not list
    const int lo = m_interfaces->findData(QStringLiteral("lo"));
    if (lo >= 0)
        m_interfaces->setCurrentIndex(lo);
    m_filter = new QLineEdit(QSettings().value(QStringLiteral("capture/filter"), QStringLiteral("tcp")).toString(), this);
    m_filter->setToolTip(tr("A BPF capture filter, as for tcpdump: tcp port 5555, host 10.0.0.7 and tcp"));
    m_privilege = new QLabel(this);
    m_privilege->setObjectName(QStringLiteral("privilege"));
    m_privilege->setWordWrap(true);
    m_privilege->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (!havePrivilege()) {
        m_privilege->setText(QString::fromStdString(InterfaceCapture::permissionHelp(tr("an interface").toStdString())));
        QPalette warn = m_privilege->palette();
        warn.setColor(QPalette::WindowText, QColor(0xc0, 0x30, 0x30));
        m_privilege->setPalette(warn);
    } else {
        m_privilege->setText(tr("This process may capture (root or CAP_NET_RAW)."));
    }
    if (!error.empty())
        m_privilege->setText(m_privilege->text() + QLatin1Char('\n') + QString::fromStdString(error));
    auto *form = new QFormLayout;
    form->addRow(tr("&Interface:"), m_interfaces);
    form->addRow(tr("&Filter:"), m_filter);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_privilege);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings().setValue(QStringLiteral("capture/filter"), m_filter->text());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString InterfaceDialog::interfaceName() const
{
    const int i = m_interfaces->currentIndex();
    if (i >= 0 && m_interfaces->itemText(i) == m_interfaces->currentText())
        return m_interfaces->itemData(i).toString();
    return m_interfaces->currentText().trimmed();
}

QString InterfaceDialog::filter() const
{
    return m_filter->text().trimmed();
}

bool InterfaceDialog::havePrivilege()
{
    if (::geteuid() == 0)
        return true;
    // CapEff in /proc/self/status: bit 13 is CAP_NET_RAW.
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("CapEff:"))
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> 13) & 1;
    return false;
}

}   // namespace zmqscope
