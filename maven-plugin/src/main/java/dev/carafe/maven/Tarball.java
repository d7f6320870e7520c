package dev.carafe.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A folder as a {@code .tar.gz} whose one top entry is the folder's name, with each file's
 * permissions (the launcher stays executable) and modification time.
 */
final class Tarball {
  private Tarball() {}

  /** Writes the {@code folders} of {@code home} that exist, in that order, to {@code out}. */
  static void write(Path home, List<String> folders, Path out) throws IOException {
    String top = home.getFileName().toString();
    Path partial = out.resolveSibling("." + out.getFileName() + ".part");
    try (OutputStream file = Files.newOutputStream(partial);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      add(tar, home, top + "/");
      for (String folder : folders) {
        Path path = home.resolve(folder);
        if (!Files.isDirectory(path)) {
          continue;
        }
        try (Stream<Path> paths = Files.walk(path)) {
          for (Path entry : paths.sorted().toList()) {
            String name = top + "/" + home.relativize(entry).toString().replace('\\', '/');
            add(tar, entry, Files.isDirectory(entry) ? name + "/" : name);
          }
        }
      }
      tar.finish();
    }
    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void add(TarArchiveOutputStream tar, Path path, String name) throws IOException {
    boolean file = Files.isRegularFile(path);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    // Whole seconds, as plain tar headers hold them; owned by whoever unpacks it.
    entry.setModTime(
        FileTime.from(Files.getLastModifiedTime(path).to(TimeUnit.SECONDS), TimeUnit.SECONDS));
    int type =
        (file ? TarArchiveEntry.DEFAULT_FILE_MODE : TarArchiveEntry.DEFAULT_DIR_MODE) & ~0777;
    entry.setMode(type | mode(path));
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    if (file) {
      entry.setSize(Files.size(path));
    }
    tar.putArchiveEntry(entry);
    if (file) {
      Files.copy(path, tar);
    }
    tar.closeArchiveEntry();
  }

  private static int mode(Path path) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
    int mode = 0;
    for (PosixFilePermission permission : PosixFilePermission.values()) {
      mode <<= 1;
      if (permissions.contains(permission)) {
        mode |= 1;
      }
    }
    return mode;
  }
}
