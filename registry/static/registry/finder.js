// The home page's place finder: as the visitor types, the places whose names start with the text
// are offered as links (registry/finder.py answers with JSON). Without this script the form still
// works: its submit opens the place, or lists the places of that name.
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var timer = null;
  var latest = 0;

  function show(places) {
    list.textContent = "";
    places.forEach(function (place) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = place.url;
      link.textContent = place.name + (place.other_name ? " (" + place.other_name + ")" : "");
      item.appendChild(link);
      var detail = [place.parent, form.dataset.pairsLabel.replace("%s", place.pairs)].filter(Boolean);
      item.appendChild(document.createTextNode(" — " + detail.join(", ")));
      list.appendChild(item);
    });
    list.hidden = places.length === 0;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var asked = ++latest;
      var text = input.value.trim();
      if (!text) return show([]);
      fetch(form.dataset.suggestUrl + "?" + new URLSearchParams({ q: text }))
        .then(function (response) { return response.ok ? response.json() : { places: [] }; })
        .then(function (data) { if (asked === latest) show(data.places); })
        .catch(function () { show([]); });
    }, 150);
  });
})();
