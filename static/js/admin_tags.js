// The article's tag box suggests existing tags as the editor types (the last of the
// comma-separated names): arrows and Enter, or a click, take one. Without JavaScript
// the box is the plain comma-separated field it always was.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("id_tags");
    if (!input) return;
    var url = window.location.pathname.replace(/\/articles\/article\/.*$/, "/articles/article/tags/suggest/");
    var list = document.createElement("ul");
    list.id = "id_tags_suggestions";
    list.className = "tag-suggestions";
    list.setAttribute("role", "listbox");
    var gettext = window.gettext || function (text) { return text; };
    list.setAttribute("aria-label", gettext("Existing tags"));
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    input.parentNode.insertBefore(list, input.nextSibling);
    var active = -1;
    var timer = null;
    var asked = 0;

    function typed() {
      var parts = input.value.split(",");
      return parts[parts.length - 1].trim();
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(name) {
      var parts = input.value.split(",");
      parts[parts.length - 1] = (parts.length > 1 ? " " : "") + name;
      input.value = parts.join(",") + ", ";
      close();
      input.focus();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function mark(index) {
      var items = list.querySelectorAll("li");
      active = index;
      items.forEach(function (item, n) {
        item.setAttribute("aria-selected", n === index ? "true" : "false");
      });
      if (items[index]) input.setAttribute("aria-activedescendant", items[index].id);
    }

    function show(names) {
      var chosen = input.value.split(",").map(function (n) { return n.trim().toLowerCase(); });
      names = names.filter(function (name) { return chosen.indexOf(name.toLowerCase()) < 0; });
      close();
      if (!names.length) return;
      names.forEach(function (name, n) {
        var item = document.createElement("li");
        item.id = "id_tags_suggestion_" + n;
        item.setAttribute("role", "option");
        item.textContent = name;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box
          choose(name);
        });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var words = typed();
      if (!words) { close(); return; }
      var ticket = ++asked;
      fetch(url + "?q=" + encodeURIComponent(words), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
        .then(function (data) { if (ticket === asked) show(data.tags || []); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var count = list.querySelectorAll("li").length;
      if (list.hidden || !count) return;
      if (event.key === "ArrowDown") { event.preventDefault(); mark((active + 1) % count); }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark((active - 1 + count) % count); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();  // take the tag, do not submit the form
        choose(list.querySelectorAll("li")[active].textContent);
      } else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  });
})();
