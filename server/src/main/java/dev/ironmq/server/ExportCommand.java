package dev.ironmq.server;

import dev.ironmq.store.rocksdb.DataLossPolicy;
import dev.ironmq.store.rocksdb.FsyncPolicy;
import dev.ironmq.store.rocksdb.RocksJournal;
import dev.ironmq.store.rocksdb.RocksJournalOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ironmq export}: writes everything a stopped server's embedded store holds as a dump, for
 * {@code ironmq import} to load into PostgreSQL.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Writes everything the embedded store of a stopped server holds (projects, tokens, queues",
      "with their settings, subscribers and alerts, and every message, reserved ones and push",
      "deliveries included) as a dump, for 'ironmq import' to load into PostgreSQL."
    },
    showDefaultValues = true)
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:IRONMQ_DATA_DIR:-./data}",
      description = "The server's data directory (IRONMQ_DATA_DIR).")
  Path dataDir;

  @Option(
      names = {"-o", "--output"},
      description = "Where to write the dump; standard output when not given.")
  Path output;

  @Override
  public Integer call() throws IOException {
    Path store = dataDir.resolve("store");
    if (!Files.isRegularFile(store.resolve("CURRENT"))) {
      throw new IllegalStateException("there is no store in " + store);
    }
    try (RocksJournal journal =
            RocksJournal.open(
                store,
                new RocksJournalOptions(
                    FsyncPolicy.ALWAYS, Duration.ofMillis(200), DataLossPolicy.REFUSE));
        Writer out = writer()) {
      DumpWriter dump = new DumpWriter(out, Instant.now().toEpochMilli());
      journal.scan(dump);
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "Exported %d queues and %d messages from %s%s%n",
          dump.queues(), dump.messages(), store, output == null ? "" : " to " + output);
      err.flush();
      return 0;
    } catch (UncheckedIOException e) {
      throw new IllegalStateException(e.getMessage() + ": " + e.getCause().getMessage(), e);
    }
  }

  private Writer writer() throws IOException {
    return new BufferedWriter(
        output == null
            ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8));
  }
}
