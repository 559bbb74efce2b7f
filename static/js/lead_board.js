/* The pipeline board. Without this file every card still moves: its form posts a stage
   (and a lost reason) and the page comes back with a message.

   With it a card is dragged to another column, or moved by keyboard (focus the card and
   press the left or right arrow key, or use its menu); each move is announced in the
   page's live region. Moving to "Lost" asks for the reason in a dialog: cancelled, the
   card goes back. The endpoint answers JSON with the new column totals. */
(function () {
  "use strict";

  var board = document.querySelector(".lead-board");
  if (!board) return;
  var live = document.getElementById("lead-board-status");
  var dialog = document.getElementById("lead-lost-dialog");
  var columns = Array.prototype.slice.call(board.querySelectorAll(".lead-board-column"));
  var dragged = null;
  // With this script, moving to "Lost" asks in a dialog: the cards' reason menus go.
  if (dialog && typeof dialog.showModal === "function") board.classList.add("is-scripted");

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function columnOf(card) { return card.closest(".lead-board-column"); }

  function csrfToken() {
    var input = board.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function askReason(card) {
    return new Promise(function (resolve) {
      if (!dialog || typeof dialog.showModal !== "function") {
        resolve(null);
        return;
      }
      var select = dialog.querySelector("select");
      var error = dialog.querySelector(".lead-lost-error");
      dialog.querySelector("#lead-lost-lead").textContent = card.getAttribute("data-name");
      select.value = "";
      error.hidden = true;
      function onClose() {
        dialog.removeEventListener("close", onClose);
        resolve(dialog.returnValue === "confirm" && select.value ? select.value : null);
      }
      dialog.addEventListener("close", onClose);
      dialog.returnValue = "";
      dialog.showModal();
      select.focus();
    });
  }

  if (dialog) {
    dialog.querySelector("button[value=confirm]").addEventListener("click", function (event) {
      if (!dialog.querySelector("select").value) {
        event.preventDefault();
        dialog.querySelector(".lead-lost-error").hidden = false;
        dialog.querySelector("select").focus();
      }
    });
  }

  function updateTotals(data) {
    columns.forEach(function (column) {
      var totals = data[column.getAttribute("data-status")];
      if (!totals) return;
      column.querySelector("[data-count]").textContent = totals.count;
      column.querySelector("[data-total]").textContent = totals.total_display;
    });
  }

  function place(card, column) {
    var list = column.querySelector("[data-dropzone]");
    list.insertBefore(card, list.firstChild);
    card.setAttribute("aria-describedby", column.getAttribute("aria-labelledby"));
    var select = card.querySelector("select[name=status]");
    if (select) select.value = column.getAttribute("data-status");
  }

  function move(card, target) {
    var origin = columnOf(card);
    var name = card.getAttribute("data-name");
    if (!target || target === origin) return;
    var status = target.getAttribute("data-status");
    var reason = status === "lost" ? askReason(card) : Promise.resolve("");
    reason.then(function (reasonId) {
      if (reasonId === null) {
        place(card, origin);
        card.focus();
        announce(board.getAttribute("data-moved-back")
          .replace("%(lead)s", name).replace("%(stage)s", origin.getAttribute("data-label")));
        return;
      }
      var body = new FormData();
      body.append("status", status);
      body.append("lost_reason", reasonId);
      new URLSearchParams(window.location.search).forEach(function (value, key) {
        if (key.indexOf("show_") !== 0) body.append(key, value);
      });
      card.setAttribute("aria-busy", "true");
      fetch(card.getAttribute("data-move-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" }
      })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          card.removeAttribute("aria-busy");
          if (!result.ok || !result.data.ok) throw new Error(result.data.error || "");
          place(card, target);
          updateTotals(result.data.columns);
          card.focus();
          announce(result.data.message);
        })
        .catch(function (error) {
          card.removeAttribute("aria-busy");
          place(card, origin);
          card.focus();
          announce((error && error.message) || board.getAttribute("data-move-error"));
        });
    });
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".lead-card");
    if (!card) return;
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    columns.forEach(function (c) { c.classList.remove("is-over"); });
  });
  columns.forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("is-over");
    });
    column.addEventListener("dragleave", function () { column.classList.remove("is-over"); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("is-over");
      var card = dragged;
      dragged = null;
      if (card) move(card, column);
    });
  });

  board.addEventListener("keydown", function (event) {
    var card = event.target;
    if (!card.classList || !card.classList.contains("lead-card")) return;
    if (card.getAttribute("draggable") !== "true") return;
    var index = columns.indexOf(columnOf(card));
    if (event.key === "ArrowRight" && index < columns.length - 1) {
      event.preventDefault();
      move(card, columns[index + 1]);
    } else if (event.key === "ArrowLeft" && index > 0) {
      event.preventDefault();
      move(card, columns[index - 1]);
    }
  });

  board.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("lead-card-move")) return;
    var select = form.querySelector("select[name=status]");
    var reason = form.querySelector("select[name=lost_reason]");
    // A lost reason chosen in the card's own menu is sent as the form would send it.
    if (select.value === "lost" && reason && reason.value) return;
    event.preventDefault();
    var card = form.closest(".lead-card");
    var target = board.querySelector('.lead-board-column[data-status="' + select.value + '"]');
    move(card, target);
  });
})();
