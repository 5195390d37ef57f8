package dev.ironmq.server;

import dev.ironmq.postgres.DumpImport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ironmq import}: loads a dump of the embedded store into an empty PostgreSQL database. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Loads a dump written by 'ironmq export' into an empty PostgreSQL database, in one",
      "transaction: servers started with --store on that database then serve what the embedded",
      "store held, reservations and push deliveries included."
    },
    showDefaultValues = true)
final class ImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--store",
      required = true,
      defaultValue = "${env:IRONMQ_STORE}",
      description =
          "The database: postgresql://user[:password]@host[:port]/database (IRONMQ_STORE).")
  String store;

  @Option(
      names = {"-i", "--input"},
      description = "The dump to read; standard input when not given.")
  Path input;

  @Override
  public Integer call() throws IOException {
    if (store == null || !(store.startsWith("postgresql://") || store.startsWith("postgres://"))) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--store must be a postgresql://user@host:port/database URL");
    }
    try (BufferedReader in =
        input == null
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      DumpImport.Summary loaded = DumpImport.load(store, in);
      spec.commandLine()
          .getOut()
          .printf(
              "Imported %d projects, %d tokens, %d queues and %d messages%n",
              loaded.projects(), loaded.tokens(), loaded.queues(), loaded.messages());
      return 0;
    }
  }
}
