package dev.ironmq.bench;

import java.util.OptionalLong;

/**
 * A system the benchmark runs as its own child process: stopping and closing stop the process, and
 * its memory is the process's resident set. Its reserve waits on the server.
 */
public abstract class ChildProcessSystem implements QueueSystem {
  /** The process, made by the subclass from its settings. */
  protected abstract ChildProcess process();

  @Override
  public void stop() {
    process().stop();
  }

  @Override
  public boolean parksRequests() {
    return true;
  }

  @Override
  public OptionalLong residentBytes() {
    return process().residentBytes();
  }

  @Override
  public void close() {
    process().stop();
  }
}
