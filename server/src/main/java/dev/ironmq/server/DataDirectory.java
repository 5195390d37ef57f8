package dev.ironmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory: the store (message bodies in its files), {@code iron.json} and the admin
 * token. Made readable by the server's user only: the directory and the store are created 0700, the
 * files in them 0600 (the launcher's umask does the same for files the store creates later, and a
 * store from before this rule is tightened at start).
 *
 * <p>A start refuses a data directory whose store is gone while the files written beside it remain:
 * a new store would mean a new project and an {@code iron.json} that no longer opens the old one,
 * with nothing said.
 */
final class DataDirectory {
  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /** Makes the data directory ready for the store to open in it, or says why it cannot be. */
  static void prepare(ServerConfig config) {
    Path dataDir = config.dataDir();
    Path store = config.storeDir();
    try {
      createOwnerOnly(dataDir);
      if (!Files.isWritable(dataDir)) {
        throw new IllegalStateException("cannot write to the data directory " + dataDir);
      }
      if (config.postgresUrl().isPresent()) {
        // The store is the database; the data directory holds iron.json and the admin token.
        return;
      }
      boolean storeExists = Files.isRegularFile(store.resolve("CURRENT"));
      if (!storeExists) {
        refuseIfStoreWasLost(config);
      }
      createOwnerOnly(store);
      if (posix()) {
        Files.setPosixFilePermissions(store, OWNER_DIRECTORY);
        tightenFiles(store);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data directory " + dataDir, e);
    }
  }

  private static void refuseIfStoreWasLost(ServerConfig config) {
    for (Path left : new Path[] {config.ironJson(), config.adminTokenFile()}) {
      if (Files.exists(left)) {
        String what =
            "the store "
                + config.storeDir()
                + " is missing, but "
                + left
                + " remains from an earlier start: the store was deleted or moved";
        if (!config.acceptDataLoss()) {
          throw new IllegalStateException(
              what + "; restore it, or start with --accept-data-loss to begin with an empty store");
        }
        log.error("Data lost: {}; starting with an empty store, as asked", what);
        return;
      }
    }
  }

  private static void createOwnerOnly(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (posix()) {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
    } else {
      Files.createDirectory(directory);
    }
  }

  private static void tightenFiles(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
          Files.setPosixFilePermissions(file, OWNER_FILE);
        }
      }
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
