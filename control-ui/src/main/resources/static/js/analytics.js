// Traffic dashboard: renders every <canvas data-chart="…"> with Chart.js (loaded from its webjar), on page load
// and after htmx swaps the panels in. The data attribute holds the whole chart configuration; the tables next to
// the charts carry the same numbers for readers without JavaScript.
(function () {
    "use strict";
    var charts = [];

    function render(root) {
        if (typeof Chart === "undefined") {
            return;
        }
        charts = charts.filter(function (chart) {
            if (!document.body.contains(chart.canvas)) {
                chart.destroy();
                return false;
            }
            return true;
        });
        root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
            var config = JSON.parse(canvas.getAttribute("data-chart"));
            var existing = Chart.getChart(canvas);
            if (existing) {
                existing.destroy();
            }
            charts.push(new Chart(canvas, {
                type: config.type,
                data: config.data,
                options: {
                    animation: false,
                    responsive: true,
                    maintainAspectRatio: false,
                    interaction: { mode: "index", intersect: false },
                    scales: {
                        x: { stacked: config.stacked, ticks: { maxTicksLimit: 12 } },
                        y: { stacked: config.stacked, beginAtZero: true, title: { display: true, text: config.axis } }
                    }
                }
            }));
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        render(document);
    });
    document.addEventListener("htmx:afterSwap", function (event) {
        render(event.target.parentNode || document);
    });
})();
