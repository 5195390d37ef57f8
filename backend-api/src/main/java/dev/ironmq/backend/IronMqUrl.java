package dev.ironmq.backend;

import dev.ironmq.backend.problem.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A subscriber URL that names a queue: {@code ironmq:///queue} (this project), {@code
 * ironmq://project:token@/queue} (another project of this server), or {@code
 * ironmq://project:token@host[:port]/queue} (another server, reached over HTTP).
 *
 * @param projectId the target project, or empty for the subscribing queue's own
 * @param token the token that opens it, or empty
 * @param hostAndPort the other server, or empty for this one
 * @param queueName the target queue
 */
public record IronMqUrl(
    Optional<String> projectId,
    Optional<String> token,
    Optional<String> hostAndPort,
    String queueName) {
  public static final String SCHEME = "ironmq://";

  public static boolean isIronMq(String url) {
    return url.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /** Parses an {@code ironmq://} URL; a malformed one is an invalid request. */
  public static IronMqUrl parse(String url) {
    if (!isIronMq(url)) {
      throw ProblemException.invalid("Not an ironmq:// URL: " + url);
    }
    String rest = url.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || slash == rest.length() - 1) {
      throw ProblemException.invalid("An ironmq:// URL must name a queue: " + url);
    }
    String authority = rest.substring(0, slash);
    String queueName =
        URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
    QueueRef.validateName(queueName);
    Optional<String> project = Optional.empty();
    Optional<String> token = Optional.empty();
    String host = authority;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      host = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon <= 0 || colon == userInfo.length() - 1) {
        throw ProblemException.invalid("An ironmq:// URL names project:token@ together: " + url);
      }
      project = Optional.of(userInfo.substring(0, colon));
      token = Optional.of(userInfo.substring(colon + 1));
    }
    return new IronMqUrl(
        project, token, host.isEmpty() ? Optional.empty() : Optional.of(host), queueName);
  }

  /** Whether the target queue lives on this server. */
  public boolean isLocal() {
    return hostAndPort.isEmpty();
  }

  /** The target queue, for a subscribing queue of the given project. */
  public QueueRef target(String subscriberProjectId) {
    return QueueRef.of(projectId.orElse(subscriberProjectId), queueName);
  }
}
