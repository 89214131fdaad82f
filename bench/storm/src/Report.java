import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The JSON and HTML reports. */
final class Report {
    static String json(Map<String, Object> facts, List<Result> results, Map<String, Double> ratios,
            List<String> targets) {
        StringBuilder json = new StringBuilder("{\n  \"facts\": {");
        json.append(facts.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + value(e.getValue()))
                .collect(Collectors.joining(", ")));
        json.append("},\n  \"ratios\": {");
        json.append(ratios.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + number(e.getValue()))
                .collect(Collectors.joining(", ")));
        json.append("},\n  \"targets\": [");
        json.append(targets.stream().map(Report::value).collect(Collectors.joining(", ")));
        json.append("],\n  \"storms\": [\n");
        List<String> storms = new ArrayList<>();
        for (Result r : results) {
            storms.add("    {\"name\": " + value(r.name) + ", \"server\": " + value(r.server) + ", \"protocol\": "
                    + value(r.protocol) + ", \"phones\": " + r.phones + ", \"completed\": " + r.completed
                    + ", \"seconds\": " + number(r.seconds) + ", \"boots_per_second\": " + number(r.rate())
                    + ", \"latency_ms\": {\"p50\": " + number(r.percentile(50)) + ", \"p95\": "
                    + number(r.percentile(95)) + ", \"p99\": " + number(r.percentile(99)) + ", \"max\": "
                    + number(r.percentile(100)) + "}, \"errors\": {" + r.errors.counts().entrySet().stream()
                    .map(e -> value(e.getKey()) + ": " + e.getValue()).collect(Collectors.joining(", "))
                    + "}, \"server_max_rss_mib\": " + number(max(r, 2)) + ", \"server_mean_cpu_percent\": "
                    + number(mean(r, 1)) + ", \"server_max_threads\": " + number(max(r, 3)) + "}");
        }
        json.append(String.join(",\n", storms)).append("\n  ]\n}\n");
        return json.toString();
    }

    static String html(Map<String, Object> facts, List<Result> results, Map<String, Double> ratios,
            List<String> targets) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>provd boot storm</title><style>
                body{font-family:sans-serif;margin:2em;color:#222} table{border-collapse:collapse;margin:1em 0}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:right} th{background:#f4f4f4}
                td:first-child,th:first-child{text-align:left} svg{background:#fafafa;border:1px solid #ddd;
                margin:0 1em 1em 0} h2{margin-top:2em}</style></head><body><h1>provd boot storm</h1>
                """);
        html.append("<p>").append(facts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(" · "))).append("</p><h2>Ratios</h2><table>");
        ratios.forEach((k, v) -> html.append("<tr><td>").append(k).append("</td><td>")
                .append(String.format(Locale.ROOT, "%.2f", v)).append("</td></tr>"));
        html.append("</table><h2>Targets</h2><pre>");
        targets.forEach(line -> html.append(escape(line)).append('\n'));
        html.append("</pre><h2>Storms</h2><table><tr><th>storm</th><th>server</th><th>boots</th><th>s</th>"
                + "<th>boots/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>errors</th>"
                + "<th>max RSS MiB</th><th>mean CPU %</th><th>max threads</th></tr>");
        for (Result r : results) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%.2f</td>"
                            + "<td>%.0f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%s</td>"
                            + "<td>%.0f</td><td>%.0f</td><td>%.0f</td></tr>", r.name, r.server, r.completed,
                    r.seconds, r.rate(), r.percentile(50), r.percentile(95), r.percentile(99),
                    r.percentile(100), r.errors.failed() == 0 ? "0" : escape(r.errors.failuresText()), max(r, 2),
                    mean(r, 1), max(r, 3)));
        }
        html.append("</table>");
        for (Result r : results) {
            html.append("<h2>").append(r.name).append(" — ").append(r.server).append("</h2>");
            html.append(chart("boots completed per 250 ms", "boots", List.of(throughput(r))));
            html.append(chart("boot latency over time (ms): p50 and p99 of the boots finished in each 250 ms",
                    "ms", latencyOverTime(r)));
            html.append(chart("server CPU (% of one CPU) and RSS (MiB)", "", resources(r)));
        }
        return html.append("</body></html>\n").toString();
    }

    record Series(String name, String color, double[] x, double[] y) {
    }

    static Series throughput(Result r) {
        TreeMap<Long, Integer> buckets = new TreeMap<>();
        for (int i = 0; i < r.phones; i++) {
            if (r.bootMicros[i] > 0) {
                buckets.merge(r.finishedAtMillis[i] / 250, 1, Integer::sum);
            }
        }
        return series("boots", "#1f77b4", buckets, v -> (double) v);
    }

    static List<Series> latencyOverTime(Result r) {
        TreeMap<Long, List<Long>> buckets = new TreeMap<>();
        for (int i = 0; i < r.phones; i++) {
            if (r.bootMicros[i] > 0) {
                buckets.computeIfAbsent(r.finishedAtMillis[i] / 250, k -> new ArrayList<>()).add(r.bootMicros[i]);
            }
        }
        return List.of(series("p50", "#2ca02c", buckets, v -> pct(v, 50)),
                series("p99", "#d62728", buckets, v -> pct(v, 99)));
    }

    static List<Series> resources(Result r) {
        List<double[]> samples;
        synchronized (r.samples) {
            samples = List.copyOf(r.samples);
        }
        double[] x = samples.stream().mapToDouble(s -> s[0]).toArray();
        return List.of(new Series("CPU %", "#ff7f0e", x, samples.stream().mapToDouble(s -> s[1]).toArray()),
                new Series("RSS MiB", "#9467bd", x, samples.stream().mapToDouble(s -> s[2]).toArray()));
    }

    static <T> Series series(String name, String color, TreeMap<Long, T> buckets,
            Function<T, Double> value) {
        double[] x = buckets.keySet().stream().mapToDouble(k -> k * 0.25).toArray();
        double[] y = buckets.values().stream().mapToDouble(value::apply).toArray();
        return new Series(name, color, x, y);
    }

    static double pct(List<Long> micros, double p) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
        return sorted[index] / 1000.0;
    }

    /** An SVG line chart: x in seconds from the storm's start. */
    static String chart(String title, String unit, List<Series> series) {
        int width = 640;
        int height = 220;
        int left = 50;
        int bottom = 30;
        double maxX = series.stream().flatMapToDouble(s -> Arrays.stream(s.x())).max().orElse(1);
        double maxY = series.stream().flatMapToDouble(s -> Arrays.stream(s.y())).max().orElse(1);
        maxX = Math.max(maxX, 1e-3);
        maxY = Math.max(maxY, 1e-3);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg width='%d' height='%d' xmlns='http://www.w3.org/2000/svg'><text x='%d' y='14' "
                        + "font-size='12'>%s</text>", width, height, left, escape(title)));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#888'/>", left,
                height - bottom, width - 10, height - bottom));
        svg.append(String.format(Locale.ROOT, "<line x1='%d' y1='20' x2='%d' y2='%d' stroke='#888'/>", left,
                left, height - bottom));
        svg.append(String.format(Locale.ROOT, "<text x='2' y='28' font-size='10'>%.0f %s</text>", maxY, unit));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10'>%.1f s</text>", width - 50,
                height - 12, maxX));
        int legend = left + 10;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                double px = left + s.x()[i] / maxX * (width - left - 10);
                double py = height - bottom - s.y()[i] / maxY * (height - bottom - 25);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            svg.append("<polyline fill='none' stroke='").append(s.color()).append("' points='").append(points)
                    .append("'/>");
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10' fill='%s'>%s</text>",
                    legend, height - 2, s.color(), escape(s.name())));
            legend += 80;
        }
        return svg.append("</svg>").toString();
    }

    static double max(Result r, int column) {
        synchronized (r.samples) {
            return r.samples.stream().mapToDouble(s -> s[column]).max().orElse(Double.NaN);
        }
    }

    static double mean(Result r, int column) {
        synchronized (r.samples) {
            return r.samples.stream().mapToDouble(s -> s[column]).average().orElse(Double.NaN);
        }
    }

    static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null";
    }

    static String value(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return number(n.doubleValue());
        }
        return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
