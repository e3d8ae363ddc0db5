// Upload progress for the export-figures import: sends the form with XMLHttpRequest so the
// browser reports bytes sent, then follows the server's redirect to the import report.
// Without JavaScript the form posts normally and lands on the same report.
(function () {
  "use strict";
  const form = document.querySelector("[data-upload-form]");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  const bar = form.querySelector("[data-upload-progress]");
  const status = form.querySelector("[data-upload-status]");
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
      status.textContent = bar.value < 100 ? "Uploading… " + bar.value + "%" : "Checking every row…";
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate while the server checks and imports
      status.textContent = "Checking every row…";
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
      status.textContent = "The upload failed; check the connection and try again.";
    });
    xhr.send(new FormData(form));
  });
})();
