package dev.ironmq.backend;

import java.util.Set;

/**
 * An API token. Only the hash of the token is stored.
 *
 * @param tokenHash hex SHA-256 of the token
 * @param projectIds the projects this token opens
 * @param admin whether the token may call the admin API
 * @param label a label for people
 * @param createdAt epoch milliseconds
 */
public record TokenRecord(
    String tokenHash, Set<String> projectIds, boolean admin, String label, long createdAt) {
  public TokenRecord {
    projectIds = Set.copyOf(projectIds);
  }
}
