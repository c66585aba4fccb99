/* Progressive enhancement of the province → commune selects; without it the form's
   "Cập nhật danh sách" button reloads the commune list from the server. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.querySelectorAll("select[data-communes-for]").forEach(function (province) {
    var commune = document.getElementById(province.getAttribute("data-communes-for"));
    var template = province.getAttribute("data-communes-url");
    if (!commune || !template || !window.fetch) { return; }
    province.addEventListener("change", function () {
      var asked = province.value;
      if (!asked) { return; }
      fetch(template.replace("__", encodeURIComponent(asked)), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) {
          // Arrowing through provinces sends a request per step: only the list of the
          // province still selected may fill the communes, whatever order answers come in.
          if (province.value !== asked) { return; }
          // A commune picked while the list was loading is kept when it is in the new list.
          var picked = commune.value;
          var first = commune.options[0];
          commune.innerHTML = "";
          if (first) { commune.appendChild(first); first.selected = true; }
          items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.code;
            option.textContent = item.name;
            option.selected = item.code === picked;
            commune.appendChild(option);
          });
        });
    });
  });
})();
