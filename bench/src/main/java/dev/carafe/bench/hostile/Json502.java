package dev.carafe.bench.hostile;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Kills the app behind nginx (the master, then its workers, with SIGKILL) and asks the API for
 * JSON: nginx answers 502 by itself. A client of a JSON API should get a JSON error, not a page for
 * people. It ends the target, so it runs last.
 */
final class Json502 implements Attack {
  @Override
  public Outcome run(Context context) throws Exception {
    Target target = context.target();
    Optional<ProcessHandle> master = ProcessHandle.of(target.pid());
    List<ProcessHandle> workers = master.map(m -> m.children().toList()).orElse(List.of());
    master.ifPresent(ProcessHandle::destroyForcibly);
    workers.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline
        && (master.map(ProcessHandle::isAlive).orElse(false)
            || workers.stream().anyMatch(ProcessHandle::isAlive))) {
      Thread.sleep(100);
    }
    HttpAnswer answer =
        new Visitor(target)
            .send("GET", "/api/hello", List.of("Accept: application/json"), new byte[0]);
    String type = answer.header("content-type").orElse("no content type");
    boolean json = type.toLowerCase(Locale.ROOT).contains("json");
    return new Outcome(
        1,
        String.format(
            Locale.ROOT,
            "app killed; GET /api/hello (Accept: application/json) → %d %s: %s",
            answer.status(),
            type,
            json ? "JSON" : "not JSON"));
  }
}
