package dev.ironmq.server;

import dev.ironmq.postgres.PostgresUnavailableException;
import dev.ironmq.store.JournalDamagedException;
import dev.ironmq.store.JournalException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The {@code ironmq} command: the server, and the admin subcommands that talk to it. */
@Command(
    name = "ironmq",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    // Subcommands take --help and --version from here.
    scope = CommandLine.ScopeType.INHERIT,
    description = "A message queue server that speaks the IronMQ HTTP API.",
    footer = {
      "",
      "bin/ironmq also runs:",
      "  bench   Measures this server against its peers on this machine (bin/ironmq bench --help)."
    },
    subcommands = {
      ServeCommand.class,
      VerifyCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      ProjectCommand.class,
      TokenCommand.class,
      QueueCommands.ListQueues.class,
      QueueCommands.Info.class,
      QueueCommands.Post.class,
      QueueCommands.Reserve.class,
      QueueCommands.Peek.class,
      QueueCommands.Browse.class,
      QueueCommands.Pause.class,
      QueueCommands.Resume.class,
      QueueCommands.Stats.class,
      MessageCommands.Delete.class,
      MessageCommands.Touch.class,
      MessageCommands.Release.class,
      QueueCommands.Clear.class,
      QueueCommands.Remove.class,
      QueueCommands.Subscribers.class,
      MessageCommands.PushStatus.class
    })
public final class Main {
  public static void main(String[] args) {
    int exit =
        new CommandLine(new Main())
            .setExecutionExceptionHandler(Main::report)
            .setParameterExceptionHandler(Main::reportMistake)
            .execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * A failure the code explains in its message (a port or socket in use, a server or database out
   * of reach, a damaged store) is one line on stderr and exit status 1; anything else keeps its
   * stack trace.
   */
  private static int report(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    String name = command.getCommandSpec().qualifiedName();
    if (e instanceof IllegalStateException
        || e instanceof JournalException
        || e instanceof PostgresUnavailableException) {
      command.getErr().println(name + ": " + e.getMessage() + causeOf(e));
      return 1;
    }
    if (e instanceof JournalDamagedException) {
      command
          .getErr()
          .println(
              name
                  + ": "
                  + e.getMessage()
                  + ". Restore the data directory from a backup, or start with"
                  + " --accept-data-loss to keep what can be read ('ironmq verify' lists the"
                  + " damage).");
      return 1;
    }
    if (e instanceof UncheckedIOException io) {
      command.getErr().println(name + ": " + io.getMessage() + ": " + describe(io.getCause()));
      return 1;
    }
    throw e;
  }

  /**
   * A mistake on the command line (an unknown option, a value that does not convert) is one line
   * and a pointer to the help, not the whole usage.
   */
  private static int reportMistake(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println(name + ": " + e.getMessage());
    command.getErr().println("Run '" + name + " --help' for the options.");
    return 1;
  }

  /** A store failure's message names what failed; its cause says why, when it has one. */
  private static String causeOf(Exception e) {
    return e instanceof JournalException && e.getCause() != null
        ? ": " + describe(e.getCause())
        : "";
  }

  /** An I/O failure in words: its message, or its kind when it has none (a path alone). */
  private static String describe(Throwable cause) {
    String simple = cause.getClass().getSimpleName();
    if (cause instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (cause instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (cause instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return cause.getMessage() == null ? simple : cause.getMessage();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ironmq " + dev.ironmq.http.ServerVersion.current()};
    }
  }
}
