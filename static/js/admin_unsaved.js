// Change forms never lose typed work:
// - leaving with unsaved changes (a field or the rich-text editor) asks first;
// - what is typed is kept in this browser as a draft (localStorage) a second after each
//   change, and offered back when the form opens again without it (after a crash, a
//   closed tab or an expired session), as WordPress's autosave does. A save that
//   succeeds (the page shows its success message) forgets the draft.
(function () {
  "use strict";
  // Django's admin catalogue (admin:jsi18n, loaded by every change form before this
  // file) translates; without it the English stands.
  var gettext = window.gettext || function (text) { return text; };
  var PREFIX = "agency-draft:";
  var KEPT = ["INPUT", "TEXTAREA", "SELECT"];

  function draftKey(path) { return PREFIX + path; }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && KEPT.indexOf(el.tagName) >= 0 && el.type !== "hidden" &&
        el.type !== "file" && el.type !== "submit" && el.type !== "password" &&
        el.name.charAt(0) !== "_";
    });
  }

  function editors() {
    return window.CKEDITOR ? window.CKEDITOR.instances : {};
  }

  function read(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.type === "checkbox") values[el.name] = el.checked;
        else if (el.checked) values[el.name] = el.value;
      } else if (el.tagName === "SELECT" && el.multiple) {
        values[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[el.name] = el.value;
      }
    });
    var instances = editors();
    Object.keys(instances).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.name) values[el.name] = instances[id].getData();
    });
    return values;
  }

  function write(form, values) {
    fieldsOf(form).forEach(function (el) {
      if (!(el.name in values)) return;
      var value = values[el.name];
      if (el.type === "checkbox") el.checked = !!value;
      else if (el.type === "radio") el.checked = el.value === value;
      else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
      } else el.value = value;
    });
    var instances = editors();
    Object.keys(instances).forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.name in values) instances[id].setData(values[el.name]);
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function offer(form, key, draft, loaded) {
    var note = document.createElement("div");
    note.className = "draft-offer";
    note.setAttribute("role", "status");
    var when = new Date(draft.savedAt);
    var text = document.createElement("p");
    text.textContent = gettext("A draft you typed here on %(when)s was not saved.")
      .replace("%(when)s", when.toLocaleString()) + " ";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = gettext("Restore the draft");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = gettext("Discard it");
    text.appendChild(restore);
    text.appendChild(document.createTextNode(" "));
    text.appendChild(discard);
    note.appendChild(text);
    form.insertBefore(note, form.firstChild);
    restore.addEventListener("click", function () {
      write(form, draft.values);
      note.remove();
      form.dispatchEvent(new Event("change"));
    });
    discard.addEventListener("click", function () {
      localStorage.removeItem(key);
      note.remove();
    });
    return loaded;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#content-main form[method=post]");
    if (!form || !form.querySelector("input[name=_version], input[name=_revision_message]")) return;
    var key = draftKey(window.location.pathname);
    var saved = document.querySelector(".messagelist .success");
    if (saved) {
      localStorage.removeItem(key);
      localStorage.removeItem(draftKey(window.location.pathname.replace(/\/[^/]+\/change\/$/, "/add/")));
    }
    var dirty = false;
    var timer = null;
    var loaded = null;

    function keep() {
      timer = null;
      var values = read(form);
      if (loaded && same(values, loaded)) return;
      try {
        localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), values: values }));
      } catch (e) { /* storage full or off: the question on leaving still holds */ }
    }

    function changed() {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(keep, 1000);
    }

    function start() {
      loaded = read(form);
      var draft = null;
      try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
      if (draft && draft.values && same(draft.values, loaded)) {
        localStorage.removeItem(key);  // saved since: nothing to offer
      } else if (draft && draft.values && !saved) {
        offer(form, key, draft, loaded);
      }
      Object.keys(editors()).forEach(function (id) { editors()[id].on("change", changed); });
      form.setAttribute("data-unsaved-watch", "ready");
    }

    // Typing in a plain field counts at once, before the rich-text editors are ready.
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    form.addEventListener("submit", function () {
      dirty = false;
      if (timer) { clearTimeout(timer); keep(); }
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return undefined;
      event.preventDefault();
      event.returnValue = "";
      return "";
    });

    // The rich-text editors load after the page: read the form once they are ready.
    var boxes = document.querySelectorAll("textarea[data-type=ckeditortype]").length;
    var instances = editors();
    var ready = Object.keys(instances).filter(function (id) { return instances[id].instanceReady; }).length;
    if (!window.CKEDITOR || ready >= boxes) { start(); return; }
    window.CKEDITOR.on("instanceReady", function () {
      ready += 1;
      if (ready === boxes) start();
    });
  });
})();
