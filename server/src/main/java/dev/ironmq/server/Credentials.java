package dev.ironmq.server;

import java.util.Optional;

/**
 * What a started server knows of the credentials a client needs.
 *
 * @param projectId the bootstrap project, when there is one
 * @param token the bootstrap token in plain text, when it is known (given, or made now)
 * @param adminToken the admin token in plain text, when it is known (given, or made now)
 */
public record Credentials(
    Optional<String> projectId, Optional<String> token, Optional<String> adminToken) {}
