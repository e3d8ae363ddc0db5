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
  var current = window.location.search.replace(/^\?/, "");

  // The filters panel and the focused filter live inside the refreshed fragment: note them
  // before it is replaced and give them back after, so a buyer on a phone can tick several
  // filters in a row without the panel closing under their thumb.
  function filterState() {
    var panel = results.querySelector("[data-filters]");
    var active = document.activeElement;
    var focused = active && results.contains(active) && active.name ? active : null;
    return {
      open: !!(panel && panel.open),
      name: focused ? focused.name : null,
      value: focused ? focused.value : null
    };
  }

  function restoreFilters(state) {
    var panel = results.querySelector("[data-filters]");
    if (panel && state.open) panel.open = true;
    if (!state.name) return;
    var same = Array.from(results.querySelectorAll("input, select")).filter(function (el) {
      return el.name === state.name && (el.type !== "checkbox" || el.value === state.value);
    })[0];
    if (same) same.focus({ preventScroll: true });
  }

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
        var state = filterState();
        results.innerHTML = html;
        restoreFilters(state);
        results.setAttribute("aria-busy", "false");
        if (push) history.pushState({ search: search }, "", url);
        current = window.location.search.replace(/^\?/, "");
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
    // "Show N products" jumps to #search-hits: a new fragment, not a new search.
    if (window.location.search.replace(/^\?/, "") === current) return;
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
