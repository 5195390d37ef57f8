package dev.ironmq.backend;

import dev.ironmq.backend.problem.ProblemException;
import java.nio.charset.StandardCharsets;

/**
 * A queue's identity as clients name it: a project and a name. Names are case-sensitive, at most
 * {@link Limits#MAX_QUEUE_NAME_BYTES} UTF-8 bytes, and contain no control characters and no slash;
 * anything else, spaces, colons and plus signs included, is allowed.
 */
public record QueueRef(String projectId, String name) {

  /** Returns the reference, or throws an invalid-request problem when the name is not allowed. */
  public static QueueRef of(String projectId, String name) {
    validateName(name);
    return new QueueRef(projectId, name);
  }

  /** Throws an invalid-request problem when a queue name is not allowed. */
  public static void validateName(String name) {
    if (name.isEmpty()) {
      throw ProblemException.invalid("Queue name must not be empty");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_QUEUE_NAME_BYTES) {
      throw ProblemException.invalid(
          "Queue name must be at most " + Limits.MAX_QUEUE_NAME_BYTES + " bytes");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || Character.isISOControl(c)) {
        throw ProblemException.invalid("Queue name must not contain '/' or control characters");
      }
    }
  }

  /** Another queue of the same project. */
  public QueueRef sibling(String otherName) {
    return QueueRef.of(projectId, otherName);
  }
}
