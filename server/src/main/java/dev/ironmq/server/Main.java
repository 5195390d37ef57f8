package dev.ironmq.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ironmq} command: the server, and the admin subcommands that talk to it. */
@Command(
    name = "ironmq",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A message queue server that speaks the IronMQ HTTP API.",
    subcommands = {ServeCommand.class, ProjectCommand.class, TokenCommand.class})
public final class Main {
  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"ironmq " + (version == null ? "development build" : version)};
    }
  }
}
