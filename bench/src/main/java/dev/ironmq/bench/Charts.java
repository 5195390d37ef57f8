package dev.ironmq.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's charts, drawn with JFreeChart. */
final class Charts {
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 700;

  private Charts() {}

  /**
   * Messages per second for each scenario and size, a bar per system, on a log scale (the systems
   * differ by orders of magnitude).
   */
  static void throughput(java.util.List<Row> rows, Path png) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Row row : rows) {
      Double rate = row.value(Metric.MESSAGES_PER_SECOND);
      if (rate != null && rate > 0) {
        data.addValue(rate, row.system(), row.scenario() + ", " + row.bodyBytes() + " B");
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Messages per second (log scale; higher is better)",
            null,
            "messages per second",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    LogAxis axis = new LogAxis("messages per second");
    axis.setBase(10);
    axis.setSmallestValue(100);
    axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
    plot.setRangeAxis(axis);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.02);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
  }
}
