package dev.ironmq.client;

/**
 * The server refused a call, or could not be reached. Each refusal has its own subclass, with the
 * HTTP status and the server's {@code msg}.
 */
public class IronMqException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String serverMessage;

  IronMqException(int status, String serverMessage, String call) {
    super(call + " answered " + status + ": " + serverMessage);
    this.status = status;
    this.serverMessage = serverMessage;
  }

  IronMqException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.serverMessage = "";
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The server's explanation ({@code msg}), or empty. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The exception for an answer with this status. */
  static IronMqException of(int status, String serverMessage, String call) {
    return switch (status) {
      case 400 -> new BadRequestException(status, serverMessage, call);
      case 401 -> new UnauthorizedException(status, serverMessage, call);
      case 403 -> new ReservationException(status, serverMessage, call);
      case 404 -> new NotFoundException(status, serverMessage, call);
      case 408, 413 -> new BadRequestException(status, serverMessage, call);
      default ->
          status >= 500
              ? new ServerException(status, serverMessage, call)
              : new IronMqException(status, serverMessage, call);
    };
  }

  /** 400 (and 408, 413): the request was malformed, out of range or too large. */
  public static final class BadRequestException extends IronMqException {
    private static final long serialVersionUID = 1L;

    BadRequestException(int status, String serverMessage, String call) {
      super(status, serverMessage, call);
    }
  }

  /** 401: the token is missing or unknown. */
  public static final class UnauthorizedException extends IronMqException {
    private static final long serialVersionUID = 1L;

    UnauthorizedException(int status, String serverMessage, String call) {
      super(status, serverMessage, call);
    }
  }

  /**
   * 403: the reservation given is not the message's current one (it timed out, or the message was
   * touched, released or deleted since).
   */
  public static final class ReservationException extends IronMqException {
    private static final long serialVersionUID = 1L;

    ReservationException(int status, String serverMessage, String call) {
      super(status, serverMessage, call);
    }
  }

  /** 404: no such project, queue, message, subscriber or alert. */
  public static final class NotFoundException extends IronMqException {
    private static final long serialVersionUID = 1L;

    NotFoundException(int status, String serverMessage, String call) {
      super(status, serverMessage, call);
    }
  }

  /** 5xx: the server could not do it; the call changed nothing and may be tried again. */
  public static final class ServerException extends IronMqException {
    private static final long serialVersionUID = 1L;

    ServerException(int status, String serverMessage, String call) {
      super(status, serverMessage, call);
    }
  }

  /** No answer: the connection failed or timed out. Whether the call took effect is unknown. */
  public static final class ConnectionException extends IronMqException {
    private static final long serialVersionUID = 1L;

    ConnectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
