package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.personaforge.app.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private static final Progress LONG = new Progress(0, 5000, 2500, 0, 5000, 12, 50);
  private static final Progress SHORT = new Progress(0, 50, 5, 0, 50, 0, 1);

  @Test
  void offATerminalOnlyTheLinesArePrinted() {
    StringWriter out = new StringWriter();
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), false);
    p.line("Generating 5000 personas");
    p.progress(LONG);
    p.progress(SHORT);
    p.line("Round 0: done");
    p.clear();
    assertEquals("Generating 5000 personas\nRound 0: done\n", out.toString().replace("\r\n", "\n"));
    assertFalse(out.toString().contains("\r"), "no carriage return in a log");
  }

  @Test
  void onATerminalProgressIsRewrittenInPlaceAndClearedBeforeTheNextLine() {
    StringWriter out = new StringWriter();
    ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), true);
    p.progress(LONG);
    p.progress(SHORT);
    p.line("Round 0: done");
    String pad = " ".repeat(LONG.line().length() - SHORT.line().length());
    String blank = " ".repeat(SHORT.line().length());
    assertEquals(
        "\r" + LONG.line() + "\r" + SHORT.line() + pad + "\r" + blank + "\r" + "Round 0: done\n",
        out.toString().replace("\r\n", "\n"));
  }
}
