package dev.ironmq.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.QueueRef;
import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

class QueueLabelsTest {
  @Test
  void theFirstQueuesKeepTheirLabelsAndLaterOnesShareOther() {
    QueueLabels labels = new QueueLabels(2);
    QueueRef a = QueueRef.of("p", "a");
    QueueRef b = QueueRef.of("p", "b");
    QueueRef c = QueueRef.of("p", "c");

    assertThat(labels.of(a)).isEqualTo(Tags.of("project", "p", "queue", "a"));
    assertThat(labels.of(b)).isEqualTo(Tags.of("project", "p", "queue", "b"));
    assertThat(labels.of(c)).isEqualTo(Tags.of("project", "_other", "queue", "_other"));
    assertThat(labels.of(a))
        .as("a labelled queue stays labelled")
        .isEqualTo(Tags.of("project", "p", "queue", "a"));
  }

  @Test
  void aCapOfZeroLabelsNoQueue() {
    assertThat(new QueueLabels(0).of(QueueRef.of("p", "a")))
        .isEqualTo(Tags.of("project", "_other", "queue", "_other"));
  }
}
