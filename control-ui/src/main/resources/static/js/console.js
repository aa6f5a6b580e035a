// Small enhancements on top of pages that work without JavaScript.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-target]");
  if (!button) {
    return;
  }
  var source = document.getElementById(button.getAttribute("data-copy-target"));
  if (!source || !navigator.clipboard) {
    return;
  }
  navigator.clipboard.writeText(source.textContent.trim()).then(function () {
    button.textContent = "Copied";
  });
});

// Copy buttons are only useful with JavaScript, so they start hidden.
function revealCopyButtons(root) {
  root.querySelectorAll("[data-copy-target][hidden]").forEach(function (button) {
    button.hidden = false;
  });
}
document.addEventListener("DOMContentLoaded", function () { revealCopyButtons(document); });
document.addEventListener("htmx:afterSwap", function (event) { revealCopyButtons(event.target); });

// Live regions: an element with data-live-events (a server-sent events URL), data-live-event (the event's
// name) and data-live-refresh (the URL of the region as an htmx fragment) is fetched again by htmx each
// time the server sends that event, and after the stream reconnects (events may have been missed meanwhile).
// Without JavaScript the page is complete as served, and reloading it shows the current state.
function watchLiveRegions() {
  if (!window.EventSource || !window.htmx) {
    return;
  }
  document.querySelectorAll("[data-live-events][id]").forEach(function (region) {
    var target = "#" + region.id;
    var refreshUrl = region.getAttribute("data-live-refresh");
    var source = new EventSource(region.getAttribute("data-live-events"));
    var opened = false;
    var refresh = function () {
      htmx.ajax("GET", refreshUrl, { target: target, swap: "outerHTML" });
    };
    source.addEventListener(region.getAttribute("data-live-event") || "message", refresh);
    source.addEventListener("open", function () {
      if (opened) {
        refresh();
      }
      opened = true;
    });
    window.addEventListener("pagehide", function () { source.close(); });
  });
}
document.addEventListener("DOMContentLoaded", watchLiveRegions);
