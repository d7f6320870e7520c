package dev.carafe.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which peers may speak for the client through {@code X-Forwarded-*}: a list of addresses and CIDR
 * blocks, like Gunicorn's {@code forwarded_allow_ips}. {@code *} trusts everyone.
 */
public final class TrustedProxies {
  private static final Pattern DOTTED = Pattern.compile("[0-9.]+");

  private record Block(byte[] network, int prefixBits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefixBits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest);
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Block> blocks;
  private final boolean everyone;
  private final String spec;

  private TrustedProxies(String spec, List<Block> blocks, boolean everyone) {
    this.spec = spec;
    this.blocks = blocks;
    this.everyone = everyone;
  }

  /** Loopback only: the default, right for a proxy on the same host. */
  public static TrustedProxies loopback() {
    return parse("127.0.0.0/8,::1");
  }

  /**
   * Parses a comma-separated list such as {@code 127.0.0.1,10.0.0.0/8,::1}; literal addresses only,
   * so parsing never waits on DNS.
   */
  public static TrustedProxies parse(String spec) {
    List<Block> blocks = new ArrayList<>();
    boolean everyone = false;
    for (String raw : spec.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      if (item.equals("*")) {
        everyone = true;
        continue;
      }
      String[] parts = item.split("/", 2);
      byte[] address = literal(parts[0], spec);
      int max = address.length * 8;
      int prefix = max;
      if (parts.length == 2) {
        try {
          prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > max) {
          throw new IllegalArgumentException(
              "forwarded_allow_ips: bad prefix length in '" + item + "' (0.." + max + ").");
        }
      }
      blocks.add(new Block(address, prefix));
    }
    return new TrustedProxies(spec, List.copyOf(blocks), everyone);
  }

  private static byte[] literal(String text, String spec) {
    boolean looksLiteral = text.indexOf(':') >= 0 || DOTTED.matcher(text).matches();
    if (!looksLiteral) {
      throw new IllegalArgumentException(
          "forwarded_allow_ips: '"
              + text
              + "' is not an IP address or CIDR block (in '"
              + spec
              + "'). Host names are not allowed.");
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "forwarded_allow_ips: '" + text + "' is not an IP address (in '" + spec + "').", e);
    }
  }

  /** True when the peer at this literal address may set {@code X-Forwarded-*}. */
  public boolean trusts(String peerAddress) {
    if (everyone) {
      return true;
    }
    if (peerAddress == null || peerAddress.isEmpty() || blocks.isEmpty()) {
      return false;
    }
    String bare =
        peerAddress.startsWith("[")
            ? peerAddress.substring(1, peerAddress.length() - 1)
            : peerAddress;
    if (bare.indexOf(':') < 0 && !DOTTED.matcher(bare).matches()) {
      return false;
    }
    try {
      return trusts(InetAddress.getByName(bare));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** True when the peer at this address may set {@code X-Forwarded-*}; no text to parse. */
  public boolean trusts(InetAddress peer) {
    if (everyone) {
      return true;
    }
    byte[] address = peer.getAddress();
    for (Block block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client address from an {@code X-Forwarded-For} chain: walking from the nearest hop, the
   * first address not itself a trusted proxy (so a client cannot forge the leftmost entry). An
   * untrusted peer speaks for itself.
   */
  public String clientFrom(String forwardedFor, String peerAddress) {
    return trusts(peerAddress) ? clientBehind(forwardedFor, peerAddress) : peerAddress;
  }

  /**
   * The client's address, the one rule the app's view and the access log share: {@code peer} is the
   * connection's literal IP address, empty or null for a unix-socket peer (a proxy on this host,
   * trusted like loopback, and named {@code unix} when it names no client). An untrusted peer is
   * the client; behind a trusted one it is the first hop of {@code forwardedFor} that is not itself
   * a trusted proxy.
   */
  public String clientAddress(String peer, String forwardedFor) {
    boolean unixPeer = peer == null || peer.isEmpty();
    return client(unixPeer ? null : peer, unixPeer || trusts(peer), forwardedFor);
  }

  /**
   * {@link #clientAddress(String, String)} for a peer already parsed, null for a unix-socket peer:
   * a server that has the address object saves parsing its text on every request.
   */
  public String clientAddress(InetAddress peer, String forwardedFor) {
    return client(
        peer == null ? null : peer.getHostAddress(), peer == null || trusts(peer), forwardedFor);
  }

  private String client(String peer, boolean trustedPeer, String forwardedFor) {
    if (!trustedPeer) {
      return peer;
    }
    return clientBehind(forwardedFor, peer == null ? "unix" : peer);
  }

  /**
   * {@link #clientFrom} for a peer the caller has already found trusted, without checking it again;
   * {@code proxy} when the chain is empty.
   */
  public String clientBehind(String forwardedFor, String proxy) {
    if (forwardedFor == null || forwardedFor.isBlank()) {
      return proxy;
    }
    String[] hops = forwardedFor.split(",");
    String candidate = proxy;
    for (int i = hops.length - 1; i >= 0; i--) {
      candidate = hops[i].trim();
      if (!trusts(candidate)) {
        return candidate;
      }
    }
    return candidate;
  }

  @Override
  public String toString() {
    return spec;
  }
}
