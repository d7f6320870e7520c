package dev.carafe.bench.hostile;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What the attacks aim at: a server on a loopback address, and the process whose children are its
 * workers (the production master), or which is the server itself (the development server).
 *
 * @param name the target's name in the table: {@code prod}, {@code nginx} or {@code dev}
 * @param pid the production master, or the development server's JVM
 */
record Target(String name, String host, int port, long pid, Kind kind) {
  /** How the server is built: a master with worker children, or one development JVM. */
  enum Kind {
    PROD,
    NGINX,
    DEV
  }

  Target {
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "The attacks only run against this machine: " + host + " is not a loopback address.");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Unknown host " + host, e);
    }
  }

  /** True for a target with a production master (its workers answer TTIN and TTOU). */
  boolean hasMaster() {
    return kind != Kind.DEV;
  }
}
