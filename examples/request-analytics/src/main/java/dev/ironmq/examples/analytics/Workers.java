package dev.ironmq.examples.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.client.IronMq;
import dev.ironmq.client.Worker;

/** The seed's two workers, on the client's worker helper. */
final class Workers {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Counting takes a Redis call: reserve many messages at once, not one per thread. */
  private static final int PREFETCH = 96;

  /** Which of the two. */
  enum Kind {
    /** Counts every request: {@code INCR requests}. */
    REQUESTS,
    /** Counts requests per user agent: {@code HINCRBY user_agent_requests <agent> 1}. */
    UA
  }

  private Workers() {}

  /** Starts a worker of this kind on the queue the architecture gives it. */
  static Worker start(
      Kind kind, IronMq mq, Topology.Architecture architecture, Counters counters, int threads) {
    return switch (kind) {
      case REQUESTS ->
          mq.queue(architecture.requestQueue())
              .worker(message -> counters.countRequest(message.id()))
              .threads(threads)
              .prefetch(PREFETCH)
              .waitSeconds(5)
              .start();
      case UA ->
          mq.queue(Topology.UA_REQUESTS)
              .worker(message -> counters.countUserAgent(message.id(), userAgent(message.body())))
              .threads(threads)
              .prefetch(PREFETCH)
              .waitSeconds(5)
              .start();
    };
  }

  /** The user agent in a message of headers, or {@code unknown}. */
  static String userAgent(String headersJson) throws java.io.IOException {
    JsonNode agent = JSON.readTree(headersJson).path("HTTP_USER_AGENT");
    return agent.isTextual() && !agent.asText().isBlank() ? agent.asText() : "unknown";
  }
}
