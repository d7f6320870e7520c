package dev.carafe.prod;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a worker's boot went, phase by phase, in time and in CPU time (on a busy machine the first
 * says what a deployment waits for, the second what the worker itself did), from its JVM's start to
 * the moment it serves.
 */
final class BootTimes {
  private record Phase(String name, long millis, long cpuMillis) {}

  private final OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private final long started = jvmStart().toEpochMilli();
  private final List<Phase> phases = new ArrayList<>();
  private long last = started;
  private long lastCpu;

  /** When this JVM started. */
  static Instant jvmStart() {
    return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** Starts with the phase from the JVM's start to now. */
  BootTimes(String first) {
    end(first);
  }

  /** Ends phase {@code name} now. */
  void end(String name) {
    long now = System.currentTimeMillis();
    long cpu = os.getProcessCpuTime() / 1_000_000;
    phases.add(new Phase(name, now - last, cpu - lastCpu));
    last = now;
    lastCpu = cpu;
  }

  /** "2345 ms after its JVM started (CPU 3100 ms): JVM 412 ms (CPU 600 ms), app 610 ms (…" */
  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder()
            .append(last - started)
            .append(" ms after its JVM started (CPU ")
            .append(lastCpu)
            .append(" ms):");
    String separator = " ";
    for (Phase phase : phases) {
      text.append(separator)
          .append(phase.name())
          .append(' ')
          .append(phase.millis())
          .append(" ms (CPU ")
          .append(phase.cpuMillis())
          .append(" ms)");
      separator = ", ";
    }
    return text.toString();
  }
}
