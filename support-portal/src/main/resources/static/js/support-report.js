/*
 * The SLA report's charts: each <canvas data-chart="sla"> carries its numbers in data-labels, data-met and
 * data-breached ("|"-separated); this draws them as stacked bars with Chart.js (loaded before this file from its
 * webjar). No inline script, no eval: it runs under the console's Content-Security-Policy. Without JavaScript
 * the tables under the charts carry the same numbers.
 */
document.addEventListener('DOMContentLoaded', function () {
  if (typeof Chart === 'undefined') {
    return;
  }
  var split = function (value) { return value ? value.split('|') : []; };
  document.querySelectorAll('canvas[data-chart="sla"]').forEach(function (canvas) {
    var labels = split(canvas.dataset.labels);
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [
          { label: 'Met', data: split(canvas.dataset.met).map(Number), backgroundColor: '#05603a' },
          { label: 'Breached', data: split(canvas.dataset.breached).map(Number), backgroundColor: '#b42318' }
        ]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
    canvas.dataset.rendered = 'true';
  });
});
