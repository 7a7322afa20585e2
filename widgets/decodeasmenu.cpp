#include "decodeasmenu.h"

#include "protocols/registry.h"

#include <QActionGroup>

namespace zmqscope {

DecodeAsMenu::DecodeAsMenu(const protocols::DecodeAs &current, quint32 connection, quint16 serverPort, QWidget *parent)
    : QMenu(tr("Decode As"), parent)
    , m_current(current)
{
    setObjectName(QStringLiteral("decodeAsMenu"));
    const auto c = current.connections.find(connection);
    addMenu(scopeMenu(tr("Connection %1").arg(connection),
                      c == current.connections.end() ? QString() : QString::fromStdString(c->second),
                      [connection](protocols::DecodeAs &d, const QString &id) {
                          if (id.isEmpty())
                              d.connections.erase(connection);
                          else
                              d.connections[connection] = id.toStdString();
                      }))
        ->menu()->setObjectName(QStringLiteral("decodeConnection"));
    if (serverPort) {
        const auto p = current.ports.find(serverPort);
        addMenu(scopeMenu(tr("Every Connection on Port %1").arg(serverPort),
                          p == current.ports.end() ? QString() : QString::fromStdString(p->second),
                          [serverPort](protocols::DecodeAs &d, const QString &id) {
                              if (id.isEmpty())
                                  d.ports.erase(serverPort);
                              else
                                  d.ports[serverPort] = id.toStdString();
                          }))
            ->menu()->setObjectName(QStringLiteral("decodePort"));
    }
}

QMenu *DecodeAsMenu::scopeMenu(const QString &title, const QString &current,
                               const std::function<void(protocols::DecodeAs &, const QString &)> &set)
{
    auto *menu = new QMenu(title, this);
    auto *group = new QActionGroup(menu);
    const auto add = [&](const QString &text, const QString &id) {
        QAction *a = menu->addAction(text);
        a->setObjectName(id.isEmpty() ? QStringLiteral("detect") : id);
        a->setCheckable(true);
        a->setChecked(current == id);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, set, id] {
            protocols::DecodeAs next = m_current;
            set(next, id);
            Q_EMIT chosen(next);
        });
    };
    add(tr("Detect from the Content"), QString());
    add(tr("No Application Protocol"), QStringLiteral("none"));
    menu->addSeparator();
    for (const protocols::ProtocolDissector *d : protocols::registry()) {
        const auto &info = d->info();
        add(QStringLiteral("%1 (%2)").arg(QString::fromUtf8(info.name.data(), qsizetype(info.name.size())),
                                          QString::fromUtf8(info.spec.data(), qsizetype(info.spec.size()))),
            QString::fromLatin1(info.id.data(), qsizetype(info.id.size())));
    }
    return menu;
}

}   // namespace zmqscope
