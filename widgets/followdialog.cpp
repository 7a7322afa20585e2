#include "followdialog.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>

namespace zmqscope {

namespace {

// Printable ASCII as it is, everything else as \xNN (and \\ for a backslash).
QString asText(const QByteArray &b)
{
    QString s;
    s.reserve(b.size());
    for (const char c : b) {
        const auto u = static_cast<unsigned char>(c);
        if (u == '\\')
            s += QLatin1String("\\\\");
        else if (u >= 0x20 && u < 0x7f)
            s += QLatin1Char(char(u));
        else
            s += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    return s;
}

// 16 bytes a line: offset, hex, ASCII.
QString asHex(const QByteArray &b, const QString &indent)
{
    QString s;
    for (qsizetype at = 0; at < b.size(); at += 16) {
        s += indent + QStringLiteral("%1  ").arg(at, 4, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = at; i < at + 16; ++i) {
            if (i < b.size()) {
                const auto u = static_cast<unsigned char>(b[i]);
                s += QStringLiteral("%1 ").arg(u, 2, 16, QLatin1Char('0'));
                ascii += u >= 0x20 && u < 0x7f ? QLatin1Char(char(u)) : QLatin1Char('.');
            } else {
                s += QLatin1String("   ");
            }
        }
        s += QLatin1Char(' ') + ascii + QLatin1Char('\n');
    }
    return s;
}

}   // namespace

FollowDialog::FollowDialog(const QString &title, QVector<FollowItem> items, bool truncated, QWidget *parent)
    : FollowDialog(title, parent)
{
    setItems(std::move(items), truncated);
}

FollowDialog::FollowDialog(const QString &title, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Follow Connection — %1").arg(title));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(760, 520);

    m_text = new QTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QTextEdit::NoWrap);

    m_modeBox = new QComboBox(this);
    m_modeBox->addItem(tr("Text"));
    m_modeBox->addItem(tr("Hex dump"));
    connect(m_modeBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setMode(i == 1 ? Mode::Hex : Mode::Text); });
    m_summary = new QLabel(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(new QLabel(tr("Show as:"), this));
    bar->addWidget(m_modeBox);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addLayout(bar);
    layout->addWidget(buttons);
    m_text->setPlainText(tr("Reading the connection from the capture…"));
    m_modeBox->setEnabled(false);
}

void FollowDialog::setItems(QVector<FollowItem> items, bool truncated)
{
    m_items = std::move(items);
    m_truncated = truncated;
    m_loaded = true;
    m_modeBox->setEnabled(true);
    qsizetype bytes[2] = {0, 0};
    int messages[2] = {0, 0};
    for (const FollowItem &item : m_items) {
        if (!item.command.isEmpty())
            continue;   // counts are of messages and their payload
        ++messages[item.direction & 1];
        for (const QByteArray &f : item.frames)
            bytes[item.direction & 1] += f.size();
    }
    QString s = tr("Client → server: %1, %2 bytes; server → client: %3, %4 bytes")
                    .arg(tr("%n message(s)", nullptr, messages[0]))
                    .arg(bytes[0])
                    .arg(tr("%n message(s)", nullptr, messages[1]))
                    .arg(bytes[1]);
    if (m_truncated)
        s += tr("; only the first %1 shown").arg(m_items.size());
    m_summary->setText(s);
    render();
    Q_EMIT loaded();
}

void FollowDialog::setMode(Mode mode)
{
    m_mode = mode;
    const QSignalBlocker block(m_modeBox);
    m_modeBox->setCurrentIndex(mode == Mode::Hex ? 1 : 0);
    render();
}

QString FollowDialog::plainText() const
{
    return m_text->toPlainText();
}

QString FollowDialog::summary() const
{
    return m_summary->text();
}

void FollowDialog::render()
{
    if (!m_loaded)
        return;
    // Direction colours that read on light and dark bases alike.
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    const QColor colour[2] = {dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xa0, 0x10, 0x10),
                              dark ? QColor(0x82, 0xb1, 0xff) : QColor(0x10, 0x30, 0xa0)};
    m_text->clear();
    QTextCursor cursor(m_text->document());
    for (const FollowItem &item : m_items) {
        QTextCharFormat head;
        head.setForeground(colour[item.direction & 1]);
        head.setFontWeight(QFont::Bold);
        QTextCharFormat body;
        body.setForeground(colour[item.direction & 1]);
        const QString time = QDateTime::fromMSecsSinceEpoch(item.timeNs / 1000000, Qt::UTC)
                                 .toString(QStringLiteral("HH:mm:ss.zzz"));
        QString what = item.command.isEmpty() ? tr("message, %n frame(s)", nullptr, int(item.frames.size()))
                                              : (item.summary.isEmpty() ? tr("command %1").arg(item.command) : item.summary);
        if (!item.complete)
            what += tr(" (bytes missing from the capture)");
        const QString direction = item.direction == 0 ? QStringLiteral("→ c2s") : QStringLiteral("← s2c");
        cursor.insertText(item.number > 0 ? QStringLiteral("%1 %2 No. %3  %4\n").arg(direction, time).arg(item.number).arg(what)
                                          : QStringLiteral("%1 %2  %3\n").arg(direction, time, what),
                          head);
        // A command's text is its line above; its body shows in the hex dump.
        if (m_mode == Mode::Text && !item.command.isEmpty())
            continue;
        for (int i = 0; i < item.frames.size(); ++i) {
            if (m_mode == Mode::Text)
                cursor.insertText(QStringLiteral("  [%1] %2\n").arg(i).arg(asText(item.frames[i])), body);
            else
                cursor.insertText(QStringLiteral("  [%1] %2 bytes\n").arg(i).arg(item.frames[i].size())
                                      + asHex(item.frames[i], QStringLiteral("    ")),
                                  body);
        }
    }
    if (m_items.isEmpty())
        cursor.insertText(tr("This connection has no messages or commands yet."));
    m_text->moveCursor(QTextCursor::Start);
}

}   // namespace zmqscope
