// Progressive enhancement of result cards' "Save" links (templates/buyers/card_actions.html):
// one POST in place instead of the confirmation page. Without JavaScript, or when the POST is
// refused (signed out), the link goes to the confirmation page as before. No inline code:
// the site's CSP allows scripts from 'self' only.
(function () {
  "use strict";
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-shortlist]");
    var token = csrfToken();
    if (!link || !token) return;
    event.preventDefault();
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
        link.textContent = link.getAttribute("data-saved-label");
        link.setAttribute("aria-disabled", "true");
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });
})();
