package dev.ironmq.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SiegeTest {
  @Test
  void readsTheTextSummaryOfOlderSiegesAsTheSeedPrintedIt() {
    Siege.Result result =
        Siege.parse(
            """
            Lifting the server siege...      done.

            Transactions:               3329 hits
            Availability:              99.25 %
            Elapsed time:               9.16 secs
            Data transferred:           0.06 MB
            Response time:              0.04 secs
            Transaction rate:         363.43 trans/sec
            Throughput:             0.01 MB/sec
            Concurrency:               14.82
            Successful transactions:        3329
            Failed transactions:              25
            Longest transaction:            0.19
            Shortest transaction:           0.01
            """);

    assertThat(result.transactions()).isEqualTo(3329);
    assertThat(result.failed()).isEqualTo(25);
    assertThat(result.rate()).isEqualTo(363.43);
    assertThat(result.responseSeconds()).isEqualTo(0.04);
    assertThat(result.longestSeconds()).isEqualTo(0.19);
    assertThat(result.meanMillis()).isCloseTo(40.78, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void readsTheJsonSummaryOfSiegeFour() {
    Siege.Result result =
        Siege.parse(
            """
            {	"transactions":			      120345,
            	"availability":			      100.00,
            	"elapsed_time":			       10.00,
            	"data_transferred":		        4.70,
            	"response_time":		        0.00,
            	"transaction_rate":		    12034.50,
            	"throughput":			        0.47,
            	"concurrency":			       14.91,
            	"successful_transactions":	      120345,
            	"failed_transactions":		           0,
            	"longest_transaction":		        0.03,
            	"shortest_transaction":		        0.00
            }
            """);

    assertThat(result.transactions()).isEqualTo(120_345);
    assertThat(result.rate()).isEqualTo(12_034.5);
    assertThat(result.concurrency()).isEqualTo(14.91);
    assertThat(result.meanMillis()).isCloseTo(1.239, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void anOutputWithoutASummaryIsAnError() {
    assertThatThrownBy(() -> Siege.parse("[error] socket: unable to connect"))
        .hasMessageContaining("no summary");
  }
}
