// The filters of a list: folded on a phone unless some are in use, so the first
// results are on the first screen; and left out of the address when empty, so a link
// to the results says only what was chosen.
(function () {
  "use strict";
  var toggle = document.querySelector(".filters-toggle");
  if (toggle && window.matchMedia("(max-width: 50rem)").matches && !toggle.querySelector(".badge")) {
    toggle.open = false;
  }
  // Coming back to the page (the browser's cache) gives the fields back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.filter-form [disabled]").forEach(function (field) {
      field.disabled = false;
    });
  });
  document.querySelectorAll("form.filter-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && field.value === "") {
          field.disabled = true;
        }
      });
    });
  });
})();
