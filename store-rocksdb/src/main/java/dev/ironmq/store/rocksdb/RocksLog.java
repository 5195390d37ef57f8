package dev.ironmq.store.rocksdb;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rocksdb.InfoLogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's own log, warnings and errors only, written to this server's log instead of a file in
 * the store. It also keeps the lines in which recovery dropped part of a write-ahead log: RocksDB
 * names the file and the bytes there and nowhere else (its exception says only "checksum
 * mismatch").
 */
final class RocksLog extends org.rocksdb.Logger {
  private static final Logger log = LoggerFactory.getLogger("rocksdb");

  private static final Pattern DROPPED =
      Pattern.compile("(\\S+\\.log): dropping (\\d+) bytes; (.*)");

  private final List<String> dropped = new CopyOnWriteArrayList<>();

  RocksLog() {
    super(InfoLogLevel.WARN_LEVEL);
  }

  @Override
  protected void log(InfoLogLevel level, String message) {
    String line = withoutSourceLocation(message.strip());
    if (line.contains(".log: dropping ")) {
      dropped.add(line.replace("(ignoring error) ", ""));
      // The store reports what recovery dropped itself, in words an operator can act on.
      log.debug("{}", line);
      return;
    }
    if (line.startsWith("DB::Open() failed")) {
      log.debug("{}", line);
      return;
    }
    switch (level) {
      case ERROR_LEVEL, FATAL_LEVEL -> log.error("{}", line);
      case WARN_LEVEL -> log.warn("{}", line);
      // The header is RocksDB's dump of its options at each open.
      default -> log.debug("{}", line);
    }
  }

  /** What recovery dropped from write-ahead logs, as RocksDB said it: file, bytes and reason. */
  List<String> droppedFromLogs() {
    return List.copyOf(dropped);
  }

  /**
   * What recovery dropped, in one phrase: the files, the bytes in all, and the first reason ({@code
   * 000004.log (64662 bytes; Corruption: checksum mismatch)}); empty when nothing was.
   */
  Optional<String> droppedSummary() {
    Set<String> files = new LinkedHashSet<>();
    long bytes = 0;
    String reason = null;
    for (String line : dropped) {
      Matcher m = DROPPED.matcher(line);
      if (m.find()) {
        files.add(Path.of(m.group(1)).getFileName().toString());
        bytes += Long.parseLong(m.group(2));
        reason = reason == null ? m.group(3) : reason;
      }
    }
    if (files.isEmpty()) {
      return dropped.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", dropped));
    }
    return Optional.of(String.join(", ", files) + " (" + bytes + " bytes; " + reason + ")");
  }

  /** RocksDB starts each line with {@code [file.cc:line]}, which tells an operator nothing. */
  private static String withoutSourceLocation(String line) {
    if (line.startsWith("[")) {
      int end = line.indexOf("] ");
      if (end > 0) {
        return line.substring(end + 2);
      }
    }
    return line;
  }
}
