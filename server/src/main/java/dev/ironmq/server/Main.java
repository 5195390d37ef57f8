package dev.ironmq.server;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The {@code ironmq} command: the server, and the admin subcommands that talk to it. */
@Command(
    name = "ironmq",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A message queue server that speaks the IronMQ HTTP API.",
    subcommands = {ServeCommand.class, ProjectCommand.class, TokenCommand.class})
public final class Main {
  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).setExecutionExceptionHandler(Main::report).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * A failure the code explains in its message (a port or socket in use, a server out of reach) is
   * one line on stderr and exit status 1; anything else keeps its stack trace.
   */
  private static int report(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    String name = command.getCommandSpec().qualifiedName();
    if (e instanceof IllegalStateException) {
      command.getErr().println(name + ": " + e.getMessage());
      return 1;
    }
    if (e instanceof UncheckedIOException io) {
      command.getErr().println(name + ": " + io.getMessage() + ": " + io.getCause().getMessage());
      return 1;
    }
    throw e;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ironmq " + (version == null ? "development build" : version)};
    }
  }
}
