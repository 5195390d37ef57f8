package dev.ironmq.server;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space of the disk that holds the data directory: a warning for {@code /health} and the
 * log when it runs low, before a full disk makes the server refuse writes. Thread-safe.
 */
final class DiskSpace {
  private static final Logger log = LoggerFactory.getLogger(DiskSpace.class);
  private static final long AUTO_CEILING = 1L << 30;

  private final Path directory;
  private final OptionalLong threshold;
  private volatile boolean low;

  /** Watches the disk of {@code directory}; an empty threshold is 5 % of it, at most 1 GiB. */
  DiskSpace(Path directory, OptionalLong threshold) {
    this.directory = directory;
    this.threshold = threshold;
  }

  /** Why the space is low, now; empty while it is not (or cannot be read). */
  Optional<String> warning() {
    try {
      FileStore store = Files.getFileStore(directory);
      long total = store.getTotalSpace();
      long free = store.getUsableSpace();
      long under = threshold.orElse(Math.min(AUTO_CEILING, total / 20));
      if (free >= under) {
        return Optional.empty();
      }
      return Optional.of(
          String.format(
              Locale.ROOT,
              "Free disk space is low: %s of %s free for %s (the warning starts under %s); writes"
                  + " are refused once the disk is full",
              mebibytes(free),
              mebibytes(total),
              directory,
              mebibytes(under)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Logs when the space becomes low and when it no longer is; called every few seconds. */
  void check() {
    Optional<String> warning = warning();
    if (warning.isPresent() && !low) {
      log.warn(warning.get());
    } else if (warning.isEmpty() && low) {
      log.info("Free disk space is no longer low for {}", directory);
    }
    low = warning.isPresent();
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }
}
