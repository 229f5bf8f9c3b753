#pragma once
// What Python's shutil.get_terminal_size() reports: $COLUMNS, else the stdout terminal, else 80.

namespace keras::terminal {

int columns();
bool stdout_is_tty();

}  // namespace keras::terminal
