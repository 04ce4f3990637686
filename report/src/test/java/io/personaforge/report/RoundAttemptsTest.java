package io.personaforge.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A round that was run again (the Direct runner got stuck) says so in the text overview and in the
 * report's rounds table; a summary written before rounds counted their runs reads as one run each.
 */
class RoundAttemptsTest {
  private static final String RUN_TWICE =
      ReportPageTest.SUMMARY.replace("\"seconds\":1.2}", "\"seconds\":1.2,\"attempts\":2}");

  @Test
  void aRoundRunTwiceSaysSo() throws Exception {
    String text = SummaryText.overview(new ObjectMapper().readTree(RUN_TWICE));
    assertTrue(
        text.contains(
            "round 0: 4 generated, 3 accepted, 1 rejected, 0 duplicates, 0 surplus (1.2 s); run 2"
                + " times: the Direct runner got stuck and the round was run again"),
        text);
    String html = ReportPage.render(RUN_TWICE, List.of());
    assertTrue(html.matches("(?s).*<th[^>]*>runs</th>.*<td>1\\.2</td><td>2</td></tr>.*"), html);
  }

  @Test
  void anOlderSummaryReadsAsOneRunPerRound() throws Exception {
    String text = SummaryText.overview(new ObjectMapper().readTree(ReportPageTest.SUMMARY));
    assertTrue(text.contains("0 surplus (1.2 s)\n"), text);
    assertFalse(text.contains("run 2 times"), text);
    String html = ReportPage.render(ReportPageTest.SUMMARY, List.of());
    assertTrue(html.matches("(?s).*<td>1\\.2</td><td>1</td></tr>.*"), html);
  }
}
