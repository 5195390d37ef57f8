package dev.ironmq.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ironmq.backend.problem.ProblemException;
import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void segmentsAreSplitBeforeTheyAreDecoded() {
    assertThat(PathSegments.split("/3/projects/p/queues/a%2Fb/messages"))
        .containsExactly("3", "projects", "p", "queues", "a%2Fb", "messages");
    assertThat(PathSegments.split("/health/")).containsExactly("health");
  }

  @Test
  void decodingKeepsPlusSignsAndReadsUtf8() {
    assertThat(PathSegments.decode("a%20b:c+d")).isEqualTo("a b:c+d");
    assertThat(PathSegments.decode("caf%C3%A9")).isEqualTo("café");
    assertThat(PathSegments.decode("plain")).isEqualTo("plain");
  }

  @Test
  void rawBytesOfThePathAreReadAsUtf8() {
    // The codec hands each raw byte of the request line over as one Latin-1 character.
    assertThat(PathSegments.decode("\u00c3\u00bcn\u00c3\u00af")).isEqualTo("\u00fcn\u00ef");
  }

  @Test
  void rawBytesThatAreNotUtf8AreRefused() {
    for (String bad : new String[] {"\u00ff", "a\u00c3", "\u00c0\u00af", "\u00ed\u00a0\u0080"}) {
      assertThatThrownBy(() -> PathSegments.decode(bad)).isInstanceOf(ProblemException.class);
    }
  }

  @Test
  void malformedEscapesAreRefused() {
    for (String bad : new String[] {"%", "%2", "%zz", "%C3%28"}) {
      assertThatThrownBy(() -> PathSegments.decode(bad)).isInstanceOf(ProblemException.class);
    }
  }
}
