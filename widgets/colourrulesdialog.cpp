#include "colourrulesdialog.h"

#include "codec/filter.h"

#include <QColorDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace zmqscope {

namespace {
QIcon swatch(const QColor &c)
{
    QPixmap p(16, 16);
    p.fill(c);
    return QIcon(p);
}
}   // namespace

ColourRulesDialog::ColourRulesDialog(QList<ColourRule> rules, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Colour Rules"));
    resize(760, 360);
    auto *intro = new QLabel(tr("The first enabled rule whose filter matches a frame colours its row. "
                                "Filters use the filter bar's language."),
                             this);
    intro->setWordWrap(true);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({tr("On"), tr("Name"), tr("Filter"), tr("Colour")});
    m_table->horizontalHeader()->setSectionResizeMode(Expression, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);

    auto *add = new QPushButton(tr("&Add"), this);
    auto *remove = new QPushButton(tr("&Remove"), this);
    auto *up = new QPushButton(tr("Move &Up"), this);
    auto *down = new QPushButton(tr("Move &Down"), this);
    auto *defaults = new QPushButton(tr("Restore &Defaults"), this);
    auto *side = new QVBoxLayout;
    for (QPushButton *b : {add, remove, up, down, defaults})
        side->addWidget(b);
    side->addStretch(1);
    auto *middle = new QHBoxLayout;
    middle->addWidget(m_table, 1);
    middle->addLayout(side);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(middle, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        const int at = m_table->currentRow() < 0 ? m_table->rowCount() : m_table->currentRow() + 1;
        addRow({tr("New rule"), QStringLiteral("zmtp.command == \"READY\""), QStringLiteral("#fff2a8"), true}, at);
        m_table->setCurrentCell(at, Expression);
        validate();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        validate();
    });
    connect(up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(down, &QPushButton::clicked, this, [this] { move(1); });
    connect(defaults, &QPushButton::clicked, this, [this] { fill(defaultColourRules()); });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int column) {
        if (column != Colour)
            return;
        QTableWidgetItem *item = m_table->item(row, Colour);
        const QColor c = QColorDialog::getColor(QColor(item->data(Qt::UserRole).toString()), this, tr("Row Colour"));
        if (c.isValid()) {
            item->setData(Qt::UserRole, c.name());
            item->setIcon(swatch(c));
            item->setText(c.name());
        }
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (item->column() == Expression)
            validate();
    });
    fill(rules);
}

void ColourRulesDialog::fill(const QList<ColourRule> &rules)
{
    m_table->setRowCount(0);
    for (const ColourRule &r : rules)
        addRow(r, m_table->rowCount());
    validate();
}

void ColourRulesDialog::addRow(const ColourRule &rule, int at)
{
    const QSignalBlocker block(m_table);
    m_table->insertRow(at);
    auto *on = new QTableWidgetItem;
    on->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    on->setCheckState(rule.enabled ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(at, Enabled, on);
    m_table->setItem(at, Name, new QTableWidgetItem(rule.name));
    m_table->setItem(at, Expression, new QTableWidgetItem(rule.expression));
    auto *colour = new QTableWidgetItem(swatch(QColor(rule.colour)), rule.colour);
    colour->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    colour->setData(Qt::UserRole, rule.colour);
    colour->setToolTip(tr("Double-click to choose"));
    m_table->setItem(at, Colour, colour);
}

void ColourRulesDialog::move(int by)
{
    const int row = m_table->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_table->rowCount())
        return;
    QList<ColourRule> all = rules();
    all.move(row, to);
    fill(all);
    m_table->setCurrentCell(to, Name);
}

QList<ColourRule> ColourRulesDialog::rules() const
{
    QList<ColourRule> out;
    for (int r = 0; r < m_table->rowCount(); ++r)
        out.push_back({m_table->item(r, Name)->text(), m_table->item(r, Expression)->text(),
                       m_table->item(r, Colour)->data(Qt::UserRole).toString(),
                       m_table->item(r, Enabled)->checkState() == Qt::Checked});
    return out;
}

QString ColourRulesDialog::problem() const
{
    return m_ok->toolTip();
}

void ColourRulesDialog::validate()
{
    const QSignalBlocker block(m_table);
    QString first;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QTableWidgetItem *item = m_table->item(r, Expression);
        std::string error;
        std::size_t at = 0;
        const bool ok = codec::FilterExpression::parse(item->text().toStdString(), &error, &at).has_value();
        item->setForeground(ok ? palette().color(QPalette::Text) : QColor(0xc0, 0x20, 0x20));
        const QString why = ok ? QString() : tr("Rule %1: column %2: %3").arg(r + 1).arg(at + 1).arg(QString::fromStdString(error));
        item->setToolTip(why);
        if (first.isEmpty())
            first = why;
    }
    m_ok->setEnabled(first.isEmpty());
    m_ok->setToolTip(first);
}

}   // namespace zmqscope
