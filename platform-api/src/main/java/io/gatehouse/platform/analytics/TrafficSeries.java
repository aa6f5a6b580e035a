package io.gatehouse.platform.analytics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer to a {@link TrafficQuery}: one series per group (or one, {@code group} {@code null}, for everything).
 *
 * @param controlPlane the control plane
 * @param metric       what the values measure
 * @param unit         their unit
 * @param granularity  the period of each point
 * @param groupBy      the split, or {@code null}
 * @param from         first period's start
 * @param to           end of the range (exclusive)
 * @param series       the series, busiest first
 */
public record TrafficSeries(UUID controlPlane, String metric, String unit, String granularity, String groupBy,
        Instant from, Instant to, List<Series> series) {

    /**
     * One series.
     *
     * @param group    the group's id (service, route or consumer id, {@code 2xx} …), {@code ""} for none
     * @param name     what people call it (the entity's name when it still exists)
     * @param requests requests of the group over the whole range
     * @param total    the metric over the whole range (percentiles of the merged histogram, not of the points)
     * @param points   one per period, oldest first; {@code value} is {@code null} where a ratio or latency has no data
     */
    public record Series(String group, String name, long requests, Double total, List<Point> points) {
    }

    /** The value of one period. */
    public record Point(Instant t, Double value) {
    }

    /** The series as CSV: {@code time,group,name,value}, one line per point. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("time,metric,group,name,value\n");
        for (Series each : series) {
            for (Point point : each.points()) {
                csv.append(point.t()).append(',').append(metric).append(',').append(cell(each.group())).append(',')
                    .append(cell(each.name())).append(',').append(point.value() == null ? "" : format(point.value()))
                    .append('\n');
            }
        }
        return csv.toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n");
        String text = value;
        // A leading formula character would be run by spreadsheets (CSV injection).
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
