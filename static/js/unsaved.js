// No button on a page may discard that page's unsaved input (templates/admin/_unsaved_guard.html).
//
// The script tag names the page's forms (data-forms, CSS selectors) and the links that leave the page for
// another task (data-links). As soon as one form differs from what the page loaded with, it owns the page:
// every other form is locked (inert, with the message of data-message beside it) and so are the links,
// until the owner is saved or its changes are undone. Leaving the page while a form is changed asks first,
// unless that form itself is being submitted. Widgets that change a field from script without a native
// event (the admin's autocomplete, calendar, inline "add another" rows) are caught by a light poll.
//
// A form the server sent back with errors (it holds .errornote or .errorlist) was not saved: it counts as
// changed from the start. Forms and links inside one element marked data-unsaved-group share one message,
// placed before that element (at its end for data-unsaved-group="end"), shown while one of them is locked
// (and the owner is not among them).
(function () {
  "use strict";
  const script = document.currentScript;
  const message = script.dataset.message || "";
  const formSelector = script.dataset.forms || "";
  const linkSelector = script.dataset.links || "";

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // What a form would send, as one string: files by name and size, the CSRF token left out.
  function snapshot(form) {
    const parts = [];
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken") continue;
      parts.push(name + "=" + (value instanceof File ? value.name + ":" + value.size : value));
    }
    return parts.join("&");
  }

  ready(function () {
    const forms = formSelector ? Array.from(document.querySelectorAll(formSelector)) : [];
    if (!forms.length) return;
    const initial = new Map(forms.map((form) => [form, snapshot(form)]));
    const refused = new Set(forms.filter((form) => form.querySelector(".errornote, .errorlist")));
    const notes = new Map();
    const clicked = new Set();  // the places of links clicked while locked: their message stays until unlocked
    let owner = null;
    let submitting = null;

    function changed(form) {
      return refused.has(form) || snapshot(form) !== initial.get(form);
    }

    function place(element) {
      return element.closest("[data-unsaved-group]") ||
        (element.tagName === "FORM" ? element : element.closest("ul, div, p") || element);
    }

    function note(target) {
      if (!notes.has(target)) {
        const p = document.createElement("p");
        p.className = "unsaved-note";
        p.setAttribute("role", "status");
        p.textContent = message;
        p.hidden = true;
        if (target.dataset.unsavedGroup === "end") target.append(p);  // after the group's own content
        else target.before(p);
        notes.set(target, p);
      }
      return notes.get(target);
    }

    function links() {
      return linkSelector ? Array.from(document.querySelectorAll(linkSelector)) : [];
    }

    function update() {
      if (submitting) return;
      // The form that owns the page keeps it while it differs; a locked form cannot be typed into.
      if (owner && !changed(owner)) owner = null;
      if (!owner) owner = forms.find(changed) || null;
      document.body.classList.toggle("has-unsaved-changes", owner !== null);
      const ownerPlace = owner && owner.closest("[data-unsaved-group]");
      const shown = new Set();
      for (const form of forms) {
        const locked = owner !== null && form !== owner;
        form.inert = locked;
        form.classList.toggle("unsaved-locked", locked);
        if (locked && place(form) !== ownerPlace) shown.add(place(form));
      }
      for (const link of links()) {
        const locked = owner !== null;
        link.classList.toggle("unsaved-locked", locked);
        if (locked) link.setAttribute("aria-disabled", "true");
        else link.removeAttribute("aria-disabled");
        link.title = locked ? message : "";
        const where = place(link);
        if (locked && where.hasAttribute("data-unsaved-group") && where !== ownerPlace) shown.add(where);
      }
      if (!owner) clicked.clear();
      for (const where of clicked) shown.add(where);
      for (const where of shown) note(where);
      for (const [where, p] of notes) p.hidden = !shown.has(where);
    }

    document.addEventListener("input", update, true);
    document.addEventListener("change", update, true);
    window.setInterval(update, 400);

    document.addEventListener("click", function (event) {
      const link = event.target.closest && event.target.closest("a");
      if (link && owner && links().includes(link)) {
        event.preventDefault();
        event.stopPropagation();
        clicked.add(place(link));
        update();
      }
    }, true);

    for (const form of forms) {
      form.addEventListener("submit", function (event) {
        if (owner && form !== owner) {
          event.preventDefault();
          return;
        }
        submitting = form;
      });
    }

    // Back to this page from the browser's cache: what it submitted left, the guard watches again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        submitting = null;
        update();
      }
    });

    window.addEventListener("beforeunload", function (event) {
      if (owner && submitting !== owner) {
        event.preventDefault();
        event.returnValue = message;  // older browsers show their own text; the return value asks them to ask
      }
    });
    update();
  });
})();
