package dev.ironmq.it;

import static dev.ironmq.it.TestServer.uniqueQueue;
import static dev.ironmq.it.TestServer.v3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.RawHttp.Reply;
import dev.ironmq.server.PushOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server that refuses subscribers on private addresses (--push-allow-private false). */
class PushPolicyTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            config -> config.withPush(PushOptions.defaults().withAllowPrivateAddresses(false)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void subscribersOnPrivateAddressesAreRefusedWhenConfigured() {
    for (String url :
        new String[] {
          "http://127.0.0.1:9000/hook",
          "http://10.0.0.7/hook",
          "http://[::1]/hook",
          "http://localhost/x"
        }) {
      Reply reply =
          server
              .http()
              .put(
                  v3("/" + uniqueQueue("private")),
                  "{\"queue\":{\"push\":{\"subscribers\":[{\"name\":\"s\",\"url\":\""
                      + url
                      + "\"}]}}}");
      assertThat(reply.status()).as(url).isEqualTo(400);
      assertThat(reply.msg()).contains("private addresses");
    }
  }

  @Test
  void publicNamesAndQueueSubscribersAreAccepted() {
    Reply reply =
        server
            .http()
            .put(
                v3("/" + uniqueQueue("public")),
                "{\"queue\":{\"push\":{\"subscribers\":[{\"name\":\"s\",\"url\":\"https://hooks.example.com/x\"},"
                    + "{\"name\":\"q\",\"url\":\"ironmq:///elsewhere\"}]}}}");

    assertThat(reply.status()).isEqualTo(200);
  }
}
