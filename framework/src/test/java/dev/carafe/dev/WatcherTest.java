package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatcherTest {
  @TempDir Path dir;

  private final BlockingQueue<Path> changes = new LinkedBlockingQueue<>();
  private final List<Path> seen = new ArrayList<>();

  /** Waits for a report of {@code expected}; one save may be reported more than once. */
  private void awaitChange(Path expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Path changed = changes.poll(100, TimeUnit.MILLISECONDS);
      if (changed != null) {
        seen.add(changed);
        if (changed.equals(expected)) {
          return;
        }
      }
    }
    throw new AssertionError("no event for " + expected + " within 30 s; saw " + seen);
  }

  @Test
  void reportsSavedFilesAndFilesInNewFoldersButNotEditorDroppings() throws Exception {
    Path sources = Files.createDirectories(dir.resolve("src/main/java"));
    Path pom = dir.resolve("pom.xml");
    Watcher watcher = Watcher.start(List.of(sources), List.of(pom), changes::add);
    try {
      Files.writeString(sources.resolve(".App.java.swp"), "swap");
      Files.writeString(sources.resolve("App.java"), "class App {}");
      awaitChange(sources.resolve("App.java"));

      // A new package folder with a file already in it: the file must be seen.
      Path pkg = sources.resolve("com/example");
      Files.createDirectories(pkg);
      Files.writeString(pkg.resolve("Greeting.java"), "class Greeting {}");
      awaitChange(pkg.resolve("Greeting.java"));

      Files.writeString(dir.resolve("README.md"), "not watched");
      Files.writeString(pom, "<project/>");
      awaitChange(pom);

      Files.delete(sources.resolve("App.java"));
      awaitChange(sources.resolve("App.java"));
    } finally {
      watcher.close();
    }
    changes.drainTo(seen);
    assertFalse(seen.stream().anyMatch(p -> p.toString().endsWith(".swp")), seen.toString());
    assertFalse(seen.contains(dir.resolve("README.md")), seen.toString());
  }
}
