package dev.ironmq.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import java.lang.reflect.RecordComponent;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  @Test
  void everyKindOfProblemHasAStatusAndKeepsItsMessage() throws Exception {
    for (Class<?> kind : Problem.class.getPermittedSubclasses()) {
      RecordComponent[] components = kind.getRecordComponents();
      Problem problem = (Problem) kind.getDeclaredConstructor(String.class).newInstance("why");
      assertThat(components).hasSize(1);

      ErrorMapper.HttpError error = ErrorMapper.map(new ProblemException(problem));

      assertThat(error.status()).as(kind.getSimpleName()).isBetween(400, 599);
      assertThat(error.message()).isEqualTo("why");
    }
  }

  @Test
  void everyKindOfWireProblemHasAStatus() throws Exception {
    for (Class<?> kind : WireProblem.class.getPermittedSubclasses()) {
      WireProblem problem =
          (WireProblem) kind.getDeclaredConstructor(String.class).newInstance("why");

      assertThat(ErrorMapper.map(new WireProblemException(problem)).status())
          .as(kind.getSimpleName())
          .isBetween(400, 499);
    }
  }

  @Test
  void theStatusesAreTheOnesClientsExpect() {
    assertThat(status(new Problem.InvalidRequest("x"))).isEqualTo(400);
    assertThat(status(new Problem.NotAuthenticated("x"))).isEqualTo(401);
    assertThat(status(new Problem.ReservationMismatch("x"))).isEqualTo(403);
    assertThat(status(new Problem.QueueNotFound("x"))).isEqualTo(404);
    assertThat(status(new Problem.StorageUnavailable("x"))).isEqualTo(503);
  }

  @Test
  void anythingElseIsA500ThatRevealsNothing() {
    ErrorMapper.HttpError error =
        ErrorMapper.map(new CompletionException(new IllegalStateException("secret detail")));

    assertThat(error.status()).isEqualTo(500);
    assertThat(error.message()).doesNotContain("secret");
  }

  private static int status(Problem problem) {
    return ErrorMapper.map(new CompletionException(new ProblemException(problem))).status();
  }
}
