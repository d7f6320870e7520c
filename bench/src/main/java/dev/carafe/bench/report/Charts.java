package dev.carafe.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The charts of a run, as PNG files: what most readers look at first. */
final class Charts {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 520;
  private static final Color DIRECT = new Color(0x2E, 0x6F, 0xB5);
  private static final Color NGINX = new Color(0x4C, 0xA8, 0x5A);

  private Charts() {}

  /** Writes every chart the results allow into {@code dir}; returns their file names. */
  static List<String> write(Results r, Path dir) throws IOException {
    List<String> written = new ArrayList<>();
    if (json(r, dir.resolve("bench-json.png"))) {
      written.add("bench-json.png");
    }
    if (workloads(r, dir.resolve("bench-workloads.png"))) {
      written.add("bench-workloads.png");
    }
    if (warmup(r, dir.resolve("bench-warmup.png"))) {
      written.add("bench-warmup.png");
    }
    return written;
  }

  /** JSON hello per backend: direct next to behind nginx. */
  private static boolean json(Results r, Path file) throws IOException {
    List<String> backends = r.ran.keySet().stream().filter(s -> !s.contains("nginx")).toList();
    if (backends.isEmpty()) {
      return false;
    }
    List<String> labels = new ArrayList<>(backends);
    List<Double> direct = new ArrayList<>();
    List<Double> nonBlocking = new ArrayList<>();
    List<Double> proxied = new ArrayList<>();
    for (String backend : backends) {
      direct.add(value(r.rps(backend, "json")));
      nonBlocking.add(value(r.rps(backend, "json-nb")));
      proxied.add(value(r.rps(backend + "+nginx", "json")));
    }
    if (r.ran.containsKey("nginx")) {
      labels.add("nginx alone");
      direct.add(value(r.rps("nginx", "json")));
      nonBlocking.add(0.0);
      proxied.add(0.0);
    }
    CategoryChart chart = bars("JSON hello: requests per second (higher is better)");
    chart.addSeries("direct", labels, direct).setFillColor(DIRECT);
    if (nonBlocking.stream().anyMatch(v -> v > 0)) {
      chart.addSeries("direct, view declared non-blocking", labels, nonBlocking);
    }
    if (proxied.stream().anyMatch(v -> v > 0)) {
      chart.addSeries("behind nginx", labels, proxied).setFillColor(NGINX);
    }
    save(chart, file);
    return true;
  }

  /** The other workloads, for the subjects that serve them. */
  private static boolean workloads(Results r, Path file) throws IOException {
    List<String> subjects =
        r.ran.entrySet().stream()
            .filter(e -> e.getValue().stream().anyMatch(w -> !w.startsWith("json")))
            .map(Map.Entry::getKey)
            .toList();
    if (subjects.isEmpty()) {
      return false;
    }
    CategoryChart chart = bars("Other workloads: requests per second (higher is better)");
    for (String workload : Markdown.WORKLOADS) {
      if (workload.startsWith("json") || Markdown.subjectsServing(r, workload).isEmpty()) {
        continue;
      }
      List<Double> values = new ArrayList<>();
      for (String subject : subjects) {
        values.add(value(r.rps(subject, workload)));
      }
      chart.addSeries(Markdown.WORKLOAD_NAMES.get(workload), subjects, values);
    }
    save(chart, file);
    return true;
  }

  /** Throughput in the seconds after the first 200, as a share of steady throughput. */
  private static boolean warmup(Results r, Path file) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Fresh worker: JSON throughput after the first 200, % of steady")
            .xAxisTitle("seconds of traffic")
            .yAxisTitle("% of steady throughput")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("#");
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    boolean any = false;
    for (Map.Entry<String, List<Double>> e : r.slices.entrySet()) {
      OptionalDouble steady = r.steadyJson(e.getKey());
      if (steady.isEmpty() || steady.getAsDouble() == 0 || e.getValue().isEmpty()) {
        continue;
      }
      List<Integer> seconds = new ArrayList<>();
      List<Double> share = new ArrayList<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        seconds.add(i + 1);
        share.add(100 * e.getValue().get(i) / steady.getAsDouble());
      }
      chart.addSeries(e.getKey(), seconds, share).setMarker(SeriesMarkers.CIRCLE);
      any = true;
    }
    if (any) {
      save(chart, file);
    }
    return any;
  }

  private static CategoryChart bars(String title) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle("requests/s")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setLabelsVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(20);
    return chart;
  }

  private static double value(OptionalDouble rps) {
    return rps.orElse(0);
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
