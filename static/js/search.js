/* Autocomplete for the header search box (progressive enhancement: without this file the
   box is a plain GET form to /search). Asks /api/v1/suggest as the shopper types and lists
   product and producer names under the box (ARIA 1.2 combobox with a listbox popup).
   Arrow keys move through the list, Enter opens the highlighted name (or searches what
   was typed when none is), Escape closes it. Text is set with textContent, never as HTML. */
(function () {
  "use strict";

  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) { return; }
  var form = input.form;
  var endpoint = input.getAttribute("data-suggest-url");
  // Labels come translated from the page (base.html), in the visitor's language.
  var KINDS = {
    product: input.getAttribute("data-kind-product") || "",
    producer: input.getAttribute("data-kind-producer") || ""
  };
  var DELAY_MS = 150;

  var list = document.createElement("ul");
  list.id = input.id + "-suggestions";
  list.className = "search__list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
  list.hidden = true;
  form.appendChild(list);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null;
  var pending = null;  // the AbortController of the request in flight
  var active = -1;
  var lastQuery = "";

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var items = options();
    if (!items.length) { return; }
    if (active >= 0 && items[active]) { items[active].setAttribute("aria-selected", "false"); }
    active = (index + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function render(items) {
    list.textContent = "";
    active = -1;
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.className = "search__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = item.url;
      link.tabIndex = -1;
      var text = document.createElement("span");
      text.textContent = item.text;
      var kind = document.createElement("span");
      kind.className = "search__kind";
      kind.textContent = KINDS[item.kind] || "";
      link.appendChild(text);
      link.appendChild(kind);
      option.appendChild(link);
      list.appendChild(option);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }

  function ask(query) {
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    fetch(endpoint + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      signal: pending ? pending.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (data) {
        if (input.value.trim() === query) { render(data.items || []); }
      })
      .catch(function () { /* aborted, offline or unavailable: the plain form still works */ });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    clearTimeout(timer);
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (!query) { close(); list.textContent = ""; return; }
    timer = setTimeout(function () { ask(query); }, DELAY_MS);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) {
        if (!options().length) { return; }
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(options()[active].querySelector("a").href);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", function () {
    // Later than a click on an option, which must still reach its link.
    setTimeout(close, 150);
  });
  input.addEventListener("focus", function () {
    if (options().length && input.value.trim() === lastQuery) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  });
  list.addEventListener("mousedown", function (event) { event.preventDefault(); });
})();
