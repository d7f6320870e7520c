package dev.carafe.prod;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One master per address. Workers bind with SO_REUSEPORT, so a second master on a port would join
 * the first one's workers without a word; each master holds an exclusive lock on a file named after
 * the network namespace, host and port (or the unix socket's path) for its whole life, and the
 * kernel drops it when the master dies, however it dies. The file holds the master's pid.
 */
final class AddressLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AddressLock.class);

  /** Another master holds the address. */
  static final class Held extends Exception {
    private static final long serialVersionUID = 1L;

    Held(String message) {
      super(message);
    }
  }

  private final Optional<FileChannel> channel;

  private AddressLock(Optional<FileChannel> channel) {
    this.channel = channel;
  }

  /**
   * Takes the lock of {@code bind} in this network namespace. Locks live in /run/lock, which
   * systemd's PrivateTmp leaves shared, else in the temporary folder. A lock that cannot be written
   * at all is skipped with a warning: it guards against a mistake, and must not stop a server.
   */
  static AddressLock take(Bind bind) throws Held {
    Path runLock = Path.of("/run/lock");
    Path folder =
        Files.isDirectory(runLock) && Files.isWritable(runLock)
            ? runLock
            : Path.of(System.getProperty("java.io.tmpdir"));
    return take(bind, folder, networkNamespace());
  }

  static AddressLock take(Bind bind, Path folder, String namespace) throws Held {
    Path file = folder.resolve("carafe-" + key(bind, namespace) + ".lock");
    FileChannel channel;
    try {
      try {
        Files.createFile(file);
        // Any user's master may take it next, once this one is gone.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
      } catch (FileAlreadyExistsException taken) {
        // opened below, without O_CREAT: a sticky folder refuses that on another user's file
      }
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("Cannot lock {} for {} ({}); not checking for another master", file, bind, e);
      return new AddressLock(Optional.empty());
    }
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()), 0);
        return new AddressLock(Optional.of(channel));
      }
    } catch (OverlappingFileLockException inThisProcess) {
      // held by this very process: as taken as by another one
    } catch (IOException e) {
      LOG.warn("Cannot lock {} for {} ({}); not checking for another master", file, bind, e);
      return new AddressLock(Optional.of(channel));
    }
    String pid = holder(file);
    close(channel);
    throw new Held(
        "another Carafe master (pid "
            + pid
            + ") serves "
            + bind
            + ". Stop it first (kill -TERM "
            + pid
            + "), or give this one another address with --bind.");
  }

  /** The network namespace's id (its inode), so that two hosts sharing /tmp do not clash. */
  static String networkNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString().replaceAll("\\D", "");
    } catch (IOException | UnsupportedOperationException e) {
      return "0";
    }
  }

  private static String key(Bind bind, String namespace) {
    if (bind.isUnix()) {
      String path = bind.unixPath().orElseThrow().toAbsolutePath().normalize().toString();
      return "unix-" + sha256(path).substring(0, 16);
    }
    String host;
    try {
      host = InetAddress.getByName(bind.host()).getHostAddress();
    } catch (UnknownHostException e) {
      host = bind.host();
    }
    return "net" + namespace + "-" + host.replaceAll("[^0-9A-Za-z.-]", "_") + "-" + bind.port();
  }

  private static String holder(Path file) {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing held
    }
  }

  /** Lets the next master take the address. */
  @Override
  public void close() {
    channel.ifPresent(AddressLock::close);
  }
}
