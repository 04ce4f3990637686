package io.personaforge.report;

import java.util.List;
import java.util.Locale;

/**
 * Bar charts as inline SVG, drawn in Java so that report.html needs no script and no network. Every
 * chart is an {@code <svg class="chart">} whose bars are {@code <rect class="bar">} elements, one
 * per non-zero value; {@code data-bars} says how many there are (the browser test checks them).
 */
final class Charts {
  static final int WIDTH = 720;
  private static final int LABEL_WIDTH = 220;
  private static final int VALUE_WIDTH = 90;
  private static final int BAR = 14;
  private static final int GAP = 8;
  private static final int MAX_LABEL = 32;

  private Charts() {}

  /** A series of a bar chart: its name (legend) and CSS class (colour). */
  record Series(String name, String cssClass) {}

  /**
   * One row of a horizontal bar chart: a label and one value per series.
   *
   * @param label the category
   * @param values one per series, ≥ 0
   * @param text what is written after the last bar
   */
  record Row(String label, double[] values, String text) {}

  /** One vertical bar of a histogram over [from, to). */
  record Column(double from, double to, long count) {}

  /**
   * Horizontal bars, one group per row, one bar per series, scaled to the largest value.
   *
   * @param id a stable name for the chart (data-chart)
   * @param title what the chart shows (for screen readers)
   */
  static String horizontal(String id, String title, List<Series> series, List<Row> rows) {
    double max = 0;
    for (Row r : rows) {
      for (double v : r.values()) {
        max = Math.max(max, v);
      }
    }
    int group = series.size() * BAR + GAP;
    int legend = series.size() > 1 ? 24 : 0;
    int height = legend + rows.size() * group + GAP;
    int plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    StringBuilder bars = new StringBuilder();
    int count = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int y = legend + i * group + GAP / 2;
      bars.append(
          String.format(
              Locale.ROOT,
              "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s<title>%s</title></text>",
              LABEL_WIDTH - 8,
              y + series.size() * BAR / 2 + 4,
              Html.escape(shorten(r.label())),
              Html.escape(r.label())));
      for (int s = 0; s < series.size(); s++) {
        double v = r.values()[s];
        double w = max <= 0 ? 0 : v / max * plot;
        if (v > 0) {
          count++;
          bars.append(
              String.format(
                  Locale.ROOT,
                  "<rect class=\"bar %s\" x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\"><title>%s: %s</title></rect>",
                  series.get(s).cssClass(),
                  LABEL_WIDTH,
                  y + s * BAR,
                  Math.max(1.0, w),
                  BAR - 2,
                  Html.escape(series.get(s).name()),
                  number(v)));
        }
      }
      double longest = 0;
      for (double v : r.values()) {
        longest = Math.max(longest, max <= 0 ? 0 : v / max * plot);
      }
      bars.append(
          String.format(
              Locale.ROOT,
              "<text class=\"value\" x=\"%.2f\" y=\"%d\">%s</text>",
              LABEL_WIDTH + Math.max(1.0, longest) + 6,
              y + series.size() * BAR / 2 + 4,
              Html.escape(r.text())));
    }
    StringBuilder svg = open(id, title, height, count);
    if (series.size() > 1) {
      for (int s = 0; s < series.size(); s++) {
        int x = LABEL_WIDTH + s * 140;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"key %s\" x=\"%d\" y=\"4\" width=\"12\" height=\"12\"/>"
                    + "<text class=\"label\" x=\"%d\" y=\"14\">%s</text>",
                series.get(s).cssClass(),
                x,
                x + 18,
                Html.escape(series.get(s).name())));
      }
    }
    return svg.append(bars).append("</svg>").toString();
  }

  /**
   * A histogram: one column per bin, an x axis labelled at the bin edges, and an optional vertical
   * marker (a threshold).
   *
   * @param axis what the x axis measures
   * @param marker where to draw the marker (in axis units), or null
   * @param markerLabel the marker's label
   */
  static String histogram(
      String id,
      String title,
      List<Column> columns,
      String axis,
      Double marker,
      String markerLabel) {
    int height = 220;
    int left = 50;
    int right = 20;
    int top = 20;
    int bottom = 40;
    int plotW = WIDTH - left - right;
    int plotH = height - top - bottom;
    long max = columns.stream().mapToLong(Column::count).max().orElse(0);
    double lo = columns.isEmpty() ? 0 : columns.get(0).from();
    double hi = columns.isEmpty() ? 1 : columns.get(columns.size() - 1).to();
    double span = hi > lo ? hi - lo : 1;
    StringBuilder body = new StringBuilder();
    int count = 0;
    for (Column c : columns) {
      double x = left + (c.from() - lo) / span * plotW;
      double w = (c.to() - c.from()) / span * plotW;
      if (c.count() > 0) {
        count++;
        double h = Math.max(1.0, (double) c.count() / max * plotH);
        body.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar one\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"><title>%s–%s: %s</title></rect>",
                x + 1,
                top + plotH - h,
                Math.max(1.0, w - 2),
                h,
                number(c.from()),
                number(c.to()),
                number(c.count())));
      }
    }
    body.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
            left,
            top + plotH,
            left + plotW,
            top + plotH));
    int ticks = Math.min(columns.size(), 10);
    int step = Math.max(1, (columns.size() + ticks - 1) / Math.max(1, ticks));
    for (int i = 0; i <= columns.size(); i += step) {
      double edge = i < columns.size() ? columns.get(i).from() : hi;
      double x = left + (edge - lo) / span * plotW;
      body.append(
          String.format(
              Locale.ROOT,
              "<text class=\"tick\" x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              x,
              top + plotH + 16,
              number(edge)));
    }
    body.append(
        String.format(
            Locale.ROOT,
            "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
            left + plotW / 2,
            height - 4,
            Html.escape(axis),
            left - 6,
            top + 4,
            number(max)));
    if (marker != null) {
      double x = left + (marker - lo) / span * plotW;
      body.append(
          String.format(
              Locale.ROOT,
              "<line class=\"marker\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>"
                  + "<text class=\"marker-label\" x=\"%.2f\" y=\"%d\" text-anchor=\"end\">%s</text>",
              x,
              top - 6,
              x,
              top + plotH,
              x - 4,
              top + 6,
              Html.escape(markerLabel)));
    }
    return open(id, title, height, count).append(body).append("</svg>").toString();
  }

  /** One sample of a timeline: seconds, calls in flight, the limit then. */
  record Point(double seconds, int inFlight, int limit) {}

  /**
   * Calls in flight over time as bars (one per sample with any in flight), the limit as a line,
   * scaled to {@code ceiling} (the configured concurrency).
   */
  static String timeline(String id, String title, List<Point> points, int ceiling) {
    int height = 200;
    int left = 50;
    int right = 20;
    int top = 12;
    int bottom = 36;
    int plotW = WIDTH - left - right;
    int plotH = height - top - bottom;
    double end = points.get(points.size() - 1).seconds();
    double span = end > 0 ? end : 1;
    double w = Math.max(1.0, (double) plotW / points.size());
    int max = Math.max(1, ceiling);
    StringBuilder body = new StringBuilder();
    StringBuilder line = new StringBuilder();
    int count = 0;
    for (Point p : points) {
      double x = left + p.seconds() / span * (plotW - w);
      if (p.inFlight() > 0) {
        count++;
        double h = Math.max(1.0, (double) Math.min(p.inFlight(), max) / max * plotH);
        body.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar one\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"><title>%s s: %d in flight, limit %d</title></rect>",
                x,
                top + plotH - h,
                w,
                h,
                number(p.seconds()),
                p.inFlight(),
                p.limit()));
      }
      line.append(
          String.format(
              Locale.ROOT,
              "%.2f,%.2f ",
              x + w / 2,
              top + plotH - (double) Math.min(p.limit(), max) / max * plotH));
    }
    body.append("<polyline class=\"limit\" points=\"")
        .append(line.toString().strip())
        .append("\"/>");
    body.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the"
                + " run's engine opened (0 – %s)</text>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>",
            left,
            top + plotH,
            left + plotW,
            top + plotH,
            left + plotW / 2,
            height - 6,
            number(Math.round(end)),
            left - 6,
            top + 8,
            max));
    return open(id, title, height, count).append(body).append("</svg>").toString();
  }

  private static StringBuilder open(String id, String title, int height, int bars) {
    return new StringBuilder()
        .append(
            String.format(
                Locale.ROOT,
                "<svg class=\"chart\" data-chart=\"%s\" data-bars=\"%d\" role=\"img\""
                    + " aria-label=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                    + " xmlns=\"http://www.w3.org/2000/svg\">",
                Html.escape(id),
                bars,
                Html.escape(title),
                WIDTH,
                height,
                WIDTH,
                height));
  }

  private static String shorten(String label) {
    return label.length() <= MAX_LABEL ? label : label.substring(0, MAX_LABEL - 1) + "…";
  }

  /** A number as people read it: grouped thousands, at most 3 decimals. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    String s = String.format(Locale.ROOT, "%,.3f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
