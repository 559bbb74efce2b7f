/* The article page's live parts. The HTML is the same for every visitor (it may come
   from a cache), so this script asks the server for what is personal: it sends the view
   beacon once the page has loaded and shows the fresh view and like counts, whether
   this visitor likes the article, and upgrades the Like form (which otherwise opens a
   small page of its own) to a toggle button that needs no reload. */
(function () {
  "use strict";

  var article = document.querySelector("[data-article]");
  if (!article || !window.fetch) return;

  var form = document.querySelector("[data-like-form]");
  var button = form && form.querySelector("[data-like-button]");
  var csrfToken = null;
  var busy = false;

  function formatCount(value) {
    try {
      return Number(value).toLocaleString(document.documentElement.lang || undefined);
    } catch (error) {
      return String(value);
    }
  }

  function showViews(count) {
    var number = document.querySelector("[data-view-count]");
    var label = document.querySelector("[data-view-label]");
    if (number) number.textContent = formatCount(count);
    if (label) label.textContent = count === 1 ? label.dataset.one : label.dataset.other;
  }

  function showLike(liked, count) {
    if (!button) return;
    button.setAttribute("aria-pressed", liked ? "true" : "false");
    var number = button.querySelector("[data-like-count]");
    if (number) number.textContent = formatCount(count);
  }

  function postJSON(url, headers) {
    headers = headers || {};
    headers.Accept = "application/json";
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      keepalive: true
    }).then(function (response) {
      return response.json().then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function sendBeacon() {
    postJSON(article.dataset.beaconUrl).then(function (result) {
      if (!result.ok) return;
      var data = result.data;
      csrfToken = data.csrf_token || null;
      showViews(data.view_count);
      showLike(data.liked, data.like_count);
    }).catch(function () { /* Counting is best effort; the page works without it. */ });
  }

  if (form && button) {
    form.addEventListener("submit", function (event) {
      // Without a token (the beacon failed) the form falls back to its own page.
      if (!csrfToken) return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      button.setAttribute("aria-busy", "true");
      postJSON(form.action, { "X-CSRFToken": csrfToken }).then(function (result) {
        if (result.ok) {
          showLike(result.data.liked, result.data.like_count);
        } else if (result.data && result.data.error) {
          button.title = result.data.error;
        }
      }).catch(function () {
        form.submit();
      }).then(function () {
        busy = false;
        button.removeAttribute("aria-busy");
      });
    });
  }

  if (document.readyState === "complete") {
    sendBeacon();
  } else {
    window.addEventListener("load", sendBeacon);
  }
})();
