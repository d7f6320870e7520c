package dev.carafe.dev;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches folder trees and single files with the operating system's file events, and hands every
 * relevant changed path to a sink. The sink only enqueues: the reloader's loop decides and acts.
 */
final class Watcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

  private final WatchService service;
  private final List<Path> trees;
  private final Set<Path> files;
  private final Consumer<Path> sink;
  private final Map<WatchKey, Path> directories = new ConcurrentHashMap<>();
  private final Thread thread;

  private Watcher(List<Path> trees, List<Path> files, Consumer<Path> sink) throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.trees = List.copyOf(trees);
    this.files = Set.copyOf(files);
    this.sink = sink;
    for (Path tree : this.trees) {
      if (Files.isDirectory(tree)) {
        registerTree(tree, false);
      }
    }
    for (Path file : this.files) {
      if (file.getParent() != null && Files.isDirectory(file.getParent())) {
        register(file.getParent());
      }
    }
    this.thread = new Thread(this::run, "carafe-watcher");
    thread.setDaemon(true);
  }

  /** Starts watching; {@code sink} receives changed paths on the watcher's thread. */
  static Watcher start(List<Path> trees, List<Path> files, Consumer<Path> sink) throws IOException {
    Watcher watcher = new Watcher(trees, files, sink);
    watcher.thread.start();
    return watcher;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        Path directory = directories.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
          if (directory != null) {
            handle(directory, event);
          }
        }
        if (!key.reset()) {
          directories.remove(key);
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // closed: the dev server is stopping
    }
  }

  private void handle(Path directory, WatchEvent<?> event) {
    if (event.kind() == OVERFLOW) {
      // Events were lost: report the folder itself so the whole tree counts as changed.
      sink.accept(directory);
      return;
    }
    Path changed = directory.resolve((Path) event.context());
    if (!isRelevant(changed)) {
      return;
    }
    if (Files.isDirectory(changed)) {
      if (WatchFilter.ignoresDirectory(changed)) {
        return;
      }
      if (event.kind() == ENTRY_CREATE) {
        // Files may land in a new folder before it is registered: report what is already there.
        registerTree(changed, true);
      }
      return;
    }
    if (!WatchFilter.ignoresFile(changed)) {
      sink.accept(changed);
    }
  }

  private boolean isRelevant(Path changed) {
    if (files.contains(changed)) {
      return true;
    }
    for (Path tree : trees) {
      if (changed.startsWith(tree)) {
        return true;
      }
    }
    return false;
  }

  private void registerTree(Path root, boolean reportFiles) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (!dir.equals(root) && WatchFilter.ignoresDirectory(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              register(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (reportFiles && !WatchFilter.ignoresFile(file)) {
                sink.accept(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Cannot watch {}: {}", root, e.toString());
    }
  }

  private void register(Path directory) throws IOException {
    WatchKey key = directory.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
    directories.put(key, directory);
  }

  @Override
  public void close() throws IOException {
    service.close();
    thread.interrupt();
  }
}
