package dev.ironmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static Row rate(String system, String scenario, int body, double perSecond) {
    return new Row(system, scenario, body, 32, Map.of())
        .with(Metric.MESSAGES_PER_SECOND, perSecond)
        .with(Metric.P99_MS, 1.5);
  }

  private final List<Row> rows =
      List.of(
          rate("ironmq (fsync always)", "post-1", 100, 30_000),
          rate("elasticmq", "post-1", 100, 3_000),
          rate("beanstalkd (-f0)", "post-1", 100, 4_000),
          rate("ironmq (fsync always)", "latency", 100, 5_000),
          new Row("ironmq (fsync always)", "backlog", 100, 32, Map.of())
              .with(Metric.READY_SECONDS, 2.5)
              .with(Metric.DRAIN_END_VS_SMALL, 0.93));

  private final Report report =
      new Report(
          new Report.RunInfo("Run", "bin/ironmq bench", "a machine", "some settings"),
          List.of(
              new Report.SystemInfo("elasticmq", "1.6.16", "relaxed", "in memory", false),
              new Report.SystemInfo("beanstalkd (-f0)", "1.12", "-b dir -f0", "", true)),
          rows,
          List.of("push (19 bytes): it broke"));

  @Test
  void theMarkdownPivotsRatesAndStatesTheLeadOverTheBestDurablePeerAndElasticMq(@TempDir Path dir)
      throws Exception {
    report.write(dir);
    String md = Files.readString(dir.resolve("results.md"));

    assertThat(md)
        .contains("Command: `bin/ironmq bench`")
        .contains("| elasticmq | 1.6.16 | relaxed | in memory |")
        .contains("| scenario | body | ironmq (fsync always) | elasticmq | beanstalkd (-f0) |")
        .contains(
            "| scenario | body | ironmq (fsync always) | elasticmq | beanstalkd (-f0) |"
                + " ironmq (fsync always) / best durable peer | ironmq (fsync always) / elasticmq |")
        .contains("| post-1 | 100 | 30,000 | 3,000 | 4,000 | 7.5× | 10.0× |")
        .contains("| ironmq (fsync always) | backlog | 100 | 32 | n/a | 2.50 |")
        .contains("93%")
        .contains("- push (19 bytes): it broke")
        .contains("![throughput.png](throughput.png)");
  }

  @Test
  void theCsvHasEveryMetricAsAColumnAndEveryRow(@TempDir Path dir) throws Exception {
    report.write(dir);
    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));

    assertThat(csv).hasSize(rows.size() + 1);
    assertThat(csv.get(0)).startsWith("system,scenario,body_bytes,connections,messages_per_second");
    assertThat(csv.get(1)).startsWith("\"ironmq (fsync always)\",post-1,100,32,30000.000,");
  }

  @Test
  void theChartIsAPng(@TempDir Path dir) throws Exception {
    report.write(dir);
    byte[] png = Files.readAllBytes(dir.resolve("throughput.png"));

    assertThat(png).hasSizeGreaterThan(5_000);
    assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }
}
