package dev.ironmq.backend.stored;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.QueueType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stored codes are written out here on purpose: data directories and databases in use hold
 * them, so a change to this table is a change of the stored format and must fail until it is made
 * deliberately.
 */
class StoredCodesTest {
  @ParameterizedTest
  @CsvSource({"QUEUED, 0", "RESERVED, 1", "RETRYING, 2", "DELIVERED, 3", "ERROR, 4"})
  void deliveryStatusesKeepTheirCodes(DeliveryStatus status, byte code) {
    assertThat(StoredCodes.code(status)).isEqualTo(code);
    assertThat(StoredCodes.deliveryStatus(code)).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource({"PULL, pull", "UNICAST, unicast", "MULTICAST, multicast"})
  void queueTypesKeepTheirCodes(QueueType type, String code) {
    assertThat(StoredCodes.code(type)).isEqualTo(code);
    assertThat(StoredCodes.queueType(code)).isEqualTo(type);
  }

  @ParameterizedTest
  @EnumSource(DeliveryStatus.class)
  void everyDeliveryStatusHasItsOwnCode(DeliveryStatus status) {
    long sharing =
        Arrays.stream(DeliveryStatus.values())
            .filter(other -> StoredCodes.code(other) == StoredCodes.code(status))
            .count();
    assertThat(sharing).isEqualTo(1);
  }

  @Test
  void unknownCodesAreRefusedByName() {
    assertThatThrownBy(() -> StoredCodes.deliveryStatus((byte) 5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("unknown delivery status code 5");
    assertThatThrownBy(() -> StoredCodes.queueType("PULL"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("unknown queue type 'PULL'");
  }
}
