// Upload progress for the export-figures import: sends the form with XMLHttpRequest so the
// browser reports bytes sent, then follows the server's redirect to the import report.
// Without JavaScript the form posts normally and lands on the same report.
(function () {
  "use strict";
  const form = document.querySelector("[data-upload-form]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  const bar = form.querySelector("[data-upload-progress]");
  const status = form.querySelector("[data-upload-status]");
  // The words come translated from the template (data-*), in the page's language.
  const words = {
    uploading: status.dataset.uploading || "Uploading…",
    checking: status.dataset.checking || "Checking every row…",
    failed: status.dataset.failed || "The upload failed; check the connection and try again.",
  };
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    bar.hidden = false;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      bar.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = bar.value < 100 ? words.uploading + " " + bar.value + "%" : words.checking;
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate while the server checks and imports
      status.textContent = words.checking;
    });
    xhr.addEventListener("load", function () {
      if (xhr.responseURL && xhr.responseURL !== window.location.href) {
        window.location.assign(xhr.responseURL);
      } else {
        document.open();
        document.write(xhr.responseText);
        document.close();
      }
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      bar.hidden = true;
      status.textContent = words.failed;
    });
    xhr.send(new FormData(form));
  });
})();
