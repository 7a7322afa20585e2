// The dialogs that start live captures from the Capture menu: a tap relay
// (listen and forward endpoints; optionally CURVE-terminating with the
// server's key pair) and an interface capture (libpcap interface and BPF
// filter, with what to do when the privilege is missing). They only collect
// settings; the CaptureSession starts the source and reports errors.
#pragma once

#include "capturesession.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;

namespace zmqscope {

class TapDialog : public QDialog {
    Q_OBJECT
public:
    explicit TapDialog(QWidget *parent = nullptr);
    TapSettings settings() const;
    // Why the settings cannot be used yet (empty when they can).
    QString problem() const;

    QLineEdit *listenEdit() const { return m_listen; }
    QLineEdit *forwardEdit() const { return m_forward; }
    QGroupBox *curveBox() const { return m_curve; }
    QLineEdit *serverSecretEdit() const { return m_serverSecret; }

private:
    void validate();
    void loadCertificate();

    QLineEdit *m_listen = nullptr;
    QLineEdit *m_forward = nullptr;
    QGroupBox *m_curve = nullptr;
    QLineEdit *m_serverSecret = nullptr;
    QLabel *m_serverPublic = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

class InterfaceDialog : public QDialog {
    Q_OBJECT
public:
    explicit InterfaceDialog(QWidget *parent = nullptr);
    QString interfaceName() const;
    QString filter() const;
    // True when this process may capture (root or CAP_NET_RAW).
    static bool havePrivilege();

    QComboBox *interfaceBox() const { return m_interfaces; }
    QLabel *privilegeLabel() const { return m_privilege; }

private:
    QComboBox *m_interfaces = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_privilege = nullptr;
};

}   // namespace zmqscope
