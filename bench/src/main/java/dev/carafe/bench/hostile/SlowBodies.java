package dev.carafe.bench.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Connections that post to the login form and send their body one byte every three seconds, for the
 * whole budget: each one holds whatever the server gives a request that is still arriving. A server
 * may cut them (a body timeout) or answer early.
 */
final class SlowBodies implements Attack {
  static final Duration PACE = Duration.ofSeconds(3);

  /** More than a connection sends at this pace within any budget, so no body ever completes. */
  private static final int DECLARED_LENGTH = 10_000;

  private final int connections;

  SlowBodies(int connections) {
    this.connections = connections;
  }

  /** One slow connection and what became of it. */
  private static final class Slow {
    final HttpConnection connection;
    String fate;
    long endedNanos;

    Slow(HttpConnection connection) {
      this.connection = connection;
    }
  }

  @Override
  public Outcome run(Context context) throws Exception {
    Target target = context.target();
    long started = System.nanoTime();
    long deadline = context.deadline(started);
    Duration life = context.budget().plusSeconds(30);
    List<Slow> slows = new ArrayList<>();
    Tally refused = new Tally();
    byte[] head =
        HttpConnection.head(
            target,
            "POST",
            "/auth/register",
            List.of("Content-Type: " + Visitor.FORM, "Connection: close"),
            DECLARED_LENGTH);
    for (int i = 0; i < connections && System.nanoTime() < deadline; i++) {
      try {
        HttpConnection connection = HttpConnection.open(target, Duration.ofSeconds(5), life);
        connection.write(head);
        slows.add(new Slow(connection));
      } catch (IOException e) {
        refused.add("could not connect");
      }
    }
    byte[] one = {'a'};
    while (System.nanoTime() < deadline) {
      for (Slow slow : slows) {
        if (slow.fate != null) {
          continue;
        }
        try {
          if (slow.connection.serverSpoke()) {
            slow.fate = answer(slow.connection);
          } else {
            slow.connection.write(one);
            continue;
          }
        } catch (IOException e) {
          slow.fate = "cut by the server";
        }
        slow.endedNanos = System.nanoTime();
        slow.connection.close();
      }
      long pause = Math.min(PACE.toNanos(), deadline - System.nanoTime());
      if (pause > 0) {
        Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
      }
    }
    Tally fates = new Tally();
    List<Long> endings = new ArrayList<>();
    for (Slow slow : slows) {
      if (slow.fate == null) {
        fates.add("held to the end");
        slow.connection.close();
      } else {
        fates.add(slow.fate);
        endings.add((slow.endedNanos - started) / 1_000_000_000);
      }
    }
    endings.sort(null);
    String when =
        endings.isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                "; ended after %d-%d s",
                endings.get(0),
                endings.get(endings.size() - 1));
    String notOpened = refused.total() == 0 ? "" : "; " + refused;
    return new Outcome(
        slows.size(),
        String.format(
            Locale.ROOT,
            "%d bodies at 1 byte / %d s for %d s: %s%s%s",
            slows.size(),
            PACE.toSeconds(),
            context.budget().toSeconds(),
            fates,
            when,
            notOpened));
  }

  private static String answer(HttpConnection connection) {
    try {
      return "answered " + connection.read(Duration.ofSeconds(2)).status();
    } catch (IOException e) {
      return "cut by the server";
    }
  }
}
