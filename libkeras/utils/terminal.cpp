#include "libkeras/utils/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace keras::terminal {

int columns() {
  if (const char* env = std::getenv("COLUMNS")) {
    try {
      int c = std::stoi(env);
      if (c > 0) return c;
    } catch (...) {
      // Python ignores a malformed $COLUMNS too.
    }
  }
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

bool stdout_is_tty() { return isatty(STDOUT_FILENO) == 1; }

}  // namespace keras::terminal
