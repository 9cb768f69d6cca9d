// The meeting page's agenda (issues/admin/meetings.py): a row added with "add another" takes the next
// number in the agenda's order instead of 0, which would put it first.
"use strict";
document.addEventListener("formset:added", (event) => {
  if (event.detail.formsetName !== "agenda") return;
  const position = event.target.querySelector('input[name$="-position"]');
  if (!position || (position.value && position.value !== "0")) return;
  const taken = Array.from(document.querySelectorAll('#agenda-group input[name$="-position"]'))
    .filter((input) => input !== position && !input.name.includes("__prefix__"))
    .map((input) => parseInt(input.value, 10) || 0);
  position.value = String(Math.max(0, ...taken) + 1);
});
