package io.personaforge.cli;

import io.personaforge.app.Progress;
import io.personaforge.app.RunListener;
import java.io.PrintWriter;

/**
 * Prints a run's lines, and on a terminal its progress as one line rewritten in place (carriage
 * return). Off a terminal (a log file, CI) progress is left out: a line per second would bury the
 * one line per round that matters.
 */
final class ProgressPrinter implements RunListener {
  private final PrintWriter err;
  private final boolean terminal;
  private int shown; // characters of the progress line now on screen; 0 when there is none

  ProgressPrinter(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void line(String text) {
    clear();
    err.println(text);
    err.flush();
  }

  @Override
  public void progress(Progress progress) {
    if (!terminal) {
      return;
    }
    String text = progress.line();
    // Blank out the rest of a longer previous line.
    err.print("\r" + text + " ".repeat(Math.max(0, shown - text.length())));
    shown = text.length();
    err.flush();
  }

  /** Removes the progress line, if one is shown. */
  void clear() {
    if (shown > 0) {
      err.print("\r" + " ".repeat(shown) + "\r");
      shown = 0;
      err.flush();
    }
  }
}
