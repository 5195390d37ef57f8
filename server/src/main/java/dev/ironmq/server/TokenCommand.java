package dev.ironmq.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ironmq token create|list|revoke}: tokens, through the admin API of a running server. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Issues, lists and revokes tokens on a running server.",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Issues a token; its plain text is printed this once.")
  static final class Create extends ProjectCommand.AdminCall {
    @Option(names = "--project", description = "A project the token opens; repeat for several.")
    List<String> projects = List.of();

    @Option(names = "--label", defaultValue = "", description = "A label for people.")
    String label;

    @Option(names = "--admin", description = "Make an admin token instead.")
    boolean admin;

    @Override
    ApiClient.Answer call(ApiClient client) {
      ObjectNode body =
          JsonNodeFactory.instance.objectNode().put("label", label).put("admin", admin);
      ArrayNode opens = body.putArray("projects");
      projects.forEach(opens::add);
      return client.post("/admin/tokens", body.toString());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tokens by id.")
  static final class ListTokens extends ProjectCommand.AdminCall {
    @Override
    ApiClient.Answer call(ApiClient client) {
      return client.get("/admin/tokens");
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token.")
  static final class Revoke extends ProjectCommand.AdminCall {
    @Parameters(paramLabel = "TOKEN_ID", description = "The id shown by 'token list'.")
    String tokenId;

    @Override
    ApiClient.Answer call(ApiClient client) {
      return client.delete("/admin/tokens/" + tokenId);
    }
  }
}
