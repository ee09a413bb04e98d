// Suggestions for a filter's text field as you type: an <input data-suggest list="ID"> is offered
// the names the <datalist id="ID" data-url="..."> endpoint returns for ?q=. Without JavaScript
// the field still works: the server looks the typed name up itself.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest][list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !list.dataset.url) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = input.value.trim();
        if (!text || text === asked) return;
        asked = text;
        fetch(list.dataset.url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (asked !== text) return; // a later keystroke asked again
            list.replaceChildren.apply(list, data.results.map(function (result) {
              var option = document.createElement("option");
              option.value = result.value;
              option.label = result.label;
              return option;
            }));
          })
          .catch(function () { /* no suggestions: the field still works as typed */ });
      }, 200);
    });
  });
})();
