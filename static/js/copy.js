// "Copy the link" next to a read-only box (button[data-copy] names the box): shown only where this script runs.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var box = document.getElementById(button.dataset.copy);
    var out = document.getElementById(button.dataset.copy + "_copied");
    if (!box) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      box.focus();
      box.select();
      var done = function () { if (out) out.textContent = button.dataset.copied; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, function () { if (document.execCommand("copy")) done(); });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  });
})();
