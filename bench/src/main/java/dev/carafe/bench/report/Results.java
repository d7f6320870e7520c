package dev.carafe.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/** What one run of bench/run.sh wrote: the tab-separated files of its results folder. */
final class Results {
  /** One wrk measurement. */
  record Run(
      String subject,
      String workload,
      int round,
      double rps,
      double p50Ms,
      double p99Ms,
      long non2xx,
      long errors) {}

  /** Memory of a backend's workers, the largest worker's, in kB. */
  record Memory(int workers, long rssKb, long peakKb) {}

  /** A backend's warm-up: seconds of load, and how its JIT compiler ended it (empty: no JIT). */
  record Warmup(int seconds, String jit) {}

  final Map<String, String> machine = new LinkedHashMap<>();

  /** Subjects that ran, in table order, with the workloads each one serves. */
  final Map<String, List<String>> ran = new LinkedHashMap<>();

  final Map<String, String> skipped = new LinkedHashMap<>();
  final Map<String, Long> startRssKb = new LinkedHashMap<>();
  final Map<String, Warmup> warmups = new LinkedHashMap<>();

  /** Milliseconds from start to the first 200, by subject and then by mode (prod, dev). */
  final Map<String, Map<String, Long>> firstOk = new LinkedHashMap<>();

  final Map<String, List<Double>> slices = new LinkedHashMap<>();
  final Map<String, Memory> memory = new LinkedHashMap<>();
  final List<Run> runs = new ArrayList<>();

  /** What the other benchmarks measured when bench/run.sh --all ran them: key, then value. */
  final Map<String, String> figures = new LinkedHashMap<>();

  static Results load(Path dir) throws IOException {
    Results r = new Results();
    for (String[] f : rows(dir.resolve("machine.tsv"))) {
      r.machine.put(f[0], f.length > 1 ? f[1] : "");
    }
    List<String> backendsThatRan = new ArrayList<>();
    for (String[] f : rows(dir.resolve("subjects.tsv"))) {
      if ("ran".equals(f[1])) {
        backendsThatRan.add(f[0]);
        if (f.length > 3 && !f[3].isEmpty()) {
          r.startRssKb.put(f[0], Long.parseLong(f[3]));
        }
        if (f.length > 4 && !f[4].isEmpty()) {
          r.warmups.put(f[0], new Warmup(Integer.parseInt(f[4]), f.length > 5 ? f[5] : ""));
        }
      } else {
        r.skipped.put(f[0], f.length > 2 ? f[2] : "");
      }
    }
    for (String[] f : rows(dir.resolve("runs.tsv"))) {
      r.runs.add(
          new Run(
              f[0],
              f[1],
              Integer.parseInt(f[2]),
              Double.parseDouble(f[3]),
              Double.parseDouble(f[4]),
              Double.parseDouble(f[5]),
              Long.parseLong(f[6]),
              Long.parseLong(f[7])));
    }
    // Table order: each backend, then each behind nginx, then nginx alone.
    for (String name : backendsThatRan) {
      if (!name.equals("nginx")) {
        r.ran.put(name, r.workloadsOf(name));
      }
    }
    for (String name : backendsThatRan) {
      if (!name.equals("nginx") && r.measured(name + "+nginx")) {
        r.ran.put(name + "+nginx", r.workloadsOf(name + "+nginx"));
      }
    }
    if (backendsThatRan.contains("nginx")) {
      r.ran.put("nginx", r.workloadsOf("nginx"));
    }
    for (String[] f : rows(dir.resolve("starts.tsv"))) {
      r.firstOk.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], Long.parseLong(f[2]));
    }
    for (String[] f : rows(dir.resolve("slices.tsv"))) {
      r.slices.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
    }
    for (String[] f : rows(dir.resolve("memory.tsv"))) {
      r.memory.put(
          f[0], new Memory(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
    }
    for (String[] f : rows(dir.resolve("figures.tsv"))) {
      r.figures.put(f[0], f.length > 1 ? f[1] : "");
    }
    return r;
  }

  /** A figure of another benchmark, when it measured one; the last of a key counts. */
  OptionalDouble figure(String key) {
    try {
      return OptionalDouble.of(Double.parseDouble(figures.getOrDefault(key, "")));
    } catch (NumberFormatException notMeasured) {
      return OptionalDouble.empty();
    }
  }

  private boolean measured(String subject) {
    return runs.stream().anyMatch(run -> run.subject().equals(subject));
  }

  private List<String> workloadsOf(String subject) {
    return runs.stream()
        .filter(run -> run.subject().equals(subject))
        .map(Run::workload)
        .distinct()
        .toList();
  }

  /** The median over the rounds of one figure of one subject and workload. */
  OptionalDouble median(String subject, String workload, ToDoubleFunction<Run> figure) {
    double[] values =
        runs.stream()
            .filter(run -> run.subject().equals(subject) && run.workload().equals(workload))
            .mapToDouble(figure)
            .sorted()
            .toArray();
    if (values.length == 0) {
      return OptionalDouble.empty();
    }
    int mid = values.length / 2;
    return OptionalDouble.of(
        values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2);
  }

  OptionalDouble rps(String subject, String workload) {
    return median(subject, workload, Run::rps);
  }

  /**
   * The steady throughput of the JSON hello a fresh worker's warm-up curve is measured on: its
   * non-blocking one where it has one (Carafe's demo warms its own {@code /api/hello} up), else its
   * only one.
   */
  OptionalDouble steadyJson(String subject) {
    OptionalDouble nonBlocking = rps(subject, "json-nb");
    return nonBlocking.isPresent() ? nonBlocking : rps(subject, "json");
  }

  /** Failed or non-2xx responses over all of a subject's measurements. */
  long errors(String subject) {
    return runs.stream()
        .filter(run -> run.subject().equals(subject))
        .mapToLong(run -> run.errors() + run.non2xx())
        .sum();
  }

  Optional<String> machine(String key) {
    return Optional.ofNullable(machine.get(key)).filter(v -> !v.isBlank());
  }

  private static List<String[]> rows(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(line.split("\t", -1));
      }
    }
    return rows;
  }
}
