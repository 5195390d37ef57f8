package dev.ironmq.examples.analytics;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The counts in Redis: {@code requests} (a number) and {@code user_agent_requests} (a hash of user
 * agent to count), as the seed keeps them. Each message is counted once even if it is delivered
 * twice (a worker that dies after counting and before deleting): a marker per message id is set in
 * the same atomic step as the increment.
 */
final class Counters implements AutoCloseable {
  static final String REQUESTS = "requests";
  static final String USER_AGENTS = "user_agent_requests";
  private static final String COUNTED = "counted:";
  private static final int MARKER_SECONDS = 86_400;

  /** Sets the marker if absent and, only then, applies the increment. */
  private static final String COUNT_ONCE =
      """
      if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
        if ARGV[2] == '' then
          return redis.call('INCR', KEYS[2])
        end
        return redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
      end
      return false
      """;

  private final RedisClient redis;

  Counters(URI redisUrl) {
    this.redis = RedisClient.create(redisUrl);
  }

  /** Counts one request, once per message id. */
  void countRequest(String messageId) {
    redis.eval(
        COUNT_ONCE,
        List.of(COUNTED + REQUESTS + ":" + messageId, REQUESTS),
        List.of(Integer.toString(MARKER_SECONDS), ""));
  }

  /** Counts one request of this user agent, once per message id. */
  void countUserAgent(String messageId, String userAgent) {
    redis.eval(
        COUNT_ONCE,
        List.of(COUNTED + USER_AGENTS + ":" + messageId, USER_AGENTS),
        List.of(Integer.toString(MARKER_SECONDS), userAgent));
  }

  long requests() {
    String count = redis.get(REQUESTS);
    return count == null ? 0 : Long.parseLong(count);
  }

  /** User agent to count, sorted by user agent. */
  Map<String, Long> userAgents() {
    Map<String, Long> counts = new TreeMap<>();
    redis.hgetAll(USER_AGENTS).forEach((agent, count) -> counts.put(agent, Long.parseLong(count)));
    return counts;
  }

  /** Forgets every count and marker. */
  void reset() {
    redis.del(REQUESTS, USER_AGENTS);
    String cursor = ScanParams.SCAN_POINTER_START;
    ScanParams markers = new ScanParams().match(COUNTED + "*").count(1000);
    do {
      ScanResult<String> page = redis.scan(cursor, markers);
      if (!page.getResult().isEmpty()) {
        redis.del(page.getResult().toArray(String[]::new));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }

  @Override
  public void close() {
    redis.close();
  }
}
