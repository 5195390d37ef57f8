package dev.ironmq.http.admin;

import static dev.ironmq.http.Router.Access.ADMIN;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.Tokens;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.http.Call;
import dev.ironmq.http.Json;
import dev.ironmq.http.JsonBody;
import dev.ironmq.http.Router;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API, for operators: projects and tokens. Every call needs an admin token. Tokens are
 * shown in plain text once, when they are issued; listings name them by a short id.
 */
public final class AdminEndpoints {
  private final QueueBackend backend;

  public AdminEndpoints(QueueBackend backend) {
    this.backend = backend;
  }

  public void register(Router router) {
    router
        .add(HttpMethod.GET, "/admin/projects", ADMIN, false, this::listProjects)
        .add(HttpMethod.POST, "/admin/projects", ADMIN, this::createProject)
        .add(HttpMethod.GET, "/admin/tokens", ADMIN, false, this::listTokens)
        .add(HttpMethod.POST, "/admin/tokens", ADMIN, this::issueToken)
        .add(HttpMethod.DELETE, "/admin/tokens/{token}", ADMIN, this::revokeToken);
  }

  void listProjects(Call call) {
    call.respond(
        backend.listProjects(),
        200,
        projects ->
            Json.render(
                json -> {
                  json.writeStartObject();
                  json.writeArrayFieldStart("projects");
                  for (ProjectRecord project : projects) {
                    writeProject(json, project);
                  }
                  json.writeEndArray();
                  json.writeEndObject();
                }));
  }

  /** POST projects {@code {"name": ..., "id": optional}}. */
  void createProject(Call call) {
    JsonBody body = call.json();
    Optional<String> id = body.string("id").filter(given -> !given.isEmpty());
    if (id.isPresent() && !Tokens.isProjectId(id.get())) {
      throw ProblemException.invalid("A project id is 24 hexadecimal characters");
    }
    call.respond(
        backend.createProject(id, body.string("name").orElse("")),
        201,
        project ->
            Json.render(
                json -> {
                  json.writeStartObject();
                  json.writeFieldName("project");
                  writeProject(json, project);
                  json.writeEndObject();
                }));
  }

  void listTokens(Call call) {
    call.respond(
        backend.listTokens(),
        200,
        tokens ->
            Json.render(
                json -> {
                  json.writeStartObject();
                  json.writeArrayFieldStart("tokens");
                  for (TokenRecord token : tokens) {
                    writeToken(json, token);
                  }
                  json.writeEndArray();
                  json.writeEndObject();
                }));
  }

  /**
   * POST tokens {@code {"projects": [...], "label": ..., "admin": false, "token": optional}}: the
   * answer holds the token in plain text, the only time it is shown.
   */
  void issueToken(Call call) {
    JsonBody body = call.json();
    Set<String> projectIds = new LinkedHashSet<>();
    for (JsonNode project : body.array("projects")) {
      if (!project.isTextual()) {
        throw ProblemException.invalid("projects must be an array of project ids");
      }
      projectIds.add(project.textValue());
    }
    boolean admin = body.bool("admin", false);
    if (projectIds.isEmpty() && !admin) {
      throw ProblemException.invalid(
          "A token must open at least one project, or be an admin token");
    }
    Optional<String> token = body.string("token").filter(t -> !t.isEmpty());
    call.respond(
        backend.issueToken(token, projectIds, admin, body.string("label").orElse("")),
        201,
        AdminEndpoints::renderIssued);
  }

  void revokeToken(Call call) {
    call.respond(
        backend
            .revokeToken(call.param("token"))
            .thenApply(
                revoked -> {
                  if (!revoked) {
                    throw ProblemException.of(new Problem.TokenNotFound("No such token"));
                  }
                  return revoked;
                }),
        200,
        done -> Json.message("Revoked"));
  }

  private static Buffer renderIssued(IssuedToken issued) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeStringField("token", issued.token());
          json.writeFieldName("info");
          writeToken(json, issued.record());
          json.writeEndObject();
        });
  }

  private static void writeProject(JsonGenerator json, ProjectRecord project) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", project.projectId());
    json.writeStringField("name", project.name());
    json.writeStringField("created_at", Instant.ofEpochMilli(project.createdAt()).toString());
    json.writeEndObject();
  }

  private static void writeToken(JsonGenerator json, TokenRecord token) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", Tokens.tokenId(token.tokenHash()));
    json.writeArrayFieldStart("projects");
    for (String project : token.projectIds().stream().sorted().toList()) {
      json.writeString(project);
    }
    json.writeEndArray();
    json.writeBooleanField("admin", token.admin());
    json.writeStringField("label", token.label());
    json.writeStringField("created_at", Instant.ofEpochMilli(token.createdAt()).toString());
    json.writeEndObject();
  }
}
