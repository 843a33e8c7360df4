// « Consulté le … » in a dossier's suggested citation: the page may come from a cache
// made on an earlier day, so the reader's own date replaces the one it was made with.
(function () {
  "use strict";
  var language = document.documentElement.lang || "fr";
  var today = new Date().toLocaleDateString(language, { day: "numeric", month: "long", year: "numeric" });
  document.querySelectorAll("[data-today]").forEach(function (element) {
    element.textContent = today;
  });
})();
