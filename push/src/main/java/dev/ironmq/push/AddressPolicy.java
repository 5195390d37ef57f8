package dev.ironmq.push;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an address is private: loopback, unspecified, private-use (RFC 1918, RFC 6598 shared
 * space, IPv6 unique local), link-local or multicast. A self-hosted server pushes to such addresses
 * by default; a server that accepts subscribers from untrusted users should not.
 */
final class AddressPolicy {
  private AddressPolicy() {}

  static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      return first == 100 && second >= 64 && second <= 127;
    }
    return (bytes[0] & 0xfe) == 0xfc;
  }

  /**
   * Why a URL's host is private without looking it up: an address literal in a private range, or a
   * {@code localhost} name. Other names are checked when they are resolved, at delivery.
   */
  static Optional<String> refusalWithoutLookup(String url) {
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (host == null) {
      return Optional.empty();
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String lower = bare.toLowerCase(Locale.ROOT);
    if (lower.equals("localhost") || lower.endsWith(".localhost")) {
      return Optional.of(refusal(host));
    }
    InetAddress literal = NetUtil.createInetAddressFromIpAddressString(bare);
    return literal != null && isPrivate(literal) ? Optional.of(refusal(host)) : Optional.empty();
  }

  static String refusal(String host) {
    return "Subscribers on private addresses are not allowed on this server: " + host;
  }
}
