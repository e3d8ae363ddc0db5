// Result cards' "Save" links (templates/buyers/card_actions.html). Cards are cached for
// everyone, so they cannot know who saved what: for a signed-in buyer (the page carries
// <meta name="deh-shortlist-saved">) one small request fetches the slugs they saved and
// marks those cards "Saved", also on cards added later (search results refresh in place).
// A click on "Save" is one POST in place instead of the confirmation page. Without
// JavaScript, or when the POST is refused (signed out), the link goes to the confirmation
// page, which says when the product is already saved. No inline code: the site's CSP allows
// scripts from 'self' only.
(function () {
  "use strict";
  var saved = null; // the signed-in buyer's saved slugs, once fetched

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function markSaved(link) {
    link.textContent = link.getAttribute("data-saved-label");
    link.setAttribute("aria-disabled", "true");
    link.setAttribute("data-saved", "true");
  }

  function markAll(root) {
    if (!saved) return;
    root.querySelectorAll("a[data-shortlist][data-slug]").forEach(function (link) {
      if (saved.has(link.getAttribute("data-slug"))) markSaved(link);
    });
  }

  function loadSaved() {
    var meta = document.querySelector('meta[name="deh-shortlist-saved"]');
    if (!meta || !document.querySelector("a[data-shortlist]")) return;
    fetch(meta.getAttribute("content"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : { saved: [] }; })
      .then(function (data) {
        saved = new Set(data.saved || []);
        markAll(document);
        new MutationObserver(function (records) {
          records.forEach(function (record) {
            record.addedNodes.forEach(function (node) {
              if (node.nodeType === 1) markAll(node);
            });
          });
        }).observe(document.body, { childList: true, subtree: true });
      })
      .catch(function () {});
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-shortlist]");
    var token = csrfToken();
    if (!link || !token) return;
    event.preventDefault();
    if (link.getAttribute("data-saved") === "true") return;
    var body = new URLSearchParams({ action: "save" });
    fetch(link.getAttribute("data-shortlist"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (!data.saved) throw new Error("not saved");
        if (saved) saved.add(link.getAttribute("data-slug"));
        markSaved(link);
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", loadSaved);
  } else {
    loadSaved();
  }
})();
