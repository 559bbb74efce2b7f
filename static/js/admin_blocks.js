// The block editor of a blocks field (agency.core.blocks.BlocksWidget): each
// [data-blocks-editor] holds the types' schema (a JSON script) and the textarea of the
// blocks' JSON, which is what the form posts. This draws the blocks as cards of labelled
// fields from the schema; every change is written back into the textarea (with an
// `input` event, so static/js/admin_unsaved.js sees it) and sent to the live preview.
// Blocks are reordered by dragging their handle, by their Move buttons, or by
// Alt+ArrowUp / Alt+ArrowDown inside a block; a removed block can be brought back.
// Keys the editor does not know (in a block or its value) and block ids are kept.
// Without JavaScript the JSON itself can be edited.
(function () {
  "use strict";
  // Django's admin catalogue (admin:jsi18n, loaded by every change form before the
  // form's media) translates; without it the English stands.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) { return String(values[name]); });
  };
  var PREVIEW_DELAY = 600;
  var editorCount = 0;

  function fmt(text, values) { return interpolate(text, values, true); }

  // A new block's id, as agency.core.blocks.new_id makes them (8 URL-safe characters).
  function newId() {
    var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    var id = "";
    for (var i = 0; i < bytes.length; i++) id += alphabet.charAt(bytes[i] % 64);
    return id;
  }

  // el("button", {type: "button", class: "x", text: "Go"}, [children])
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else if (value === true) node.setAttribute(name, "");
      else node.setAttribute(name, value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // A button whose visible text is short ("Move up") and whose name says which block
  // or item it acts on ("Move up 2. Hero"), for screen readers and voice control.
  function toolButton(text, which, focusKey, extraClass) {
    return el("button", { type: "button", class: "button be-tool " + (extraClass || ""), "data-focus": focusKey }, [
      text, el("span", { class: "be-sr", text: " " + which })
    ]);
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function emptyValue(spec) {
    if (spec.kind === "bool") return false;
    if (spec.kind === "number") return null;
    return "";
  }

  function emptyItem(type) {
    var item = {};
    type.item_fields.forEach(function (spec) { item[spec.name] = emptyValue(spec); });
    return item;
  }

  function Editor(root) {
    editorCount += 1;
    this.n = editorCount;
    this.root = root;
    this.textarea = root.querySelector("textarea");
    this.form = root.closest("form");
    var script = root.querySelector("script[type='application/json']") ||
      document.getElementById(root.getAttribute("data-schema-id"));
    this.schema = JSON.parse(script.textContent);
    this.types = {};
    var self = this;
    this.schema.forEach(function (type) { self.types[type.type] = type; });
    this.keySeq = 0;
    this.collapsed = {};
    this.removed = null;
    this.written = null;
    this.previewTimer = null;
    this.pending = null;
  }

  Editor.prototype.read = function () {
    var raw = (this.textarea.value || "").trim();
    var data = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(data)) throw new Error("not a list");
    var self = this;
    this.entries = data.map(function (block) {
      if (!isObject(block)) block = { type: "", value: {} };
      return { key: self.nextKey(), data: block };
    });
  };

  Editor.prototype.nextKey = function () {
    this.keySeq += 1;
    return "b" + this.keySeq;
  };

  Editor.prototype.id = function (suffix) { return "be" + this.n + "-" + suffix; };

  Editor.prototype.start = function () {
    try {
      this.read();
    } catch (error) {
      // A value the editor cannot read stays editable as it is.
      this.root.insertBefore(el("p", {
        class: "errornote be-unreadable",
        text: gettext("The blocks could not be read, so they are shown as they are stored (JSON).")
      }), this.textarea);
      return;
    }
    this.root.classList.add("be-ready");
    this.textarea.hidden = true;
    this.textarea.setAttribute("aria-hidden", "true");
    this.build();
    this.render();
    this.listen();
    if (this.previewUrl) this.refreshPreview();
  };

  Editor.prototype.build = function () {
    var self = this;
    var label = this.textarea.id && document.querySelector("label[for='" + this.textarea.id + "']");
    this.ui = el("div", { class: "be-ui" });
    this.main = el("div", {
      class: "be-main", role: "group",
      "aria-label": label ? label.textContent.replace(/[:：]\s*$/, "") : gettext("Blocks")
    });
    if (label) {
      // The field's label names the editor's group; clicking it goes to the first block.
      label.removeAttribute("for");
      label.id = label.id || this.id("label");
      this.main.removeAttribute("aria-label");
      this.main.setAttribute("aria-labelledby", label.id);
    }
    this.toolbar = el("div", { class: "be-toolbar" }, [
      el("p", {
        class: "be-hint", id: this.id("hint"),
        text: gettext("Reorder the blocks by dragging their handle, with their Move buttons, or with Alt+↑ and Alt+↓ inside a block.")
      }),
      el("button", { type: "button", class: "button be-collapse-all", "data-focus": "collapse-all" })
    ]);
    this.list = el("ol", { class: "be-list" });
    this.typeSelect = el("select", { id: this.id("add-type"), "data-focus": "add-type" },
      this.schema.map(function (type) { return el("option", { value: type.type, text: type.label }); }));
    this.typeHelp = el("p", { class: "be-help", id: this.id("add-help") });
    this.typeSelect.setAttribute("aria-describedby", this.typeHelp.id);
    this.addButton = el("button", { type: "button", class: "button be-add-button", "data-focus": "add", text: gettext("Add block") });
    this.adder = el("div", { class: "be-adder" }, [
      el("label", { for: this.typeSelect.id, text: gettext("New block:") }),
      this.typeSelect, this.addButton, this.typeHelp
    ]);
    this.live = el("div", { class: "be-sr", "aria-live": "polite", role: "status" });
    this.main.appendChild(this.toolbar);
    this.main.appendChild(this.list);
    this.main.appendChild(this.adder);
    this.main.appendChild(this.live);
    this.ui.appendChild(this.main);

    this.uploadUrl = this.root.getAttribute("data-upload-url") || "";
    this.previewUrl = this.root.getAttribute("data-preview-url") || "";
    if (!this.previewUrl) {
      // A variant's editor previews through its page's preview.
      var other = document.querySelector("[data-blocks-editor][data-preview-url]");
      if (other && this.form && other.closest("form") === this.form) {
        this.previewUrl = other.getAttribute("data-preview-url");
      }
    }
    if (this.previewUrl && this.form) this.buildPreview();
    this.root.appendChild(this.ui);
    this.showTypeHelp();
    this.typeSelect.addEventListener("change", function () { self.showTypeHelp(); });
  };

  Editor.prototype.showTypeHelp = function () {
    var type = this.types[this.typeSelect.value];
    this.typeHelp.textContent = type && type.help ? type.help : "";
  };

  Editor.prototype.buildPreview = function () {
    var self = this;
    this.previewName = this.id("preview");
    this.previewStatus = el("span", { class: "be-preview-status" });
    this.phoneBox = el("input", { type: "checkbox", id: this.id("phone") });
    this.preview = el("section", { class: "be-preview", "aria-labelledby": this.id("preview-title") }, [
      el("div", { class: "be-preview-head" }, [
        el("h3", { id: this.id("preview-title"), text: gettext("Live preview") }),
        this.previewStatus,
        el("span", { class: "be-preview-tools" }, [
          this.phoneBox,
          el("label", { for: this.phoneBox.id, class: "vCheckboxLabel", text: gettext("Phone width") }),
          el("button", { type: "button", class: "button be-refresh", text: gettext("Refresh") })
        ])
      ]),
      el("div", { class: "be-frames" })
    ]);
    this.frames = this.preview.querySelector(".be-frames");
    this.ui.appendChild(this.preview);
    this.ui.classList.add("has-preview");
    this.phoneBox.addEventListener("change", function () {
      self.preview.classList.toggle("be-phone", self.phoneBox.checked);
    });
    this.preview.querySelector(".be-refresh").addEventListener("click", function () { self.refreshPreview(); });
  };

  // ---- Drawing --------------------------------------------------------------------

  Editor.prototype.render = function (focusKey) {
    var self = this;
    var count = this.entries.length;
    this.list.innerHTML = "";
    this.entries.forEach(function (entry, index) {
      if (self.removed && self.removed.index === index) self.list.appendChild(self.removedNote());
      self.list.appendChild(self.renderBlock(entry, index, count));
    });
    if (this.removed && this.removed.index >= count) this.list.appendChild(this.removedNote());
    if (!count && !this.removed) {
      this.list.appendChild(el("li", { class: "be-empty", text: gettext("No blocks yet: add the first one below.") }));
    }
    var all = this.toolbar.querySelector(".be-collapse-all");
    var anyOpen = this.entries.some(function (entry) { return !self.collapsed[entry.key]; });
    all.textContent = anyOpen ? gettext("Collapse all") : gettext("Expand all");
    all.hidden = !count;
    if (focusKey) this.focus(focusKey);
  };

  Editor.prototype.focus = function (focusKey) {
    var target = this.root.querySelector("[data-focus='" + focusKey + "']");
    if (target) {
      target.focus();
      if (target.scrollIntoView && !this.inView(target)) target.scrollIntoView({ block: "center" });
    }
  };

  Editor.prototype.inView = function (node) {
    var box = node.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= (window.innerHeight || document.documentElement.clientHeight);
  };

  Editor.prototype.typeLabel = function (entry) {
    var type = this.types[entry.data.type];
    return type ? type.label : fmt(gettext("Unknown block “%(type)s”"), { type: String(entry.data.type || "") });
  };

  Editor.prototype.title = function (entry, index) {
    return fmt(gettext("%(number)s. %(type)s"), { number: index + 1, type: this.typeLabel(entry) });
  };

  // What a collapsed block shows of itself: its first filled-in line of text.
  Editor.prototype.summary = function (entry) {
    var type = this.types[entry.data.type];
    var value = isObject(entry.data.value) ? entry.data.value : {};
    if (!type) return "";
    for (var i = 0; i < type.fields.length; i++) {
      var spec = type.fields[i];
      if ((spec.kind === "text" || spec.kind === "textarea" || spec.kind === "richtext") &&
          typeof value[spec.name] === "string" && value[spec.name].trim()) {
        var text = value[spec.name].replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
        return text.length > 70 ? text.slice(0, 69) + "…" : text;
      }
    }
    return "";
  };

  Editor.prototype.removedNote = function () {
    var removed = this.removed;
    return el("li", { class: "be-removed" }, [
      el("span", { text: fmt(gettext("Block “%(type)s” removed."), { type: this.typeLabel(removed.entry) }) + " " }),
      el("button", { type: "button", class: "button be-undo", "data-focus": "undo", text: gettext("Undo") })
    ]);
  };

  Editor.prototype.renderBlock = function (entry, index, count) {
    var key = entry.key;
    var type = this.types[entry.data.type];
    var collapsed = !!this.collapsed[key];
    var titleId = this.id(key + "-title");
    var bodyId = this.id(key + "-body");
    var title = this.title(entry, index);
    var toggle = el("button", {
      type: "button", class: "be-toggle", id: titleId, "aria-expanded": collapsed ? "false" : "true",
      "aria-controls": bodyId, "data-focus": key + ":toggle"
    }, [
      el("span", { class: "be-caret", "aria-hidden": "true", text: collapsed ? "▸" : "▾" }),
      el("span", { class: "be-title-text", text: title }),
      el("span", { class: "be-summary", text: this.summary(entry) })
    ]);
    var up = toolButton(gettext("Move up"), title, key + ":up", "be-up");
    var down = toolButton(gettext("Move down"), title, key + ":down", "be-down");
    if (index === 0) up.setAttribute("aria-disabled", "true");
    if (index === count - 1) down.setAttribute("aria-disabled", "true");
    var head = el("div", { class: "be-block-head" }, [
      el("span", { class: "be-handle", draggable: "true", "aria-hidden": "true", title: gettext("Drag to move the block"), text: "⠿" }),
      el("h3", { class: "be-block-title" }, [toggle]),
      el("span", { class: "be-tools" }, [up, down, toolButton(gettext("Remove"), title, key + ":remove", "be-remove")])
    ]);
    var body = el("div", { class: "be-block-body", id: bodyId, hidden: collapsed });
    if (!type) {
      body.appendChild(el("p", {
        class: "be-help",
        text: gettext("This kind of block no longer exists: it is kept as it is until you remove it.")
      }));
    } else {
      if (type.help) body.appendChild(el("p", { class: "be-help be-type-help", text: type.help }));
      if (!isObject(entry.data.value)) entry.data.value = {};
      var value = entry.data.value;
      var self = this;
      type.fields.forEach(function (spec) {
        body.appendChild(self.renderField(spec, value, entry, key + ":f:" + spec.name));
      });
      if (type.item_fields && type.item_fields.length) body.appendChild(this.renderItems(type, entry));
    }
    var card = el("div", { class: "be-card", role: "group", "aria-labelledby": titleId }, [head, body]);
    return el("li", { class: "be-block" + (collapsed ? " is-collapsed" : ""), "data-key": key }, [card]);
  };

  Editor.prototype.renderItems = function (type, entry) {
    var self = this;
    var key = entry.key;
    var value = entry.data.value;
    if (!Array.isArray(value.items)) value.items = [];
    var items = value.items;
    var box = el("div", { class: "be-items" });
    items.forEach(function (item, index) {
      if (!isObject(item)) items[index] = item = {};
      var name = fmt(gettext("%(what)s %(number)s"), { what: type.item_label, number: index + 1 });
      var focusBase = key + ":i" + index;
      var up = toolButton(gettext("Up"), name, focusBase + ":up", "be-item-up");
      var down = toolButton(gettext("Down"), name, focusBase + ":down", "be-item-down");
      if (index === 0) up.setAttribute("aria-disabled", "true");
      if (index === items.length - 1) down.setAttribute("aria-disabled", "true");
      var fieldset = el("fieldset", { class: "be-item", "data-index": String(index) }, [
        el("legend", { text: name }),
        el("span", { class: "be-tools be-item-tools" }, [up, down, toolButton(gettext("Remove"), name, focusBase + ":remove", "be-item-remove")])
      ]);
      type.item_fields.forEach(function (spec) {
        fieldset.appendChild(self.renderField(spec, item, entry, focusBase + ":f:" + spec.name));
      });
      box.appendChild(fieldset);
    });
    var full = items.length >= type.max_items;
    var add = el("button", {
      type: "button", class: "button be-item-add", "data-focus": key + ":add-item",
      "aria-disabled": full ? "true" : null,
      text: fmt(gettext("Add %(what)s"), { what: type.item_label })
    });
    var limits = [];
    if (type.min_items) limits.push(fmt(gettext("at least %(count)s"), { count: type.min_items }));
    limits.push(fmt(gettext("at most %(count)s"), { count: type.max_items }));
    var note = el("span", { class: "be-help be-limits", id: this.id(key + "-limits"), text: limits.join(gettext(", ")) });
    add.setAttribute("aria-describedby", note.id);
    box.appendChild(el("p", { class: "be-item-adder" }, [add, " ", note]));
    return box;
  };

  Editor.prototype.renderField = function (spec, holder, entry, focusKey) {
    var self = this;
    var id = this.id(focusKey.replace(/:/g, "-"));
    var current = holder[spec.name];
    var control;
    var helps = [];
    if (spec.help) helps.push(spec.help);
    if (spec.kind === "textarea" || spec.kind === "richtext") {
      control = el("textarea", { rows: spec.kind === "richtext" ? 8 : 3, maxlength: spec.max_length || null });
      control.value = current === null || current === undefined ? "" : String(current);
      if (spec.kind === "richtext") helps.push(gettext("HTML allowed: paragraphs, links, lists."));
    } else if (spec.kind === "choice") {
      var options = (spec.choices || []).slice();
      var values = options.map(function (option) { return String(option[0]); });
      if (values.indexOf("") < 0) options.unshift(["", "---------"]);
      var value = current === null || current === undefined ? "" : String(current);
      if (value && values.indexOf(value) < 0) options.push([value, value]);  // kept as stored
      control = el("select", {}, options.map(function (option) {
        return el("option", { value: String(option[0]), text: String(option[1]) });
      }));
      control.value = value;
    } else if (spec.kind === "bool") {
      control = el("input", { type: "checkbox" });
      control.checked = !!current;
    } else if (spec.kind === "number") {
      control = el("input", { type: "number", step: "1", inputmode: "numeric" });
      control.value = current === null || current === undefined ? "" : String(current);
    } else {
      var address = spec.kind === "url" || spec.kind === "image";
      control = el("input", {
        type: "text", maxlength: spec.max_length || null,
        inputmode: address ? "url" : null, spellcheck: address ? "false" : null,
        autocomplete: "off"
      });
      control.value = current === null || current === undefined ? "" : String(current);
      if (spec.kind === "url") helps.push(gettext("A path on this site (/contact/) or an address starting with https://."));
    }
    control.id = id;
    control.setAttribute("data-focus", focusKey);
    control.setAttribute("data-field", spec.name);
    if (spec.required) control.setAttribute("aria-required", "true");
    var help = null;
    if (helps.length) {
      help = el("p", { class: "be-help", id: id + "-help", text: helps.join(" ") });
      control.setAttribute("aria-describedby", help.id);
    }
    var label = el("label", { for: id }, [
      spec.label,
      spec.required ? el("span", { class: "be-required", title: gettext("required"), text: " *" }) : null,
      spec.required ? el("span", { class: "be-sr", text: " " + gettext("(required)") }) : null
    ]);
    label.querySelector(".be-required") && label.querySelector(".be-required").setAttribute("aria-hidden", "true");
    var field = el("div", { class: "be-field be-kind-" + spec.kind });
    if (spec.kind === "bool") {
      field.appendChild(el("div", { class: "be-check" }, [control, label]));
    } else {
      field.appendChild(label);
      field.appendChild(control);
    }
    if (spec.kind === "image") field.appendChild(this.renderImageTools(control, spec));
    if (help) field.appendChild(help);

    control.addEventListener(spec.kind === "bool" || spec.kind === "choice" ? "change" : "input", function () {
      var next;
      if (spec.kind === "bool") next = control.checked;
      else if (spec.kind === "number") next = control.value === "" ? null : Number(control.value);
      else next = control.value;
      holder[spec.name] = next;
      self.updateSummary(entry);
      self.changed();
    });
    return field;
  };

  Editor.prototype.renderImageTools = function (control, spec) {
    var self = this;
    var thumb = el("img", { class: "be-thumb", alt: "", hidden: true });
    function showThumb() {
      var src = control.value.trim();
      // Only this site's own pictures (the admin's policy allows no other host).
      if (src.charAt(0) === "/" && src.charAt(1) !== "/") {
        thumb.src = src;
        thumb.hidden = false;
      } else {
        thumb.removeAttribute("src");
        thumb.hidden = true;
      }
    }
    control.addEventListener("change", showThumb);
    showThumb();
    var tools = el("div", { class: "be-image-tools" }, [thumb]);
    if (!this.uploadUrl) return tools;
    var file = el("input", { type: "file", accept: "image/jpeg,image/png,image/gif,image/webp", hidden: true, tabindex: "-1", "aria-hidden": "true" });
    var button = el("button", { type: "button", class: "button be-upload" }, [
      gettext("Upload a picture"), el("span", { class: "be-sr", text: " " + fmt(gettext("for “%(field)s”"), { field: spec.label }) })
    ]);
    var status = el("span", { class: "be-upload-status", role: "status" });
    tools.appendChild(button);
    tools.appendChild(file);
    tools.appendChild(status);
    button.addEventListener("click", function () { file.click(); });
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      var data = new FormData();
      data.append("upload", file.files[0]);
      status.textContent = gettext("Uploading…");
      button.disabled = true;
      fetch(self.uploadUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": self.csrfToken() }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (response.ok && answer.url) {
            control.value = answer.url;
            control.dispatchEvent(new Event("input", { bubbles: true }));
            showThumb();
            status.textContent = gettext("Uploaded.");
          } else {
            status.textContent = (answer.error && answer.error.message) ||
              gettext("The picture could not be uploaded.");
          }
        });
      }).catch(function () {
        status.textContent = gettext("The picture could not be uploaded.");
      }).then(function () {
        button.disabled = false;
        file.value = "";
      });
    });
    return tools;
  };

  Editor.prototype.updateSummary = function (entry) {
    var li = this.blockNode(entry.key);
    var summary = li && li.querySelector(".be-summary");
    if (summary) summary.textContent = this.summary(entry);
  };

  Editor.prototype.blockNode = function (key) {
    for (var node = this.list.firstChild; node; node = node.nextSibling) {
      if (node.getAttribute && node.getAttribute("data-key") === key) return node;
    }
    return null;
  };

  // ---- Changes ----------------------------------------------------------------------

  Editor.prototype.value = function () {
    return this.entries.map(function (entry) { return entry.data; });
  };

  Editor.prototype.changed = function () {
    this.written = JSON.stringify(this.value(), null, 1);
    this.textarea.value = this.written;
    this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
    this.schedulePreview();
  };

  Editor.prototype.announce = function (text) {
    var live = this.live;
    live.textContent = "";
    // A fresh text, a moment later, is read even when it repeats the last one.
    window.setTimeout(function () { live.textContent = text; }, 50);
  };

  Editor.prototype.indexOf = function (key) {
    for (var i = 0; i < this.entries.length; i++) if (this.entries[i].key === key) return i;
    return -1;
  };

  Editor.prototype.move = function (key, to, focusKey) {
    var from = this.indexOf(key);
    if (from < 0 || to < 0 || to >= this.entries.length || to === from) return false;
    var entry = this.entries.splice(from, 1)[0];
    this.entries.splice(to, 0, entry);
    this.removed = null;
    this.render(focusKey);
    this.changed();
    this.announce(fmt(gettext("%(type)s moved to position %(position)s of %(count)s."), {
      type: this.typeLabel(entry), position: to + 1, count: this.entries.length
    }));
    return true;
  };

  Editor.prototype.add = function (typeName) {
    var type = this.types[typeName];
    if (!type) return;
    var value = {};
    type.fields.forEach(function (spec) { value[spec.name] = emptyValue(spec); });
    if (type.item_fields && type.item_fields.length) {
      value.items = [];
      for (var i = 0; i < Math.max(type.min_items, 1); i++) value.items.push(emptyItem(type));
    }
    var entry = { key: this.nextKey(), data: { type: typeName, id: newId(), value: value } };
    this.entries.push(entry);
    this.removed = null;
    var first = type.fields.length ? ":f:" + type.fields[0].name :
      (type.item_fields.length ? ":i0:f:" + type.item_fields[0].name : ":toggle");
    this.render(entry.key + first);
    this.changed();
    this.announce(fmt(gettext("%(type)s added at position %(position)s of %(count)s."), {
      type: type.label, position: this.entries.length, count: this.entries.length
    }));
  };

  Editor.prototype.remove = function (key) {
    var index = this.indexOf(key);
    if (index < 0) return;
    var entry = this.entries.splice(index, 1)[0];
    this.removed = { entry: entry, index: index };
    this.render("undo");
    this.changed();
    this.announce(fmt(gettext("Block “%(type)s” removed."), { type: this.typeLabel(entry) }));
  };

  Editor.prototype.undo = function () {
    var removed = this.removed;
    if (!removed) return;
    this.removed = null;
    this.entries.splice(Math.min(removed.index, this.entries.length), 0, removed.entry);
    this.render(removed.entry.key + ":toggle");
    this.changed();
    this.announce(fmt(gettext("%(type)s is back at position %(position)s."), {
      type: this.typeLabel(removed.entry), position: this.indexOf(removed.entry.key) + 1
    }));
  };

  Editor.prototype.toggle = function (key) {
    this.collapsed[key] = !this.collapsed[key];
    this.render(key + ":toggle");
  };

  Editor.prototype.toggleAll = function () {
    var self = this;
    var anyOpen = this.entries.some(function (entry) { return !self.collapsed[entry.key]; });
    this.entries.forEach(function (entry) { self.collapsed[entry.key] = anyOpen; });
    this.render("collapse-all");
  };

  Editor.prototype.itemAction = function (entry, index, action) {
    var type = this.types[entry.data.type];
    var items = entry.data.value.items;
    var what = type.item_label;
    if (action === "add") {
      if (items.length >= type.max_items) {
        this.announce(fmt(gettext("At most %(count)s: %(what)s."), { count: type.max_items, what: what }));
        return;
      }
      items.push(emptyItem(type));
      this.removed = null;
      this.render(entry.key + ":i" + (items.length - 1) + ":f:" + type.item_fields[0].name);
      this.changed();
      this.announce(fmt(gettext("%(what)s %(number)s added."), { what: what, number: items.length }));
      return;
    }
    if (action === "remove") {
      items.splice(index, 1);
      this.removed = null;
      var focus = items.length ? entry.key + ":i" + Math.min(index, items.length - 1) + ":remove" : entry.key + ":add-item";
      this.render(focus);
      this.changed();
      this.announce(fmt(gettext("%(what)s %(number)s removed."), { what: what, number: index + 1 }));
      return;
    }
    var to = action === "up" ? index - 1 : index + 1;
    if (to < 0 || to >= items.length) return;
    var item = items.splice(index, 1)[0];
    items.splice(to, 0, item);
    this.removed = null;
    this.render(entry.key + ":i" + to + ":" + action);
    this.changed();
    this.announce(fmt(gettext("%(what)s moved to position %(position)s of %(count)s."), {
      what: what, position: to + 1, count: items.length
    }));
  };

  // ---- Events -----------------------------------------------------------------------

  Editor.prototype.entryOf = function (node) {
    var li = node.closest(".be-block");
    if (!li || li.parentNode !== this.list) return null;
    var index = this.indexOf(li.getAttribute("data-key"));
    return index < 0 ? null : this.entries[index];
  };

  Editor.prototype.listen = function () {
    var self = this;
    this.addButton.addEventListener("click", function () { self.add(self.typeSelect.value); });
    this.toolbar.querySelector(".be-collapse-all").addEventListener("click", function () { self.toggleAll(); });

    this.list.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !self.list.contains(button)) return;
      if (button.classList.contains("be-undo")) { self.undo(); return; }
      var entry = self.entryOf(button);
      if (!entry) return;
      var index = self.indexOf(entry.key);
      if (button.getAttribute("aria-disabled") === "true") {
        event.preventDefault();
        if (button.classList.contains("be-up") || button.classList.contains("be-down")) {
          self.announce(fmt(gettext("%(type)s is already at position %(position)s of %(count)s."), {
            type: self.typeLabel(entry), position: index + 1, count: self.entries.length
          }));
        }
        return;
      }
      var item = button.closest(".be-item");
      var itemIndex = item ? Number(item.getAttribute("data-index")) : -1;
      if (button.classList.contains("be-toggle")) self.toggle(entry.key);
      else if (button.classList.contains("be-up")) self.move(entry.key, index - 1, entry.key + ":up");
      else if (button.classList.contains("be-down")) self.move(entry.key, index + 1, entry.key + ":down");
      else if (button.classList.contains("be-remove")) self.remove(entry.key);
      else if (button.classList.contains("be-item-up")) self.itemAction(entry, itemIndex, "up");
      else if (button.classList.contains("be-item-down")) self.itemAction(entry, itemIndex, "down");
      else if (button.classList.contains("be-item-remove")) self.itemAction(entry, itemIndex, "remove");
      else if (button.classList.contains("be-item-add")) self.itemAction(entry, -1, "add");
    });

    // Alt+ArrowUp / Alt+ArrowDown moves the block the focus is in; the focus stays on
    // the same control of the moved block.
    this.list.addEventListener("keydown", function (event) {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      var entry = self.entryOf(event.target);
      if (!entry) return;
      event.preventDefault();
      var index = self.indexOf(entry.key);
      var to = event.key === "ArrowUp" ? index - 1 : index + 1;
      var focusKey = event.target.getAttribute("data-focus") || entry.key + ":toggle";
      if (!self.move(entry.key, to, focusKey)) {
        self.announce(fmt(gettext("%(type)s is already at position %(position)s of %(count)s."), {
          type: self.typeLabel(entry), position: index + 1, count: self.entries.length
        }));
      }
    });

    this.listenDrag();

    // A draft restored by admin_unsaved.js (it writes the textarea, then tells the form).
    if (this.form) {
      this.form.addEventListener("change", function (event) {
        if (event.target !== self.form) return;
        if (self.textarea.value === self.written) return;
        try {
          self.read();
        } catch (error) {
          return;
        }
        self.removed = null;
        self.render();
        self.schedulePreview();
      });
      // The title, address and language are the preview's too.
      var watched = ["title", "slug", "language"];
      var again = function (event) {
        if (event.target && watched.indexOf(event.target.name) >= 0) self.schedulePreview();
      };
      this.form.addEventListener("input", again);
      this.form.addEventListener("change", again);
    }
  };

  Editor.prototype.listenDrag = function () {
    var self = this;
    var dragged = null;
    function clearMarks() {
      Array.prototype.forEach.call(self.list.querySelectorAll(".be-drop-before, .be-drop-after"), function (node) {
        node.classList.remove("be-drop-before", "be-drop-after");
      });
    }
    function dropPlace(event) {
      var li = event.target.closest && event.target.closest(".be-block");
      if (!li || li.parentNode !== self.list) return null;
      var box = li.getBoundingClientRect();
      return { li: li, after: event.clientY > box.top + box.height / 2 };
    }
    // Only the handle starts a drag (text in the fields stays selectable); the whole
    // card is what is seen moving.
    this.list.addEventListener("dragstart", function (event) {
      var handle = event.target.closest && event.target.closest(".be-handle");
      var li = handle && handle.closest(".be-block");
      if (!li || li.parentNode !== self.list) return;
      dragged = li.getAttribute("data-key");
      li.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", self.typeLabel(self.entries[self.indexOf(dragged)]));
      if (event.dataTransfer.setDragImage) event.dataTransfer.setDragImage(li, 20, 20);
    });
    this.list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      var place = dropPlace(event);
      if (!place) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      clearMarks();
      if (place.li.getAttribute("data-key") !== dragged) {
        place.li.classList.add(place.after ? "be-drop-after" : "be-drop-before");
      }
    });
    this.list.addEventListener("dragleave", function (event) {
      if (!self.list.contains(event.relatedTarget)) clearMarks();
    });
    this.list.addEventListener("drop", function (event) {
      if (!dragged) return;
      var place = dropPlace(event);
      event.preventDefault();
      clearMarks();
      if (!place) return;
      var target = self.indexOf(place.li.getAttribute("data-key"));
      var from = self.indexOf(dragged);
      var to = target + (place.after ? 1 : 0);
      if (to > from) to -= 1;
      var key = dragged;
      dragged = null;
      self.move(key, to, key + ":toggle");
    });
    this.list.addEventListener("dragend", function () {
      dragged = null;
      clearMarks();
      Array.prototype.forEach.call(self.list.querySelectorAll(".be-block"), function (li) {
        li.classList.remove("is-dragging");
      });
    });
  };

  // ---- Live preview -------------------------------------------------------------------

  Editor.prototype.csrfToken = function () {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field && field.value) return field.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  };

  Editor.prototype.formValue = function (name) {
    var field = this.form && this.form.elements[name];
    return field && typeof field.value === "string" ? field.value : "";
  };

  Editor.prototype.schedulePreview = function () {
    if (!this.previewUrl || !this.frames) return;
    var self = this;
    if (this.previewTimer) window.clearTimeout(this.previewTimer);
    this.previewStatus.textContent = gettext("Updating…");
    this.previewTimer = window.setTimeout(function () {
      self.previewTimer = null;
      self.refreshPreview();
    }, PREVIEW_DELAY);
  };

  // The page as the form has it, posted into a new frame that replaces the shown one
  // once loaded (no flash, no history entry per change); the reader's scroll is kept.
  Editor.prototype.refreshPreview = function () {
    if (!this.frames) return;
    var self = this;
    if (this.pending) this.pending.remove();
    this.previewSeq = (this.previewSeq || 0) + 1;
    var name = this.previewName + "-" + this.previewSeq;
    var frame = el("iframe", {
      name: name, class: "be-frame is-loading", title: gettext("Live preview of the page"),
      tabindex: "-1", "aria-hidden": "true"
    });
    this.pending = frame;
    this.frames.appendChild(frame);
    this.previewStatus.textContent = gettext("Updating…");
    frame.addEventListener("load", function () {
      if (self.pending !== frame) return;
      self.pending = null;
      var old = self.frames.querySelector(".be-frame.is-shown");
      var scroll = 0;
      try { scroll = old ? old.contentWindow.scrollY : 0; } catch (error) { scroll = 0; }
      frame.classList.remove("is-loading");
      frame.classList.add("is-shown");
      frame.removeAttribute("tabindex");
      frame.removeAttribute("aria-hidden");
      if (old) old.remove();
      try { if (scroll) frame.contentWindow.scrollTo(0, scroll); } catch (error) { /* another origin */ }
      self.previewStatus.textContent = "";
    });
    var post = el("form", { method: "post", action: this.previewUrl, target: name, class: "be-preview-form", hidden: true });
    var fields = {
      csrfmiddlewaretoken: this.csrfToken(),
      blocks: JSON.stringify(this.value()),
      title: this.formValue("title"),
      slug: this.formValue("slug"),
      language: this.formValue("language")
    };
    Object.keys(fields).forEach(function (field) {
      var input = el("input", { type: "hidden", name: field });
      input.value = fields[field];
      post.appendChild(input);
    });
    document.body.appendChild(post);
    post.submit();
    post.remove();
  };

  // ---- Start --------------------------------------------------------------------------

  function startAll(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-blocks-editor]"), function (root) {
      if (root.hasAttribute("data-blocks-started")) return;
      // The inline formset's template for "Add another" is copied, never edited.
      var textarea = root.querySelector("textarea");
      if (!textarea || textarea.name.indexOf("__prefix__") >= 0 || root.closest(".empty-form")) return;
      root.setAttribute("data-blocks-started", "");
      new Editor(root).start();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { startAll(document); });
  document.addEventListener("formset:added", function (event) {
    if (event.target && event.target.querySelectorAll) startAll(event.target);
  });
})();
