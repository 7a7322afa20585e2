// The New Peer dialog: a role, and a form made from the role's option
// table (peers/*: kind, default, help), each value checked as it is typed
// with what is wrong said beside it; OK only when every value is valid.
#pragma once

#include "peersession.h"

#include <QDialog>
#include <QList>

class QComboBox;
class QFormLayout;
class QLabel;
class QDialogButtonBox;

namespace zmqscope {

namespace peers {
struct RoleInfo;
struct OptionSpec;
}

class NewPeerDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewPeerDialog(const QString &role = {}, QWidget *parent = nullptr);

    QString role() const;
    // The values typed (left empty: the default; nothing is sent for it).
    PeerOptions options() const;
    // For tests: the input for an option, and its problem text.
    QWidget *field(const QString &option) const;
    QString problem(const QString &option) const;
    bool acceptable() const;
    // Fills an option's field (Replay: the file written from the selection).
    void setValue(const QString &option, const QString &value);

private:
    struct Field {
        const peers::OptionSpec *spec;
        QWidget *input;
        QLabel *problem;
    };
    void buildForm();
    void check();
    QStringList values(const Field &f) const;
    QComboBox *m_roles;
    QLabel *m_description;
    QFormLayout *m_form;
    QDialogButtonBox *m_buttons;
    QList<Field> m_fields;
};

}   // namespace zmqscope
