// The issue a duplicate is merged into, searched as it is typed (issues/admin/duplicates.py): each field
// marked .kept-search gets, under it, the issues its text may mean (by tracking number or title words,
// from data-search-url); choosing one puts its number in the field. The field stays a text field: what is
// typed is understood without the list too.
(function () {
  "use strict";

  function attach(input, index) {
    const box = document.createElement("div");
    box.className = "kept-results";
    const status = document.createElement("p");
    status.className = "kept-results-status";
    status.setAttribute("role", "status");
    const list = document.createElement("ul");
    list.id = "kept-results-" + index;
    box.append(status, list);
    (input.closest(".flex-container") || input).after(box);  // under the label and field, as the help is
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), list.id].filter(Boolean).join(" "));
    let timer = null;
    let asked = "";

    function show(results, text) {
      list.replaceChildren(...results.map(function (issue) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "kept-choice";
        button.dataset.number = issue.number;
        const number = document.createElement("strong");
        number.textContent = issue.number;
        button.append(number, " " + issue.title + " · " + issue.state);
        button.addEventListener("click", function () {
          input.value = issue.number;
          asked = issue.number;
          input.dispatchEvent(new Event("input", {bubbles: true}));
          list.replaceChildren();
          status.textContent = box.dataset.chosen.replace("%s", issue.number + " " + issue.title);
          input.focus();
        });
        item.append(button);
        return item;
      }));
      status.textContent = !text ? "" : results.length ? box.dataset.found.replace("%s", results.length)
        : box.dataset.none;
    }

    function ask() {
      const text = input.value.trim();
      if (text === asked) return;
      asked = text;
      if (!text) { show([], ""); return; }
      const url = new URL(input.dataset.searchUrl, window.location.href);
      url.searchParams.set("q", text);
      if (input.dataset.excluding) url.searchParams.set("excluding", input.dataset.excluding);
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (asked === text) show(data.results || [], text); })
        .catch(function () { show([], text); });
    }

    const texts = document.getElementById("kept-search-texts");
    box.dataset.found = texts ? texts.dataset.found : "%s";
    box.dataset.none = texts ? texts.dataset.none : "";
    box.dataset.chosen = texts ? texts.dataset.chosen : "%s";
    input.addEventListener("input", function (event) {
      if (!event.isTrusted) return;  // the number put in by a choice
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  ready(function () {
    document.querySelectorAll("input.kept-search[data-search-url]").forEach(attach);
  });
})();
