package dev.ironmq.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs an {@link IronMqTestServer} for a test class: started before its
 * first test, stopped (and its data deleted) after its last. Register it on a static field, and ask
 * it, or a test method's {@code IronMqTestServer} parameter, for the values a client needs:
 *
 * <pre>{@code
 * @RegisterExtension
 * static IronMqExtension ironmq = IronMqExtension.withDefaults();
 *
 * @Test
 * void postsAJob() throws IOException {
 *   Client client = new Client(ironmq.server().projectId(), ironmq.server().token(),
 *       new Cloud("http", ironmq.server().host(), ironmq.server().port()), 3);
 *   client.queue("jobs").push("hello");
 * }
 * }</pre>
 */
public final class IronMqExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private final IronMqTestServer.Builder builder;
  private IronMqTestServer server;

  private IronMqExtension(IronMqTestServer.Builder builder) {
    this.builder = builder;
  }

  /** A server with a random project, token and port. */
  public static IronMqExtension withDefaults() {
    return new IronMqExtension(IronMqTestServer.builder());
  }

  /** A server started from this builder (for a development token, a fixed port...). */
  public static IronMqExtension with(IronMqTestServer.Builder builder) {
    return new IronMqExtension(builder);
  }

  /** The running server; only between the class's first and last test. */
  public IronMqTestServer server() {
    if (server == null) {
      throw new IllegalStateException("The IronMQ test server runs only while the test class does");
    }
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = builder.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == IronMqTestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server();
  }
}
