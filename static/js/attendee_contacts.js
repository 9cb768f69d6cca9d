// The meeting page's attendee rows (issues/admin/meetings.py ContactPicker): the contact picker searches the
// contact people of the row's company only, and choosing one fills the row's name and position (and its
// company and role, when they were still empty). Changing the company clears a contact of another company.
// The server refuses a contact of another company in any case (meetings/models.py Attendee.clean).
// The admin's media may put this file before jQuery and select2: nothing runs before the page is loaded.
"use strict";
{
  let $ = null;

  function field(row, suffix) {
    return row ? row.querySelector(`[name$="-${suffix}"]`) : null;
  }

  function start(select) {
    if (select.name.includes("__prefix__") || select.dataset.started) return;
    select.dataset.started = "1";
    const row = select.closest("tr");
    const company = field(row, "company");
    $(select).select2({
      // The company has its own column: the chosen contact shows by name.
      templateSelection: (item) => item.name || item.text,
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: select.dataset.appLabel,
          model_name: select.dataset.modelName,
          field_name: select.dataset.fieldName,
          company: company ? company.value : "",
        }),
      },
    });
    $(select).on("select2:select", (event) => {
      const chosen = event.params.data;
      select.dataset.company = chosen.company;
      const name = field(row, "name");
      const position = field(row, "position");
      const role = field(row, "role");
      if (name && chosen.name) name.value = chosen.name;
      if (position && chosen.position) position.value = chosen.position;
      if (role && !role.value) role.value = "company";
      if (company && company.value !== chosen.company) {
        if (!company.querySelector(`option[value="${chosen.company}"]`)) {
          company.append(new Option(chosen.company_name, chosen.company, true, true));
        }
        $(company).val(chosen.company).trigger("change");
      }
      for (const input of [name, position, role]) {
        if (input) input.dispatchEvent(new Event("input", {bubbles: true}));
      }
    });
    if (company) {
      // A saved row's contact belongs to its company (the server checked). The admin's autocomplete tells of
      // a change through jQuery only, and the admin fires "change" on every related select as the page loads.
      if (select.value) select.dataset.company = company.value;
      $(company).on("change", () => {
        if (select.value && select.dataset.company !== company.value) {
          delete select.dataset.company;
          $(select).val(null).trigger("change");
        }
      });
    }
  }

  function startAll(root) {
    root.querySelectorAll("select.attendee-contact").forEach(start);
  }

  function ready() {
    $ = django.jQuery;
    startAll(document);
    document.addEventListener("formset:added", (event) => startAll(event.target));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
}
