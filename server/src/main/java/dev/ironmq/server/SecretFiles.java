package dev.ironmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold tokens: written whole (through a rename) and readable by their owner only. */
final class SecretFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private SecretFiles() {}

  /**
   * Writes a file whole: into a temporary file that is owner-only from its creation (never readable
   * by others, even for a moment), then renamed over the old one.
   */
  static void write(Path file, String content) {
    try {
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      Path temporary = directory.resolve(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The first line of a file that holds a secret, trimmed; what it holds names the secret. */
  static String readFirstLine(Path file, String what) {
    try {
      String line =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
      if (line.isBlank()) {
        throw new IllegalStateException(file + " is empty; it should hold " + what);
      }
      return line.trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " from " + file, e);
    }
  }
}
