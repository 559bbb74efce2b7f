/* Progressive enhancement for the header menu. Without this file the menu still works:
   the Menu link opens #site-nav through :target, dropdowns open on hover and focus. */
(function () {
  "use strict";

  var nav = document.getElementById("site-nav");
  var toggle = document.querySelector("[data-nav-toggle]");
  if (!nav || !toggle) return;

  function setOpen(open) {
    nav.classList.toggle("is-open", open);
    toggle.setAttribute("aria-expanded", String(open));
  }

  toggle.setAttribute("role", "button");
  toggle.addEventListener("click", function (event) {
    event.preventDefault();
    setOpen(!nav.classList.contains("is-open"));
  });
  toggle.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      event.preventDefault();
      setOpen(!nav.classList.contains("is-open"));
    }
  });
  var close = nav.querySelector("[data-nav-close]");
  if (close) {
    close.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(false);
      toggle.focus();
    });
  }

  // Dropdowns: a button beside each parent opens its submenu for touch and keyboard users.
  nav.querySelectorAll(".submenu-toggle").forEach(function (button) {
    var item = button.closest(".menu-item");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      nav.querySelectorAll(".menu-item.is-open").forEach(function (other) {
        if (other !== item) {
          other.classList.remove("is-open");
          other.querySelector(".submenu-toggle").setAttribute("aria-expanded", "false");
        }
      });
      item.classList.toggle("is-open", open);
      item.classList.toggle("is-closed", !open);
      button.setAttribute("aria-expanded", String(open));
    });
    item.addEventListener("mouseleave", function () { item.classList.remove("is-closed"); });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = nav.querySelector(".menu-item.is-open, .menu-item:focus-within");
    if (open && open.classList.contains("has-children")) {
      open.classList.remove("is-open");
      open.classList.add("is-closed");
      var button = open.querySelector(".submenu-toggle");
      button.setAttribute("aria-expanded", "false");
      button.focus();
    } else if (nav.classList.contains("is-open")) {
      setOpen(false);
      toggle.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) {
      nav.querySelectorAll(".menu-item.is-open").forEach(function (item) {
        item.classList.remove("is-open");
        item.querySelector(".submenu-toggle").setAttribute("aria-expanded", "false");
      });
    }
  });
})();
