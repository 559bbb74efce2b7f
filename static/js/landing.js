/* A landing page: count this visitor once (with the version shown), and play a
   platform's video only when asked (the poster until then, nothing loaded from it). */
(function () {
  "use strict";
  var landing = document.querySelector("[data-landing-seen]");
  if (landing) {
    var body = new URLSearchParams();
    body.set("version", landing.dataset.version || "0");
    fetch(landing.dataset.landingSeen, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: body,
      keepalive: true
    }).then(function (response) {
      // Read the (small) answer: a response left unread stays open in the browser, and
      // tools that wait for the network to go quiet (Lighthouse) never see it end.
      return response.text();
    }).catch(function () {});
  }
  document.querySelectorAll("a[data-player]").forEach(function (poster) {
    poster.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = poster.dataset.player;
      frame.title = poster.dataset.title || "";
      frame.allow = "autoplay; fullscreen; picture-in-picture";
      frame.allowFullscreen = true;
      frame.className = "lp-video-frame";
      poster.replaceWith(frame);
      frame.focus();
    });
  });
})();
