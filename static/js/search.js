/* Search page: refresh facets and results without a full reload, keep the URL shareable,
   and fill the search box's suggestions. No framework, no inline script (strict CSP). */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("search-results");
  if (!form || !results) return;
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  var controller = null;

  function queryString(resetPage) {
    var params = new URLSearchParams(new FormData(form));
    if (resetPage) params.delete("page");
    Array.from(params.keys()).forEach(function (key) {
      if (params.get(key) === "" && params.getAll(key).length === 1) params.delete(key);
    });
    return params.toString();
  }

  function load(search, push) {
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute("aria-busy", "true");
    var url = form.action + (search ? "?" + search : "");
    return fetch(url, { headers: { "HX-Request": "true" }, signal: controller.signal })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        results.innerHTML = html;
        results.setAttribute("aria-busy", "false");
        if (push) history.pushState({ search: search }, "", url);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.href = url;
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(queryString(true), true);
  });
  form.addEventListener("change", function (event) {
    if (event.target === input) return;
    load(queryString(true), true);
  });
  results.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-page], a[data-did-you-mean]");
    if (!link) return;
    event.preventDefault();
    var search = link.search.replace(/^\?/, "");
    if (link.hasAttribute("data-did-you-mean")) input.value = new URLSearchParams(search).get("q");
    load(search, true).then(function () { results.scrollIntoView({ block: "start" }); });
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    load(params.toString(), false);
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(function () {
      fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(text))
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.suggestions.map(function (text) {
            var option = document.createElement("option");
            option.value = text;
            return option;
          }));
        })
        .catch(function () {});
    }, 150);
  });
})();
