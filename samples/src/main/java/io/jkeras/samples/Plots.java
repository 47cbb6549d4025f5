package io.jkeras.samples;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts for the samples, drawn with XChart off screen and saved as PNG. */
public final class Plots {
    /** Blue, as matplotlib's first colour. */
    public static final Color BLUE = new Color(31, 119, 180);
    /** Orange, as matplotlib's second colour. */
    public static final Color ORANGE = new Color(255, 127, 14);
    /** Green, as matplotlib's third colour. */
    public static final Color GREEN = new Color(44, 160, 44);
    /** Red, as matplotlib's fourth colour. */
    public static final Color RED = new Color(214, 39, 40);
    /** The colours of successive lines. */
    public static final List<Color> CYCLE = List.of(BLUE, ORANGE, GREEN, RED, new Color(148, 103, 189),
            new Color(140, 86, 75), new Color(227, 119, 194));

    private static final int GRID_STEP_PX = 4;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /** An empty chart with a title, axis titles and the legend inside the plot. */
    public static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 220));
        c.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        c.getStyler().setMarkerSize(5);
        c.getStyler().setDecimalPattern("#0.###");
        return c;
    }

    /** Adds points, not joined. */
    public static XYSeries scatter(XYChart c, String name, float[] x, float[] y, Color color) {
        double[] dx = toDouble(x);
        double[] dy = toDouble(y);
        if (equallySpaced(dx)) {
            // XChart puts the ticks on the data when the x values are equally spaced (e.g. a linspace);
            // points in another order look the same and keep the ticks at round numbers
            dx = evenThenOdd(dx);
            dy = evenThenOdd(dy);
        }
        XYSeries s = c.addSeries(name, dx, dy);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    /** Adds a line through the points, sorted by x, without markers. */
    public static XYSeries line(XYChart c, String name, float[] x, float[] y, Color color) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(x[a], x[b]));
        double[] sx = new double[x.length];
        double[] sy = new double[x.length];
        for (int i = 0; i < order.length; i++) {
            sx[i] = x[order[i]];
            sy[i] = y[order[i]];
        }
        XYSeries s = c.addSeries(name, sx, sy);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(2.2f));
        return s;
    }

    /** Writes the chart as a PNG file, creating the directory. */
    public static Path save(XYChart c, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new KerasException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Writes charts as one PNG, {@code cols} to a row, each in a cell the size of the largest chart. */
    public static Path saveGrid(List<XYChart> charts, int cols, Path file) {
        int rows = (charts.size() + cols - 1) / cols;
        int cellW = charts.stream().mapToInt(XYChart::getWidth).max().orElse(1);
        int cellH = charts.stream().mapToInt(XYChart::getHeight).max().orElse(1);
        BufferedImage img = new BufferedImage(cols * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * cellW, (i / cols) * cellH, null);
        }
        g.dispose();
        return writePng(img, file);
    }

    private static Path writePng(BufferedImage img, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new KerasException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * A classifier's decision regions over the plane with the labelled points on top, as the
     * matplotlib {@code contourf} + {@code scatter} of the originals: the plane around the data
     * is sampled on a grid, each grid point is drawn as a small square in the light colour of
     * its predicted class.
     *
     * @param classify maps points {@code (n, 2)} to class indices {@code (n,)}
     * @param x the data points {@code (n, 2)}
     * @param labels their classes 0 or 1 {@code (n,)}
     */
    public static XYChart decisionBoundary(String title, Function<Tensor, Tensor> classify, Tensor x, Tensor labels,
            int width, int height) {
        float[] d = x.data();
        float minX = Float.MAX_VALUE;
        float maxX = -Float.MAX_VALUE;
        float minY = Float.MAX_VALUE;
        float maxY = -Float.MAX_VALUE;
        for (int i = 0; i < x.dim(0); i++) {
            minX = Math.min(minX, d[2 * i]);
            maxX = Math.max(maxX, d[2 * i]);
            minY = Math.min(minY, d[2 * i + 1]);
            maxY = Math.max(maxY, d[2 * i + 1]);
        }
        minX -= 0.5f;
        maxX += 0.5f;
        minY -= 0.5f;
        maxY += 0.5f;
        // about one grid point per GRID_STEP_PX pixels of the plot area
        int nx = Math.max(2, (int) (width * 0.85 / GRID_STEP_PX));
        int ny = Math.max(2, (int) (height * 0.75 / GRID_STEP_PX));
        float[] grid = new float[nx * ny * 2];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int k = j * nx + i;
                grid[2 * k] = minX + (maxX - minX) * i / (nx - 1);
                grid[2 * k + 1] = minY + (maxY - minY) * j / (ny - 1);
            }
        }
        Tensor predicted = classify.apply(Tensor.of(grid, nx * ny, 2));
        XYChart c = chart(title, "x1", "x2", width, height);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        c.getStyler().setXAxisMin((double) minX);
        c.getStyler().setXAxisMax((double) maxX);
        c.getStyler().setYAxisMin((double) minY);
        c.getStyler().setYAxisMax((double) maxY);
        Color[] light = {new Color(250, 205, 170), new Color(175, 205, 235)};
        Color[] dark = {new Color(230, 110, 20), new Color(25, 95, 165)};
        for (int cls = 0; cls < 2; cls++) {
            float[][] pts = select(grid, predicted.data(), cls);
            if (pts[0].length > 0) {
                XYSeries s = scatter(c, "predicted " + cls, pts[0], pts[1], light[cls]);
                s.setMarker(new Tile(GRID_STEP_PX + 2));
            }
        }
        c.getStyler().setMarkerSize(7);
        for (int cls = 0; cls < 2; cls++) {
            float[][] pts = select(d, labels.data(), cls);
            XYSeries s = scatter(c, "class " + cls, pts[0], pts[1], dark[cls]);
            s.setMarker(cls == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
        }
        return c;
    }

    /** The points {@code (x, y)} of {@code xy} (pairs, flat) whose class is {@code cls}: {@code [xs, ys]}. */
    static float[][] select(float[] xy, float[] classes, int cls) {
        int n = 0;
        for (float v : classes) {
            if ((int) v == cls) {
                n++;
            }
        }
        float[][] out = new float[2][n];
        int k = 0;
        for (int i = 0; i < classes.length; i++) {
            if ((int) classes[i] == cls) {
                out[0][k] = xy[2 * i];
                out[1][k] = xy[2 * i + 1];
                k++;
            }
        }
        return out;
    }

    /**
     * A grid of grey images {@code (n, rows, cols)} with values 0..1, each captioned with its
     * predicted class; captions of wrong predictions are red and also name the true class.
     */
    public static Path imageGrid(String title, Tensor images, float[] predicted, float[] truth, List<String> classNames,
            int columns, Path file) {
        int n = images.dim(0);
        List<String> captions = new ArrayList<>(n);
        List<Color> colors = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            boolean right = predicted[k] == truth[k];
            String caption = classNames.get((int) predicted[k]);
            captions.add(right ? caption : caption + "\n(is " + classNames.get((int) truth[k]) + ")");
            colors.add(right ? new Color(0, 100, 0) : RED);
        }
        return imageGrid(title, images, captions, colors, 3, columns, file);
    }

    /**
     * A grid of grey images {@code (n, rows, cols)} with values 0..1 (0 white, 1 black), each drawn
     * {@code scale} pixels per value and captioned in its colour (a {@code \n} starts a second line).
     */
    public static Path imageGrid(String title, Tensor images, List<String> captions, List<Color> colors, int scale,
            int columns, Path file) {
        int n = images.dim(0);
        int h = images.dim(1);
        int w = images.dim(2);
        int cellW = Math.max(w * scale, 110) + 10;
        int cellH = h * scale + 38;
        int gridRows = (n + columns - 1) / columns;
        int top = 40;
        BufferedImage img = new BufferedImage(columns * cellW, top + gridRows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 10, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        float[] px = images.data();
        for (int k = 0; k < n; k++) {
            int ox = (k % columns) * cellW + (cellW - w * scale) / 2;
            int oy = top + (k / columns) * cellH;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    float v = Math.max(0f, Math.min(1f, px[(k * h + r) * w + c]));
                    int grey = 255 - Math.round(v * 255);
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(ox + c * scale, oy + r * scale, scale, scale);
                }
            }
            g.setColor(colors.get(k));
            String[] lines = captions.get(k).split("\n", 2);
            int cx = (k % columns) * cellW + 5;
            for (int line = 0; line < lines.length; line++) {
                g.drawString(lines[line], cx, oy + h * scale + 14 * (line + 1));
            }
        }
        g.dispose();
        return writePng(img, file);
    }

    /** The values as floats, for a chart series. */
    public static float[] toFloat(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /** A filled square of a fixed size in pixels, whatever the chart's marker size: one cell of a region grid. */
    private static final class Tile extends Marker {
        private final int size;

        Tile(int size) {
            this.size = size;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.fill(new Rectangle2D.Double(x - size / 2.0, y - size / 2.0, size, size));
        }
    }

    private static boolean equallySpaced(double[] v) {
        if (v.length < 3) {
            return false;
        }
        double step = v[1] - v[0];
        for (int i = 2; i < v.length; i++) {
            if (Math.abs(v[i] - v[i - 1] - step) > 1e-3 * Math.abs(step)) {
                return false;
            }
        }
        return true;
    }

    private static double[] evenThenOdd(double[] v) {
        double[] out = new double[v.length];
        int k = 0;
        for (int start = 0; start < 2; start++) {
            for (int i = start; i < v.length; i += 2) {
                out[k++] = v[i];
            }
        }
        return out;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
