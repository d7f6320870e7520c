package dev.carafe.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which peers may speak for the client through {@code X-Forwarded-*}, and which value of each
 * header to believe. The peers are a list of addresses and CIDR blocks, like Gunicorn's {@code
 * forwarded_allow_ips} ({@code *} trusts everyone). Each header's value is the one the trusted
 * proxies added, counted from the right, as Werkzeug's {@code ProxyFix} counts: with one proxy the
 * rightmost, since every value left of it came from the client.
 */
public final class TrustedProxies {
  private static final Pattern DOTTED = Pattern.compile("[0-9.]+");

  /** The headers a trusted proxy sets, each with the setting that counts the proxies setting it. */
  public enum Forwarded {
    FOR("X-Forwarded-For", "forwarded_for_hops"),
    PROTO("X-Forwarded-Proto", "forwarded_proto_hops"),
    HOST("X-Forwarded-Host", "forwarded_host_hops"),
    PORT("X-Forwarded-Port", "forwarded_port_hops"),
    PREFIX("X-Forwarded-Prefix", "forwarded_prefix_hops");

    private final String header;
    private final String setting;

    Forwarded(String header, String setting) {
      this.header = header;
      this.setting = setting;
    }

    /** The header's name. */
    public String header() {
      return header;
    }

    /** The configuration key of its count, like ProxyFix's {@code x_for}. */
    public String setting() {
      return setting;
    }
  }

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
  private final Map<Forwarded, Integer> hops;

  private TrustedProxies(
      String spec, List<Block> blocks, boolean everyone, Map<Forwarded, Integer> hops) {
    this.spec = spec;
    this.blocks = blocks;
    this.everyone = everyone;
    this.hops = hops;
  }

  /**
   * The trusted proxies a configuration names: {@code forwarded_allow_ips}, and for each header the
   * number of proxies that set it ({@code forwarded_for_hops}, ...; 0 ignores the header).
   */
  public static TrustedProxies from(Function<String, Optional<String>> settings) {
    String spec =
        settings
            .apply("forwarded_allow_ips")
            .orElseThrow(() -> new IllegalArgumentException("forwarded_allow_ips is not set."));
    Map<Forwarded, Integer> hops = new EnumMap<>(Forwarded.class);
    for (Forwarded header : Forwarded.values()) {
      String value = settings.apply(header.setting()).orElse("").trim();
      int count;
      try {
        count = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        count = -1;
      }
      if (count < 0) {
        throw new IllegalArgumentException(
            header.setting()
                + " must be the number of proxies that set "
                + header.header()
                + " (0 ignores it), got '"
                + value
                + "'.");
      }
      hops.put(header, count);
    }
    return parse(spec).withHops(hops);
  }

  private TrustedProxies withHops(Map<Forwarded, Integer> counts) {
    return new TrustedProxies(spec, blocks, everyone, counts);
  }

  /** Loopback only: the default, right for a proxy on the same host. */
  public static TrustedProxies loopback() {
    return parse("127.0.0.0/8,::1");
  }

  /**
   * Parses a comma-separated list such as {@code 127.0.0.1,10.0.0.0/8,::1}; literal addresses only,
   * so parsing never waits on DNS. One proxy sets each header, as with ProxyFix's {@code x_for=1,
   * x_proto=1, x_host=1, x_port=1, x_prefix=1}.
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
    Map<Forwarded, Integer> oneEach = new EnumMap<>(Forwarded.class);
    for (Forwarded header : Forwarded.values()) {
      oneEach.put(header, 1);
    }
    return new TrustedProxies(spec, List.copyOf(blocks), everyone, oneEach);
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
   * The client address from an {@code X-Forwarded-For} chain: the address the trusted proxies added
   * ({@link #forwarded}), so a client cannot forge it by sending addresses of its own. An untrusted
   * peer speaks for itself.
   */
  public String clientFrom(String forwardedFor, String peerAddress) {
    return trusts(peerAddress) ? clientBehind(forwardedFor, peerAddress) : peerAddress;
  }

  /**
   * The client's address, the one rule the app's view and the access log share: {@code peer} is the
   * connection's literal IP address, empty or null for a unix-socket peer (a proxy on this host,
   * trusted like loopback, and named {@code unix} when it names no client). An untrusted peer is
   * the client; behind a trusted one it is the address the trusted proxies added to {@code
   * forwardedFor}.
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
   * {@code proxy} when the chain names no client.
   */
  public String clientBehind(String forwardedFor, String proxy) {
    return forwarded(Forwarded.FOR, forwardedFor).orElse(proxy);
  }

  /**
   * The value of {@code header} (its lines joined with commas) that the trusted proxies added: with
   * n proxies counted for it, the n-th value from the right. Empty when the header has fewer values
   * (it did not pass all the proxies), when that value is empty, or when the count is 0.
   */
  public Optional<String> forwarded(Forwarded header, String value) {
    int n = hops.get(header);
    if (n == 0 || value == null) {
      return Optional.empty();
    }
    String[] values = value.split(",");
    if (values.length < n) {
      return Optional.empty();
    }
    String chosen = values[values.length - n].trim();
    return chosen.isEmpty() ? Optional.empty() : Optional.of(chosen);
  }

  @Override
  public String toString() {
    return spec;
  }
}
