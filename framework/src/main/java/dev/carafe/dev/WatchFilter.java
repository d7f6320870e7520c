package dev.carafe.dev;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which file events are worth a look. Editors write temporary, swap and backup files next
 * to the real ones while saving (vim: {@code .x.swp}, {@code x~}, {@code 4913}; Emacs: {@code .#x},
 * {@code #x#}; JetBrains: {@code x___jb_tmp___}; {@code sed -i}: {@code sedAb12Cd}); reacting to
 * those would reload on half-written saves.
 */
final class WatchFilter {
  private static final Set<String> IGNORED_DIRECTORIES =
      Set.of("target", "build", "out", "node_modules", ".git", ".idea", ".vscode", ".gradle");
  private static final Set<String> IGNORED_SUFFIXES =
      Set.of(
          "~",
          ".swp",
          ".swo",
          ".swx",
          ".tmp",
          ".bak",
          ".orig",
          ".crswap",
          "___jb_tmp___",
          "___jb_old___");

  private static final Pattern SED_TEMP = Pattern.compile("sed[A-Za-z0-9]{6}");

  private WatchFilter() {}

  /** True for editor droppings and hidden files, which never trigger anything. */
  static boolean ignoresFile(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return true;
    }
    String n = name.toString();
    if (n.isEmpty()
        || n.startsWith(".")
        || n.startsWith("#")
        || n.equals("4913")
        || SED_TEMP.matcher(n).matches()) {
      return true;
    }
    String lower = n.toLowerCase(Locale.ROOT);
    for (String suffix : IGNORED_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /** True for build output, VCS and tool folders, which are never watched. */
  static boolean ignoresDirectory(Path directory) {
    Path name = directory.getFileName();
    return name != null
        && (IGNORED_DIRECTORIES.contains(name.toString()) || name.toString().startsWith("."));
  }
}
