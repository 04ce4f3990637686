package io.personaforge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void rateAndEtaComeFromTheDraftsWrittenThisRound() {
    Progress p = new Progress(1, 5000, 1234, 4800, 5000, 3, 30);
    assertEquals(1234 / 30.0, p.rate(), 1e-9);
    assertEquals((5000 - 1234) / (1234 / 30.0), p.etaSeconds(), 1e-6);
    assertEquals(
        "round 1 · 1,234 of 5,000 written (24%) · 41.1/s · ETA 1m 32s · corpus 4,800 of 5,000"
            + " · 3 retries",
        p.line());
  }

  @Test
  void beforeTheFirstDraftTheEtaIsUnknown() {
    Progress p = new Progress(0, 200, 0, 0, 200, 1, 2.5);
    assertEquals(-1, p.etaSeconds());
    assertEquals(
        "round 0 · 0 of 200 written (0%) · 0.0/s · ETA ? · corpus 0 of 200 · 1 retry", p.line());
  }

  @Test
  void durationsReadAsSecondsMinutesOrHours() {
    assertEquals("42s", Progress.duration(42.4));
    assertEquals("1m 05s", Progress.duration(65));
    assertEquals("2h 05m", Progress.duration(2 * 3600 + 5 * 60 + 59));
  }
}
