package dev.ironmq.http;

/** This server's version, as its jar's manifest gives it; a build run from classes has none. */
public final class ServerVersion {
  private ServerVersion() {}

  public static String current() {
    String version = ServerVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }
}
