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
