package dev.ironmq.server;

import dev.ironmq.store.rocksdb.JournalVerifier;
import dev.ironmq.store.rocksdb.JournalVerifier.VerifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ironmq verify}: checks a stopped server's store end to end and says what it found. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Checks the store of a stopped server without changing it: the write-ahead log, that no",
      "write known to be on disk is missing from it, every block of every table file, and every",
      "record. Exits 0 when the store is sound, 1 when it is damaged (each damaged part listed)."
    },
    showDefaultValues = true)
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:IRONMQ_DATA_DIR:-./data}",
      description = "The server's data directory (IRONMQ_DATA_DIR).")
  Path dataDir;

  @Override
  public Integer call() {
    VerifyReport report = JournalVerifier.verify(dataDir.resolve("store"));
    PrintWriter out = spec.commandLine().getOut();
    JournalVerifier.Counts counts = report.counts();
    out.printf(
        "%s: %d projects, %d tokens, %d queues, %d messages (%d reserved), %d push deliveries;"
            + " %d table files checked%n",
        report.directory(),
        counts.projects(),
        counts.tokens(),
        counts.queues(),
        counts.messages(),
        counts.reserved(),
        counts.deliveries(),
        report.tableFiles());
    if (report.isSound()) {
      out.println("sound: no damage found");
      return 0;
    }
    out.println("DAMAGED:");
    report.damage().forEach(line -> out.println("  - " + line));
    out.println(
        "Restore the data directory from a backup, or start the server with --accept-data-loss"
            + " to keep what can be read.");
    return 1;
  }
}
