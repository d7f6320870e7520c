package dev.carafe.it.nginx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Linux network namespace joined to this host by a veth pair: a second machine as far as TCP is
 * concerned, at {@code 10.200.N.2}, reaching this host at {@code 10.200.N.1}. Needs root.
 */
final class NetworkNamespace implements AutoCloseable {
  private final String name;
  private final String hostSide;
  private final int subnet;

  private NetworkNamespace(String name, String hostSide, int subnet) {
    this.name = name;
    this.hostSide = hostSide;
    this.subnet = subnet;
  }

  /** Creates a namespace on a /24 under 10.200.0.0/16 that no route of this host uses yet. */
  static NetworkNamespace create() throws IOException, InterruptedException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int subnet;
    do {
      subnet = random.nextInt(1, 255);
    } while (!ip("route", "show", "10.200." + subnet + ".0/24").isBlank());
    String id = Integer.toHexString(random.nextInt(0x100000, 0xffffff));
    NetworkNamespace ns = new NetworkNamespace("carafe-" + id, "cf" + id + "h", subnet);
    try {
      String guestSide = "cf" + id + "g";
      ip("netns", "add", ns.name);
      ip("link", "add", ns.hostSide, "type", "veth", "peer", "name", guestSide);
      ip("link", "set", guestSide, "netns", ns.name);
      ip("addr", "add", ns.hostAddress() + "/24", "dev", ns.hostSide);
      ip("link", "set", ns.hostSide, "up");
      ip("netns", "exec", ns.name, "ip", "addr", "add", ns.address() + "/24", "dev", guestSide);
      ip("netns", "exec", ns.name, "ip", "link", "set", guestSide, "up");
      ip("netns", "exec", ns.name, "ip", "link", "set", "lo", "up");
    } catch (IOException | RuntimeException e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  /** The namespace's own address. */
  String address() {
    return "10.200." + subnet + ".2";
  }

  /** This host's address as the namespace sees it. */
  String hostAddress() {
    return "10.200." + subnet + ".1";
  }

  /** The command prefix that runs a program inside the namespace. */
  List<String> exec() {
    return List.of("ip", "netns", "exec", name);
  }

  @Override
  public void close() throws IOException {
    try {
      // Deleting one end of a veth pair deletes both.
      run(List.of("ip", "link", "del", hostSide));
      run(List.of("ip", "netns", "del", name));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Result result = run(command);
    if (result.exit != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + result.output);
    }
    return result.output;
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
