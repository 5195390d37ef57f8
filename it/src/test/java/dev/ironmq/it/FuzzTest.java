package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ironmq.it.RawSocket.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The fuzz tier: generated requests for every route, against a running server. Each gets an answer
 * within its deadline, none is a 5xx, every refusal carries a JSON {@code msg}, and a refused
 * request changes nothing. {@code ./mvnw verify} runs a bounded number of tries per property;
 * {@code -Dfuzz.tries=N} runs more.
 */
class FuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static FuzzState state;
  private static String lastSnapshot;

  @BeforeContainer
  static void start() throws Exception {
    state = FuzzState.start();
  }

  @AfterContainer
  static void stop() {
    FuzzState.stop();
  }

  @Provide
  Arbitrary<WireRequest> requests() {
    return FuzzRequests.requests();
  }

  @Property
  void everyRequestIsAnsweredInTimeNever5xxAndARefusalChangesNothing(
      @ForAll("requests") WireRequest request) {
    String before = state.snapshot(request);

    Answer answer =
        RawSocket.exchange(state.port(), request.bytes(), (int) request.deadline().toMillis());

    assertThat(answer.status())
        .as("answered within %s: %s", request.deadline(), request)
        .isPositive();
    assertThat(answer.status()).as("%s\n%s", request, answer.text()).isLessThan(500);
    if (answer.status() >= 400) {
      assertThat(msg(answer)).as("%s\n%s", request, answer.text()).isNotBlank();
      assertThat(state.snapshot(request))
          .as("changed by the refused %s", request)
          .isEqualTo(before);
    }
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200),
        Arbitraries.strings()
            .withChars("GETPOS /HTP1.\r\n:abc%")
            .ofMinLength(1)
            .ofMaxLength(120)
            .map(s -> s.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Property
  void bytesThatAreNotHttpGetAJsonRefusalOrAClosedConnectionInTime(
      @ForAll("garbage") byte[] bytes) {
    Answer answer = RawSocket.exchange(state.port(), appendBlankLine(bytes), 5000);

    assertThat(answer.closed() || answer.status() > 0).as(answer.text()).isTrue();
    if (answer.status() > 0) {
      assertThat(answer.status()).as(answer.text()).isBetween(400, 499);
      assertThat(msg(answer)).as(answer.text()).isNotBlank();
    }
  }

  /**
   * Makes the junk a whole head: it starts with a letter (the codec skips leading control
   * characters and blanks, and a client that sent only those has sent nothing yet) and ends with an
   * empty line, so the server must answer it or close.
   */
  private static byte[] appendBlankLine(byte[] bytes) {
    byte[] all = new byte[bytes.length + 5];
    all[0] = 'G';
    System.arraycopy(bytes, 0, all, 1, bytes.length);
    System.arraycopy(new byte[] {'\r', '\n', '\r', '\n'}, 0, all, bytes.length + 1, 4);
    return all;
  }

  private static String msg(Answer answer) {
    try {
      JsonNode body = JSON.readTree(answer.body());
      return body == null ? "" : body.path("msg").asText();
    } catch (IOException e) {
      return "";
    }
  }
}
