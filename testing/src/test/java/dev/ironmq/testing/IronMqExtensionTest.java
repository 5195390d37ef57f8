package dev.ironmq.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iron.ironmq.Client;
import io.iron.ironmq.Cloud;
import io.iron.ironmq.Message;
import io.iron.ironmq.Queue;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IronMqExtensionTest {
  @RegisterExtension static IronMqExtension ironmq = IronMqExtension.withDefaults();

  @Test
  void theOfficialClientWorksAgainstTheServerItGives() throws Exception {
    IronMqTestServer server = ironmq.server();
    Client client =
        new Client(
            server.projectId(), server.token(), new Cloud("http", server.host(), server.port()), 3);
    Queue queue = client.queue("jobs");

    String id = queue.push("hello");
    Message reserved = queue.reserve();
    queue.deleteMessage(reserved);

    assertThat(reserved.getId()).isEqualTo(id);
    assertThat(reserved.getBody()).isEqualTo("hello");
    assertThat(queue.getInfoAboutQueue().getSizeLong()).isZero();
  }

  @Test
  void aTestMethodMayTakeTheServerAsAParameter(IronMqTestServer server) throws Exception {
    assertThat(server).isSameAs(ironmq.server());
    assertThat(Files.readString(server.ironJson()))
        .contains(server.projectId())
        .contains(server.token());
  }

  @Test
  void aServerOfItsOwnDeletesItsDataWhenClosed() throws Exception {
    IronMqTestServer own = IronMqTestServer.start();
    java.nio.file.Path dataDir = own.ironJson().getParent();
    assertThat(own.port()).isNotEqualTo(ironmq.server().port());

    own.close();

    assertThat(dataDir).doesNotExist();
  }

  @Test
  void withADevTokenAnyProjectIdWorks() throws Exception {
    try (IronMqTestServer dev = IronMqTestServer.builder().devToken("dev-token-x").start()) {
      Client client =
          new Client(
              "project-1732981234567", "dev-token-x", new Cloud("http", dev.host(), dev.port()), 3);

      client.queue("jobs").push("made up project");

      assertThat(client.queue("jobs").reserve().getBody()).isEqualTo("made up project");
    }
  }
}
