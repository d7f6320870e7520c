package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WatchFilterTest {
  private static boolean ignored(String name) {
    return WatchFilter.ignoresFile(Path.of("/project/src/main/java/app", name));
  }

  @Test
  void editorTemporaryFilesAreIgnored() {
    for (String name :
        new String[] {
          ".App.java.swp", // vim swap
          ".App.java.swx",
          "App.java~", // vim and Emacs backups
          "4913", // vim's probe that the folder is writable
          ".#App.java", // Emacs lock
          "#App.java#", // Emacs auto-save
          "App.java___jb_tmp___", // JetBrains safe write
          "App.java___jb_old___",
          "sedAb12Cd", // sed -i
          "App.java.tmp",
          ".DS_Store"
        }) {
      assertTrue(ignored(name), name);
    }
  }

  @Test
  void realFilesAreWatched() {
    for (String name : new String[] {"App.java", "index.peb", "app.css", "messages.properties"}) {
      assertFalse(ignored(name), name);
    }
  }

  @Test
  void buildOutputAndToolFoldersAreNotWatched() {
    assertTrue(WatchFilter.ignoresDirectory(Path.of("/project/target")));
    assertTrue(WatchFilter.ignoresDirectory(Path.of("/project/src/.git")));
    assertTrue(WatchFilter.ignoresDirectory(Path.of("/project/node_modules")));
    assertFalse(WatchFilter.ignoresDirectory(Path.of("/project/src/main/java/app")));
  }
}
