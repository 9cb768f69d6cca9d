// Says at once when chosen files are too many or too large, before a long upload; the server checks again.
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-max-files]").forEach(function (input) {
    var out = document.getElementById(input.id + "_check");
    if (!out) return;
    input.addEventListener("change", function () {
      var d = input.dataset, total = 0, problems = [];
      var files = Array.prototype.slice.call(input.files || []);
      if (files.length > Number(d.maxFiles)) problems.push(d.msgTooMany);
      files.forEach(function (file) {
        total += file.size;
        if (file.size > Number(d.maxFileSize)) problems.push(d.msgTooLarge.replace("{name}", file.name));
      });
      if (total > Number(d.maxTotalSize)) problems.push(d.msgTotal);
      out.textContent = problems.join(" ");
      out.classList.toggle("warning", problems.length > 0);
    });
  });
})();
