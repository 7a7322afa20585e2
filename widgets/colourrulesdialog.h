// View > Colour Rules: the frame list's colour rules (core/colourrules.h) in
// a table the user edits: enable, name, display-filter expression (checked
// as typed: an invalid one turns red with the reason), colour; add, remove,
// move up and down (the first matching rule wins), restore the defaults.
#pragma once

#include "colourrules.h"

#include <QDialog>

class QTableWidget;
class QPushButton;

namespace zmqscope {

class ColourRulesDialog : public QDialog {
    Q_OBJECT
public:
    explicit ColourRulesDialog(QList<ColourRule> rules, QWidget *parent = nullptr);
    QList<ColourRule> rules() const;
    // The first invalid expression's reason, empty when all are valid.
    QString problem() const;
    QTableWidget *table() const { return m_table; }

    enum Column { Enabled, Name, Expression, Colour, ColumnCount };

private:
    void fill(const QList<ColourRule> &rules);
    void addRow(const ColourRule &rule, int at);
    void move(int by);
    void validate();

    QTableWidget *m_table = nullptr;
    QPushButton *m_ok = nullptr;
};

}   // namespace zmqscope
