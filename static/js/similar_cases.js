// Solved cases like the report being written, under its problem (issues/intake/suggestions.py): asked for once
// the title and the problem both have text, on a pause in typing and when either field is left. The form itself
// is never touched: nothing in it is changed, focused or sent differently; without this script it is the same.
// What is typed goes in a POST body with the form's CSRF token, never in an address.
(function () {
  "use strict";
  const region = document.getElementById("similar-cases");
  const form = region && region.closest("form");
  if (!form || !window.fetch || !window.DOMParser) return;
  const title = form.elements.namedItem("title");
  const problem = form.elements.namedItem("problem");
  const token = form.elements.namedItem("csrfmiddlewaretoken");
  if (!title || !problem || !token) return;
  const read = Number(region.dataset.problemRead) || 2000;  // the server reads no more of the problem
  let asked = "";
  let latest = 0;
  let timer = null;

  function show(html) {
    // Parsed, not run: the fragment is the server's escaped HTML, and a parsed document runs no script.
    const body = new DOMParser().parseFromString(html, "text/html").body;
    if (body.children.length) region.replaceChildren(...body.childNodes);
    else region.replaceChildren();
  }

  function ask() {
    window.clearTimeout(timer);
    const text = {title: title.value.trim(), problem: problem.value.trim().slice(0, read)};
    if (!text.title || !text.problem) {
      asked = "";
      latest += 1;  // an answer still on its way is for text no longer there
      region.replaceChildren();
      return;
    }
    const key = text.title + "\n" + text.problem;
    if (key === asked) return;
    asked = key;
    const mine = ++latest;
    fetch(region.dataset.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": token.value, "Accept": "text/html"},
      body: new URLSearchParams({title: text.title, problem: text.problem}),
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) { if (mine === latest) show(html); })
      // Too many look-ups, or the server is away: what is shown stays, and the next pause asks again.
      .catch(function () { if (mine === latest) asked = ""; });
  }

  [title, problem].forEach(function (field) {
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 1000);
    });
    field.addEventListener("blur", ask);
  });
})();
