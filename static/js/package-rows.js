// "Add a package line" on the seller's invoice and packing list form: copies the empty
// formset row (Django's __prefix__ template) and counts it in TOTAL_FORMS. Without script
// the form still works with the rows it was rendered with.
(function () {
  var button = document.querySelector("[data-add-package]");
  if (!button) return;
  button.addEventListener("click", function () {
    var total = document.getElementById("id_packages-TOTAL_FORMS");
    var n = parseInt(total.value, 10);
    var html = document.getElementById("package-row-template").innerHTML.replace(/__prefix__/g, n);
    document.querySelector("[data-testid=package-rows]").insertAdjacentHTML("beforeend", html);
    total.value = n + 1;
  });
})();
