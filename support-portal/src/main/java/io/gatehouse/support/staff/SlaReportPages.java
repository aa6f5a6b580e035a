package io.gatehouse.support.staff;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.gatehouse.platform.shared.errors.InvalidInputException;
import io.gatehouse.support.tickets.SlaReportRow;
import io.gatehouse.support.tickets.SupportActor;
import io.gatehouse.support.tickets.SupportCallers;
import io.gatehouse.support.tickets.TicketQueue;

/**
 * The SLA report (met and breached tickets by severity, by organization and by month, over a period of whole
 * UTC days) as charts, tables with the same numbers, and CSV; and the list of raised SLA alerts. The charts are
 * drawn by Chart.js from the webjar and {@code /js/support-report.js}, which read the numbers from the canvas's
 * {@code data-*} attributes: no inline script. Without JavaScript the tables carry everything.
 */
@Controller
@RequestMapping("/platform/support")
class SlaReportPages {

    static final List<String> GROUPINGS = List.of("severity", "org", "month");

    private final TicketQueue queue;
    private final SupportCallers callers;
    private final ChartScript chartScript;
    private final Clock clock;

    SlaReportPages(TicketQueue queue, SupportCallers callers, ChartScript chartScript, Clock clock) {
        this.queue = queue;
        this.callers = callers;
        this.chartScript = chartScript;
        this.clock = clock;
    }

    /** One grouping of the report, with the chart's series. */
    record Section(String groupBy, String title, List<SlaReportRow> rows) {

        public String labels() {
            return rows.stream().map(SlaReportRow::group).collect(Collectors.joining("|"));
        }

        public String met() {
            return rows.stream().map(r -> Long.toString(r.tickets() - r.breached())).collect(Collectors.joining("|"));
        }

        public String breached() {
            return rows.stream().map(r -> Long.toString(r.breached())).collect(Collectors.joining("|"));
        }

        public long tickets() {
            return rows.stream().mapToLong(SlaReportRow::tickets).sum();
        }
    }

    @GetMapping("/report")
    String report(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
        SupportActor actor = callers.staff();
        LocalDate[] period = period(from, to);
        model.addAttribute("from", period[0]);
        model.addAttribute("to", period[1]);
        model.addAttribute("sections", sections(actor, period[0], period[1]));
        model.addAttribute("chartScriptPath", chartScript.path());
        model.addAttribute("staffPage", "report");
        return "support/staff/report";
    }

    @GetMapping(value = "/report.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        SupportActor actor = callers.staff();
        LocalDate[] period = period(from, to);
        StringBuilder csv = new StringBuilder("grouping,group,tickets,met,breached,met_percent\r\n");
        for (Section section : sections(actor, period[0], period[1])) {
            for (SlaReportRow row : section.rows()) {
                csv.append(section.groupBy()).append(',').append(cell(row.group())).append(',').append(row.tickets()).append(',')
                        .append(row.tickets() - row.breached()).append(',').append(row.breached()).append(',')
                        .append(row.metPercent()).append("\r\n");
            }
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("sla-report-" + period[0] + "-" + period[1] + ".csv").build().toString())
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/alerts")
    String alerts(@RequestParam(required = false) Integer limit, Model model) {
        model.addAttribute("alerts", queue.alerts(callers.staff(), limit == null ? 200 : limit));
        model.addAttribute("staffPage", "alerts");
        return "support/staff/alerts";
    }

    private List<Section> sections(SupportActor actor, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("severity", "By severity");
        titles.put("org", "By organization");
        titles.put("month", "By month");
        return GROUPINGS.stream().map(g -> new Section(g, titles.get(g), queue.report(actor, g, start, end))).toList();
    }

    /** The period asked for, or the last twelve months (this month included) by default; {@code to} is inclusive. */
    private LocalDate[] period(LocalDate from, LocalDate to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate end = to == null ? today : to;
        LocalDate start = from == null ? end.withDayOfMonth(1).minusMonths(11) : from;
        if (end.isBefore(start)) {
            throw InvalidInputException.field("to", "The end of the period must not be before its start.");
        }
        return new LocalDate[] {start, end};
    }

    private static String cell(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
