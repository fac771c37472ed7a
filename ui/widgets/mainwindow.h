#pragma once

#include <QMainWindow>

namespace seed::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace seed::ui
