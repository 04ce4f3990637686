package io.personaforge.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineControlsTest {
  @TempDir Path dir;

  @Test
  void failureWindowTripsOnlyAboveTheRateWithEnoughSamples() {
    FailureWindow w = new FailureWindow(10, 4, 0.5);
    assertFalse(w.record(true));
    assertFalse(w.record(true));
    assertFalse(w.record(true)); // 3 of 3 failed, but fewer than 4 samples
    assertTrue(w.record(true));
    FailureWindow half = new FailureWindow(4, 4, 0.5);
    half.record(true);
    half.record(false);
    half.record(true);
    assertFalse(half.record(false)); // exactly half is not more than half
    assertTrue(half.describe().startsWith("2 of the last 4"));
  }

  @Test
  void aRunsWindowWaitsForTwentyOutcomesAndTripsAboveHalf() {
    FailureWindow w = new FailureWindow();
    for (int i = 0; i < 19; i++) {
      assertFalse(w.record(true));
    }
    assertTrue(w.record(true), "20 of 20 failed");
    FailureWindow mixed = new FailureWindow();
    for (int i = 0; i < 100; i++) {
      assertFalse(mixed.record(i % 2 == 1), "at most half failed: " + mixed.describe());
    }
    assertTrue(mixed.describe().startsWith("50 of the last 100"), mixed.describe());
  }

  @Test
  void journalSurvivesReopenAndATornLine() throws Exception {
    try (ResponseJournal j = ResponseJournal.open(dir, false)) {
      j.append("a", new ResponseJournal.Entry("{\"narrative\":\"é\"}", 1, 2));
      j.append("b", new ResponseJournal.Entry("second", 3, 4));
      j.append("a", new ResponseJournal.Entry("newer", 5, 6));
      assertEquals("newer", j.get("a").orElseThrow().text());
    }
    Path seg;
    try (var s = Files.list(dir)) {
      seg = s.findFirst().orElseThrow();
    }
    Files.writeString(seg, "{\"k\":\"c\",\"te", StandardOpenOption.APPEND);
    try (ResponseJournal j = ResponseJournal.open(dir, false)) {
      assertEquals(2, j.size());
      assertEquals(1, j.skippedLines());
      assertEquals(new ResponseJournal.Entry("newer", 5, 6), j.get("a").orElseThrow());
      assertEquals("second", j.get("b").orElseThrow().text());
      assertTrue(j.get("c").isEmpty());
    }
    try (ResponseJournal fresh = ResponseJournal.open(dir, true)) {
      assertEquals(0, fresh.size());
    }
  }

  @Test
  void unlimitedBudgetNeverWaitsAndNegativeIsRejected() throws Exception {
    RateBudget b = new RateBudget(0);
    for (int i = 0; i < 1000; i++) {
      b.acquire();
    }
    assertThrows(IllegalArgumentException.class, () -> new RateBudget(-1));
  }
}
