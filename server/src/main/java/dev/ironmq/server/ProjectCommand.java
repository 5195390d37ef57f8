package dev.ironmq.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ironmq project create|list}: projects, through the admin API of a running server. */
@Command(
    name = "project",
    mixinStandardHelpOptions = true,
    description = "Creates and lists projects on a running server.",
    subcommands = {ProjectCommand.Create.class, ProjectCommand.ListProjects.class})
final class ProjectCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a project.")
  static final class Create extends AdminCall {
    @Option(names = "--name", defaultValue = "", description = "A label for people.")
    String name;

    @Option(names = "--id", description = "The project id (24 hex characters); random if absent.")
    String id;

    @Override
    ApiClient.Answer call(ApiClient client) {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name);
      if (id != null) {
        body.put("id", id);
      }
      return client.post("/admin/projects", body.toString());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists projects.")
  static final class ListProjects extends AdminCall {
    @Override
    ApiClient.Answer call(ApiClient client) {
      return client.get("/admin/projects");
    }
  }

  /** Runs one admin call and prints its JSON answer; exits 1 when it failed. */
  abstract static class AdminCall implements java.util.concurrent.Callable<Integer> {
    @Mixin AdminOptions admin;
    @Spec CommandSpec spec;

    abstract ApiClient.Answer call(ApiClient client);

    @Override
    public Integer call() {
      ApiClient.Answer answer = call(admin.client());
      CommandLine line = spec.commandLine();
      (answer.ok() ? line.getOut() : line.getErr()).println(answer.body());
      return answer.ok() ? 0 : 1;
    }
  }
}
