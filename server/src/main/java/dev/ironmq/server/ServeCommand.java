package dev.ironmq.server;

import dev.ironmq.backend.Tokens;
import dev.ironmq.store.rocksdb.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ironmq serve}: runs the server in the foreground until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the server in the foreground on the embedded store.",
      "Every option can also be set by the environment variable shown.",
      "On the first start with an empty data directory the server creates",
      "a project, a token and an admin token, and writes <data-dir>/iron.json",
      "for the official clients."
    },
    showDefaultValues = true)
final class ServeCommand implements Callable<Integer> {
  /** The most requests in flight to one subscriber an operator may allow. */
  static final int MAX_PUSH_CONCURRENCY = 1024;

  @Spec CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "${env:IRONMQ_HOST:-127.0.0.1}",
      description = "Address to listen on (IRONMQ_HOST).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:IRONMQ_PORT:-8080}",
      description = "Port to listen on; 0 picks a free one (IRONMQ_PORT).")
  int port;

  @Option(
      names = "--socket",
      defaultValue = "${env:IRONMQ_SOCKET}",
      description = {
        "A Unix domain socket to listen on as well, for clients on this machine (IRONMQ_SOCKET).",
        "A call over it skips the kernel's TCP work that loopback still does.",
        "iron.json names it as \"socket\"; this project's client uses it, official clients",
        "ignore it and keep to the port."
      })
  Path socket;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:IRONMQ_DATA_DIR:-./data}",
      description = "Directory of the store, iron.json and the admin token (IRONMQ_DATA_DIR).")
  Path dataDir;

  @Option(
      names = "--fsync",
      defaultValue = "${env:IRONMQ_FSYNC:-always}",
      converter = FsyncConverter.class,
      description = {
        "When writes are forced to disk (IRONMQ_FSYNC):",
        "  always   - before every answer; nothing acknowledged is ever lost",
        "  interval - every --fsync-interval; a machine crash may lose that much",
        "  never    - when the OS decides; a machine crash may lose recent writes",
        "A crash of the server process alone loses nothing under any policy."
      })
  FsyncPolicy fsync;

  @Option(
      names = "--fsync-interval",
      defaultValue = "${env:IRONMQ_FSYNC_INTERVAL_MS:-200}",
      description = "Milliseconds between syncs with --fsync interval (IRONMQ_FSYNC_INTERVAL_MS).")
  int fsyncIntervalMillis;

  @Option(
      names = "--max-message-size",
      defaultValue = "${env:IRONMQ_MAX_MESSAGE_SIZE:-65536}",
      description = "Largest message body in bytes (IRONMQ_MAX_MESSAGE_SIZE).")
  int maxMessageBytes;

  @Option(
      names = "--max-request-size",
      defaultValue = "${env:IRONMQ_MAX_REQUEST_SIZE:-8388608}",
      description = "Largest request body in bytes (IRONMQ_MAX_REQUEST_SIZE).")
  int maxRequestBytes;

  @Option(
      names = "--event-loops",
      defaultValue = "${env:IRONMQ_EVENT_LOOPS:-0}",
      description =
          "Threads serving HTTP and owning queues; 0 for one per core (IRONMQ_EVENT_LOOPS).")
  int eventLoops;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:IRONMQ_IDLE_TIMEOUT:-75}",
      description = "Seconds after which an idle connection is closed (IRONMQ_IDLE_TIMEOUT).")
  int idleTimeoutSeconds;

  @Option(
      names = "--body-timeout",
      defaultValue = "${env:IRONMQ_BODY_TIMEOUT:-30}",
      description = "Seconds a client may take to send a request body (IRONMQ_BODY_TIMEOUT).")
  int bodyTimeoutSeconds;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "${env:IRONMQ_SHUTDOWN_GRACE:-10}",
      description = "Seconds a stop waits for requests in flight (IRONMQ_SHUTDOWN_GRACE).")
  int shutdownGraceSeconds;

  @Option(
      names = "--public-url",
      defaultValue = "${env:IRONMQ_PUBLIC_URL}",
      description =
          "URL subscribers reach this server by, for acknowledgement URLs; default"
              + " http://<host>:<port> (IRONMQ_PUBLIC_URL).")
  String publicUrl;

  @Option(
      names = "--push-allow-private",
      defaultValue = "${env:IRONMQ_PUSH_ALLOW_PRIVATE:-true}",
      arity = "1",
      description =
          "Whether subscribers may be on loopback, private or link-local addresses; checked"
              + " again at each delivery against resolved addresses (IRONMQ_PUSH_ALLOW_PRIVATE).")
  boolean pushAllowPrivate;

  @Option(
      names = "--push-timeout",
      defaultValue = "${env:IRONMQ_PUSH_TIMEOUT:-10}",
      description = "Seconds to wait for a subscriber's answer (IRONMQ_PUSH_TIMEOUT).")
  int pushTimeoutSeconds;

  @Option(
      names = "--push-connect-timeout",
      defaultValue = "${env:IRONMQ_PUSH_CONNECT_TIMEOUT:-10}",
      description = "Seconds to wait for a subscriber's connection (IRONMQ_PUSH_CONNECT_TIMEOUT).")
  int pushConnectTimeoutSeconds;

  @Option(
      names = "--push-concurrency",
      defaultValue = "${env:IRONMQ_PUSH_CONCURRENCY:-32}",
      description =
          "Requests in flight to one subscriber at most, 1 to "
              + MAX_PUSH_CONCURRENCY
              + " (IRONMQ_PUSH_CONCURRENCY).")
  int pushConcurrency;

  @Option(
      names = "--push-retention",
      defaultValue = "${env:IRONMQ_PUSH_RETENTION:-60}",
      description =
          "Seconds a delivered push message stays readable with its statuses"
              + " (IRONMQ_PUSH_RETENTION).")
  int pushRetentionSeconds;

  @Option(
      names = "--project-id",
      defaultValue = "${env:IRONMQ_PROJECT_ID}",
      description = "Project to create if missing, 24 hex characters (IRONMQ_PROJECT_ID).")
  String projectId;

  @Option(
      names = "--token",
      defaultValue = "${env:IRONMQ_TOKEN}",
      description = "Token that opens that project, created if missing (IRONMQ_TOKEN).")
  String token;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:IRONMQ_ADMIN_TOKEN}",
      description = {
        "Admin token to accept, created if missing (IRONMQ_ADMIN_TOKEN).",
        "Other local users can read a command line: prefer --admin-token-file or the variable."
      })
  String adminToken;

  @Option(
      names = "--admin-token-file",
      defaultValue = "${env:IRONMQ_ADMIN_TOKEN_FILE}",
      description =
          "File whose first line is the admin token to accept (IRONMQ_ADMIN_TOKEN_FILE); keep it"
              + " readable by the server's user only.")
  Path adminTokenFile;

  @Option(
      names = "--accept-data-loss",
      defaultValue = "${env:IRONMQ_ACCEPT_DATA_LOSS:-false}",
      description = {
        "Start on a damaged store anyway, keeping what can be read (IRONMQ_ACCEPT_DATA_LOSS).",
        "Without it a damaged store stops the start, naming what is at stake. With it, what is",
        "lost is logged per queue, and a store with damaged table files is copied into a new one",
        "(the damaged one is kept beside it). Run 'ironmq verify' first."
      })
  boolean acceptDataLoss;

  @Option(
      names = "--dev-token",
      defaultValue = "${env:IRONMQ_DEV_TOKEN}",
      description = {
        "Development mode, for testing IronMQ integrations (IRONMQ_DEV_TOKEN): this token opens",
        "any project id of 1 to 64 letters, digits, - or _, creating the project on first use.",
        "Never the admin API. Served on a loopback --host only."
      })
  String devToken;

  @Option(
      names = "--dev-token-allow-remote",
      defaultValue = "${env:IRONMQ_DEV_TOKEN_ALLOW_REMOTE:-false}",
      description =
          "Serve --dev-token on an address other machines reach too (IRONMQ_DEV_TOKEN_ALLOW_REMOTE).")
  boolean devTokenAllowRemote;

  @Mixin MetricsArguments metricsArguments;

  @Option(
      names = "--store",
      defaultValue = "${env:IRONMQ_STORE:-embedded}",
      description = {
        "Where queues are kept (IRONMQ_STORE): embedded (RocksDB in the data directory), or",
        "postgresql://user[:password]@host[:port]/database, shared by any number of servers."
      })
  String store;

  @Option(
      names = "--store-connections",
      defaultValue = "${env:IRONMQ_STORE_CONNECTIONS:-16}",
      description =
          "Connections to PostgreSQL this server opens at most (IRONMQ_STORE_CONNECTIONS).")
  int storeConnections;

  @Option(
      names = "--low-disk-space",
      defaultValue = "${env:IRONMQ_LOW_DISK_SPACE:-auto}",
      description = {
        "Free space, in MiB, under which the log and /health warn (IRONMQ_LOW_DISK_SPACE);",
        "auto: 5% of the disk, at most 1024 MiB."
      })
  String lowDiskSpace;

  @Override
  public Integer call() throws InterruptedException {
    if (pushConcurrency < 1 || pushConcurrency > MAX_PUSH_CONCURRENCY) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--push-concurrency must be 1 to " + MAX_PUSH_CONCURRENCY + ", not " + pushConcurrency);
    }
    ServerConfig.Builder config =
        ServerConfig.builder(dataDir)
            .host(host)
            .port(port)
            .fsync(fsync, Duration.ofMillis(fsyncIntervalMillis))
            .maxMessageBytes(maxMessageBytes)
            .maxRequestBytes(maxRequestBytes)
            .eventLoops(eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors())
            .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
            .bodyTimeout(Duration.ofSeconds(bodyTimeoutSeconds))
            .shutdownGrace(Duration.ofSeconds(shutdownGraceSeconds))
            .push(
                new PushOptions(
                    Duration.ofSeconds(pushConnectTimeoutSeconds),
                    Duration.ofSeconds(pushTimeoutSeconds),
                    pushConcurrency,
                    pushAllowPrivate,
                    Duration.ofSeconds(pushRetentionSeconds),
                    optional(publicUrl)))
            .acceptDataLoss(acceptDataLoss);
    String chosen = store.trim();
    if (chosen.startsWith("postgresql://") || chosen.startsWith("postgres://")) {
      if (fsync != FsyncPolicy.ALWAYS || acceptDataLoss) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            (acceptDataLoss
                    ? "--accept-data-loss"
                    : "--fsync " + fsync.name().toLowerCase(Locale.ROOT))
                + " applies to the embedded store; on PostgreSQL a 2xx means the database"
                + " committed the change, as durable as its synchronous_commit setting");
      }
      config.postgres(chosen);
    } else if (!chosen.equalsIgnoreCase("embedded")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--store must be embedded or a postgresql://user@host:port/database URL, not '"
              + chosen
              + "'");
    }
    if (storeConnections < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--store-connections must be at least 1, not " + storeConnections);
    }
    config.storeConnections(storeConnections);
    if (!lowDiskSpace.trim().equalsIgnoreCase("auto")) {
      config.lowDiskSpace(mebibytes("--low-disk-space", lowDiskSpace) << 20);
    }
    if (socket != null) {
      config.socket(socket);
    }
    optional(projectId)
        .ifPresent(
            id -> {
              if (!Tokens.isProjectId(id)) {
                throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--project-id must be 24 hexadecimal characters, not '" + id + "'");
              }
              config.projectId(id);
            });
    optional(token).ifPresent(config::token);
    adminToken().ifPresent(config::adminToken);
    optional(devToken).ifPresent(config::devToken);
    config.devTokenAllowRemote(devTokenAllowRemote);
    try {
      config
          .metrics(metricsArguments.options())
          .accessLog(metricsArguments.accessLog())
          .stats(metricsArguments.stats());
    } catch (IllegalArgumentException mistake) {
      throw new CommandLine.ParameterException(spec.commandLine(), mistake.getMessage());
    }
    ServerConfig chosenConfig = config.build();
    try {
      Bootstrap.check(chosenConfig);
    } catch (IllegalArgumentException mistake) {
      throw new CommandLine.ParameterException(spec.commandLine(), mistake.getMessage());
    }
    IronMqServer server = IronMqServer.start(chosenConfig);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }

  /** The admin token given inline or in a file (not both). */
  private Optional<String> adminToken() {
    Optional<String> inline = optional(adminToken);
    if (adminTokenFile == null) {
      return inline;
    }
    if (inline.isPresent()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --admin-token or --admin-token-file, not both");
    }
    return Optional.of(SecretFiles.readFirstLine(adminTokenFile, "the admin token"));
  }

  private long mebibytes(String option, String value) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), option + " must be auto or a number of MiB, not '" + value + "'");
  }

  private static Optional<String> optional(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  static final class FsyncConverter implements CommandLine.ITypeConverter<FsyncPolicy> {
    @Override
    public FsyncPolicy convert(String value) {
      for (FsyncPolicy policy : FsyncPolicy.values()) {
        if (policy.name().equalsIgnoreCase(value.trim())) {
          return policy;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not one of always, interval, never");
    }
  }
}
