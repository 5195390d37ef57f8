package dev.ironmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The file of the Unix domain socket the server listens on. A socket file outlives the process that
 * bound it when that process is killed, and a bind fails while the file exists; so a start removes
 * a socket file nobody answers on, and refuses one somebody does, or a path that holds anything but
 * a socket.
 */
final class SocketFile {
  private static final int FILE_TYPE = 0170000;
  private static final int SOCKET = 0140000;

  private SocketFile() {}

  /** Makes {@code path} free to bind, or says why it cannot be. */
  static void claim(Path path) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    if ((mode & FILE_TYPE) != SOCKET) {
      throw new IllegalStateException(path + " exists and is not a socket; not replacing it");
    }
    if (answers(path)) {
      throw new IllegalStateException("another process listens on " + path);
    }
    release(path);
  }

  /** Removes the socket file, if there is one. */
  static void release(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }

  private static boolean answers(Path path) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException refused) {
      return false;
    }
  }
}
