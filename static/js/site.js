/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  // Sort selects submit their form as soon as a choice is made.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var form = select.form;
      if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
    });
  });

  // The filter panel starts folded on narrow screens, so results come first.
  document.querySelectorAll("details[data-collapse-below]").forEach(function (details) {
    var query = "(max-width: " + details.getAttribute("data-collapse-below") + ")";
    if (window.matchMedia && window.matchMedia(query).matches) { details.open = false; }
  });

  // Thumbnails swap the cover image instead of opening the file.
  document.querySelectorAll("a[data-gallery-target]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var cover = document.getElementById(link.getAttribute("data-gallery-target"));
      var thumb = link.querySelector("img");
      if (!cover || !thumb) { return; }
      event.preventDefault();
      cover.src = link.href;
      cover.alt = thumb.alt;
      cover.removeAttribute("width");
      cover.removeAttribute("height");
      link.closest("ul").querySelectorAll("a[aria-current]").forEach(function (other) {
        other.removeAttribute("aria-current");
      });
      link.setAttribute("aria-current", "true");
    });
  });
})();
