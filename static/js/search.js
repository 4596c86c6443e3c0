// Suggestions as you type in the header search box (see search/views.py).
// Progressive enhancement: without this script the form submits to /search/ as it
// is. The box becomes an ARIA combobox with a listbox of suggestions under it;
// Up/Down move through them, Enter opens one, Escape closes the list.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var input = document.getElementById("site-search");
  if (!input || !input.form || !window.fetch) {
    return;
  }
  var form = input.form;
  var endpoint = new URL("suggest/", form.action);
  var list = document.createElement("ul");
  var status = document.createElement("p");
  var options = [];
  var active = -1;
  var timer = null;
  var pending = null;

  list.id = "site-search-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  status.className = "visually-hidden";
  // A live region without role="status": the page's own status messages
  // (saved, reverted…) keep that role to themselves.
  status.setAttribute("aria-live", "polite");
  form.appendChild(list);
  form.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  function option(index, url, text, detail) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    item.id = "site-search-option-" + index;
    item.className = "search-suggestion";
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    link.href = url;
    link.tabIndex = -1;
    link.textContent = text;
    if (detail) {
      var small = document.createElement("span");
      small.className = "search-suggestion__detail";
      small.textContent = detail;
      link.appendChild(small);
    }
    item.appendChild(link);
    return item;
  }

  function show(query, results) {
    list.replaceChildren();
    options = results.map(function (result, index) {
      var detail = result.label + (result.alias ? " · " + result.alias : "");
      return option(index, result.url, result.title, detail);
    });
    var everything = new URL(form.action);
    everything.searchParams.set("q", query);
    everything.searchParams.set("fulltext", "1");
    options.push(
      option(
        options.length,
        everything.href,
        "Search for pages containing “" + query + "”",
        ""
      )
    );
    options[options.length - 1].classList.add("search-suggestion--all");
    options.forEach(function (item) {
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    status.textContent =
      results.length === 1 ? "1 suggestion" : results.length + " suggestions";
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (pending) {
      pending.abort();
    }
    if (!query) {
      close();
      return;
    }
    pending = new AbortController();
    endpoint.searchParams.set("q", query);
    fetch(endpoint, {
      headers: { Accept: "application/json" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        // An answer to an older query than the box now holds is dropped.
        if (data && data.query !== undefined && input.value.trim() === query) {
          show(query, data.results);
        }
      })
      .catch(function () {
        // Aborted or offline: the form still submits without suggestions.
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchSuggestions, DELAY_MS);
  });

  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      if (event.key === "ArrowDown" && input.value.trim()) {
        fetchSuggestions();
        event.preventDefault();
      }
      return;
    }
    if (event.key === "ArrowDown") {
      highlight((active + 1) % options.length);
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      highlight(active <= 0 ? options.length - 1 : active - 1);
      event.preventDefault();
    } else if (event.key === "Escape") {
      close();
      event.preventDefault();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(options[active].querySelector("a").href);
    }
  });

  // Keeps the focus in the box, so that its blur does not close the list before
  // the click on a suggestion's link arrives.
  list.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });

  input.addEventListener("blur", close);
})();
