package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The result table: one row per measurement, one column per engine, then speed ratios to raw DL4J. */
public final class Table {

    /** How a row's values compare. */
    public enum Kind {
        /** A duration: smaller is faster; ratio = raw ÷ value. */
        TIME,
        /** A rate: larger is faster; ratio = value ÷ raw. */
        RATE,
        /** A value reported without a ratio. */
        INFO
    }

    /** One measurement on every engine; a missing value prints as "-" and a failed one as "error". */
    public static final class Row {
        private final String workload;
        private final String unit;
        private final Kind kind;
        private final Map<String, String> cells = new LinkedHashMap<>();
        private final Map<String, Double> values = new LinkedHashMap<>();

        /** A row named {@code workload} whose values are in {@code unit}. */
        public Row(String workload, String unit, Kind kind) {
            this.workload = workload;
            this.unit = unit;
            this.kind = kind;
        }

        /** Sets an engine's value. */
        public void put(String engine, double value) {
            values.put(engine, value);
            cells.put(engine, format(value));
        }

        /** Marks an engine's measurement as failed. */
        public void fail(String engine) {
            cells.put(engine, "error");
        }

        private String ratio(String engine) {
            Double value = values.get(engine);
            Double raw = values.get("raw");
            if (kind == Kind.INFO || value == null || raw == null || value == 0 || raw == 0) {
                return "";
            }
            double r = kind == Kind.TIME ? raw / value : value / raw;
            return String.format(Locale.ROOT, "%.2f×", r);
        }
    }

    private final List<String> engines;
    private final List<Row> rows = new ArrayList<>();

    /** A table with a column for each engine, in this order. */
    public Table(List<String> engines) {
        this.engines = List.copyOf(engines);
    }

    /** Appends a row and returns it for filling in. */
    public Row add(String workload, String unit, Kind kind) {
        Row row = new Row(workload, unit, kind);
        rows.add(row);
        return row;
    }

    /** The table as Markdown, ratios as engine speed ÷ raw DL4J speed. */
    public String render() {
        List<String> header = new ArrayList<>(List.of("workload", "unit"));
        for (String engine : engines) {
            header.add(columnName(engine));
        }
        List<String> ratioEngines = new ArrayList<>();
        if (engines.contains("raw")) {
            for (String engine : engines) {
                if (!engine.equals("raw")) {
                    ratioEngines.add(engine);
                    header.add(engine + " ÷ raw");
                }
            }
        }
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (Row row : rows) {
            List<String> line = new ArrayList<>(List.of(row.workload, row.unit));
            for (String engine : engines) {
                line.add(row.cells.getOrDefault(engine, "-"));
            }
            for (String engine : ratioEngines) {
                line.add(row.ratio(engine));
            }
            lines.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : lines) {
            for (int c = 0; c < line.size(); c++) {
                widths[c] = Math.max(widths[c], line.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            appendLine(out, lines.get(l), widths, false);
            if (l == 0) {
                appendLine(out, lines.get(0), widths, true);
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> line, int[] widths, boolean rule) {
        out.append('|');
        for (int c = 0; c < line.size(); c++) {
            String text = rule ? "-".repeat(widths[c]) : line.get(c);
            boolean left = c < 2;
            out.append(' ').append(left ? pad(text, widths[c], true) : pad(text, widths[c], false))
                    .append(" |");
        }
        out.append('\n');
    }

    private static String pad(String text, int width, boolean left) {
        String space = " ".repeat(width - text.length());
        return left ? text + space : space + text;
    }

    private static String columnName(String engine) {
        return switch (engine) {
            case "native" -> "native (facade)";
            case "dl4j" -> "dl4j (facade)";
            case "raw" -> "raw DL4J";
            default -> engine;
        };
    }

    private static String format(double value) {
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
