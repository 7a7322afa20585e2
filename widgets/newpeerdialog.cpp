#include "newpeerdialog.h"

#include "peers/peer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace zmqscope {

NewPeerDialog::NewPeerDialog(const QString &role, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New Peer"));
    setObjectName(QStringLiteral("newPeerDialog"));
    auto *layout = new QVBoxLayout(this);
    m_roles = new QComboBox(this);
    m_roles->setObjectName(QStringLiteral("role"));
    for (const peers::RoleInfo *r : peers::roles())
        m_roles->addItem(QStringLiteral("%1: %2").arg(QString::fromUtf8(r->protocol.data(), qsizetype(r->protocol.size())),
                                                      QString::fromUtf8(r->title.data(), qsizetype(r->title.size()))),
                         QString::fromUtf8(r->id.data(), qsizetype(r->id.size())));
    if (const int i = m_roles->findData(role); i >= 0)
        m_roles->setCurrentIndex(i);
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    auto *formHost = new QWidget(this);
    m_form = new QFormLayout(formHost);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_roles);
    layout->addWidget(m_description);
    layout->addWidget(formHost, 1);
    layout->addWidget(m_buttons);
    connect(m_roles, &QComboBox::currentIndexChanged, this, &NewPeerDialog::buildForm);
    buildForm();
}

QString NewPeerDialog::role() const
{
    return m_roles->currentData().toString();
}

void NewPeerDialog::buildForm()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_fields.clear();
    const peers::RoleInfo *r = peers::findRole(role().toStdString());
    if (!r)
        return;
    m_description->setText(QStringLiteral("%1 <i>(%2)</i>")
                               .arg(QString::fromUtf8(r->description.data(), qsizetype(r->description.size())).toHtmlEscaped(),
                                    QString::fromUtf8(r->spec.data(), qsizetype(r->spec.size())).toHtmlEscaped()));
    for (const peers::OptionSpec &o : r->options) {
        const QString name = QString::fromUtf8(o.name.data(), qsizetype(o.name.size()));
        const QString help = QString::fromUtf8(o.help.data(), qsizetype(o.help.size()));
        const QString def = QString::fromUtf8(o.defaultValue.data(), qsizetype(o.defaultValue.size()));
        QWidget *input = nullptr;
        if (o.kind == peers::OptionKind::Choice) {
            auto *box = new QComboBox;
            for (const std::string_view c : o.choices)
                box->addItem(QString::fromUtf8(c.data(), qsizetype(c.size())));
            box->setCurrentText(def);
            connect(box, &QComboBox::currentIndexChanged, this, &NewPeerDialog::check);
            input = box;
        } else if (o.kind == peers::OptionKind::Flag) {
            auto *box = new QCheckBox;
            box->setChecked(def == QLatin1String("true") || def == QLatin1String("1"));
            connect(box, &QCheckBox::toggled, this, &NewPeerDialog::check);
            input = box;
        } else if (o.repeatable) {
            auto *edit = new QPlainTextEdit;
            edit->setPlaceholderText(def.isEmpty() ? tr("one per line") : def + tr("   (one per line)"));
            edit->setFixedHeight(fontMetrics().height() * 3 + 8);
            connect(edit, &QPlainTextEdit::textChanged, this, &NewPeerDialog::check);
            input = edit;
        } else {
            auto *edit = new QLineEdit;
            edit->setPlaceholderText(def);
            connect(edit, &QLineEdit::textChanged, this, &NewPeerDialog::check);
            if (name == QLatin1String("interface")) {
                // The machine's interfaces with an IPv4 address, to pick from.
                QStringList names;
                for (const QNetworkInterface &i : QNetworkInterface::allInterfaces())
                    for (const QNetworkAddressEntry &a : i.addressEntries())
                        if (a.ip().protocol() == QAbstractSocket::IPv4Protocol && !names.contains(i.name()))
                            names << i.name();
                auto *completer = new QCompleter(names, edit);
                completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
                edit->setCompleter(completer);
                edit->setPlaceholderText(names.join(QStringLiteral(", ")));
            }
            input = edit;
        }
        input->setObjectName(name);
        input->setToolTip(help);
        auto *problem = new QLabel;
        problem->setObjectName(name + QStringLiteral("Problem"));
        QPalette pal = problem->palette();
        pal.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
        problem->setPalette(pal);
        auto *cell = new QWidget;
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(0);
        cellLayout->addWidget(input);
        cellLayout->addWidget(problem);
        m_form->addRow(QStringLiteral("--%1%2").arg(name, o.required ? QStringLiteral(" *") : QString()), cell);
        m_fields.push_back({&o, input, problem});
    }
    check();
}

QStringList NewPeerDialog::values(const Field &f) const
{
    if (auto *box = qobject_cast<QComboBox *>(f.input))
        return {box->currentText()};
    if (auto *check = qobject_cast<QCheckBox *>(f.input))
        return check->isChecked() ? QStringList{QStringLiteral("true")} : QStringList{};
    if (auto *edit = qobject_cast<QPlainTextEdit *>(f.input)) {
        QStringList out;
        for (const QString &line : edit->toPlainText().split(u'\n'))
            if (!line.trimmed().isEmpty())
                out << line.trimmed();
        return out;
    }
    if (auto *edit = qobject_cast<QLineEdit *>(f.input))
        return edit->text().trimmed().isEmpty() ? QStringList{} : QStringList{edit->text().trimmed()};
    return {};
}

void NewPeerDialog::check()
{
    bool ok = true;
    for (const Field &f : m_fields) {
        QString problem;
        const QStringList v = values(f);
        if (v.isEmpty() && f.spec->required)
            problem = tr("required");
        for (const QString &value : v) {
            const std::string p = peers::checkOption(*f.spec, value.toStdString());
            if (!p.empty()) {
                problem = QString::fromStdString(p);
                break;
            }
        }
        f.problem->setText(problem);
        f.problem->setVisible(!problem.isEmpty());
        ok = ok && problem.isEmpty();
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

bool NewPeerDialog::acceptable() const
{
    return m_buttons->button(QDialogButtonBox::Ok)->isEnabled();
}

PeerOptions NewPeerDialog::options() const
{
    PeerOptions out;
    for (const Field &f : m_fields) {
        const QStringList v = values(f);
        const QString def = QString::fromUtf8(f.spec->defaultValue.data(), qsizetype(f.spec->defaultValue.size()));
        if (v.isEmpty() || (v.size() == 1 && v.front() == def && f.spec->kind != peers::OptionKind::Flag))
            continue;
        out.insert(QString::fromUtf8(f.spec->name.data(), qsizetype(f.spec->name.size())), v);
    }
    return out;
}

QWidget *NewPeerDialog::field(const QString &option) const
{
    for (const Field &f : m_fields)
        if (f.input->objectName() == option)
            return f.input;
    return nullptr;
}

void NewPeerDialog::setValue(const QString &option, const QString &value)
{
    QWidget *w = field(option);
    if (auto *edit = qobject_cast<QLineEdit *>(w))
        edit->setText(value);
    else if (auto *text = qobject_cast<QPlainTextEdit *>(w))
        text->setPlainText(value);
    else if (auto *box = qobject_cast<QComboBox *>(w))
        box->setCurrentText(value);
    check();
}

QString NewPeerDialog::problem(const QString &option) const
{
    for (const Field &f : m_fields)
        if (f.input->objectName() == option)
            return f.problem->text();
    return {};
}

}   // namespace zmqscope
