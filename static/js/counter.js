// A live count of characters under each field with a limit (data-max-length, set by the forms), shown once
// the text nears the limit. The browser never cuts anything (no maxlength): over the limit the count says
// by how much, and the server refuses the text with the same figures, keeping it in the form.
(function () {
  "use strict";
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? format.format(values[name]) : all;
    });
  }

  document.querySelectorAll("[data-max-length]").forEach(function (field) {
    var d = field.dataset, limit = Number(d.maxLength), from = Number(d.counterFrom || 0);
    var out = document.createElement("p");
    out.className = "hint char-count";
    out.id = field.id + "_count";
    out.setAttribute("aria-live", "polite");
    out.hidden = true;
    field.insertAdjacentElement("afterend", out);
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + out.id).trim());

    function update() {
      // A line break is one character, as the server counts it.
      var count = field.value.length, over = count - limit;
      out.hidden = count < from;
      out.classList.toggle("over", over > 0);
      out.textContent = over > 0 ? fill(d.counterOver, {count: count, limit: limit, over: over})
        : fill(d.counterText, {count: count, limit: limit});
    }
    field.addEventListener("input", update);
    update();
  });
})();
