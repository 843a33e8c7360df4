// Suggest communes under inputs marked data-suggest-url, as the contributor types.
// Without this script the field still works: the server resolves the name typed.
(function () {
  "use strict";

  function attach(input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var latest = "";

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) {
        return;
      }
      timer = setTimeout(function () {
        latest = query;
        var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (query !== latest) {
              return;
            }
            list.replaceChildren.apply(list, data.results.map(function (city) {
              var option = document.createElement("option");
              option.value = city.label;
              return option;
            }));
          })
          .catch(function () { /* the field works without suggestions */ });
      }, 150);
    });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(attach);
})();
