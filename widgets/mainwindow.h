// The main window. At this stage it shows the dissection of the built-in
// sample connections as text; the frame list, tree and hex views replace
// the text pane as the models arrive. Lives on the GUI thread.
#pragma once

#include <QMainWindow>

class QPlainTextEdit;

namespace zmqscope {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    QPlainTextEdit *dissectionView() const { return m_text; }

private:
    void showAbout();
    void loadSamples();

    QPlainTextEdit *m_text = nullptr;
};

}   // namespace zmqscope
