/* Share bar of an article. Without this file "Generate poster" is a plain link to the
   PNG and the WeChat QR opens in <details>; with it the poster opens in a dialog (drawn
   only when asked for) and "Copy link" appears. */
(function () {
  "use strict";

  document.querySelectorAll("[data-share]").forEach(function (share) {
    var dialog = share.querySelector("[data-poster-dialog]");
    var opener = share.querySelector("[data-poster-open]");
    var image = share.querySelector("[data-poster-image]");
    var loading = share.querySelector("[data-poster-loading]");
    var status = share.querySelector("[data-share-status]");

    if (dialog && opener && image && typeof dialog.showModal === "function") {
      opener.setAttribute("aria-haspopup", "dialog");
      opener.addEventListener("click", function (event) {
        event.preventDefault();
        if (!image.getAttribute("src")) {
          image.addEventListener("load", function () {
            image.hidden = false;
            loading.hidden = true;
          }, { once: true });
          image.addEventListener("error", function () {
            loading.textContent = loading.getAttribute("data-failed");
          }, { once: true });
          image.src = image.getAttribute("data-src");
        }
        dialog.showModal();
      });
      share.querySelector("[data-poster-close]").addEventListener("click", function () {
        dialog.close();
      });
      // A click on the backdrop (outside the box) closes it too.
      dialog.addEventListener("click", function (event) {
        if (event.target === dialog) dialog.close();
      });
      dialog.addEventListener("close", function () { opener.focus(); });
    }

    var copy = share.querySelector("[data-copy-link]");
    if (copy && status) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var url = copy.getAttribute("data-copy-link");
        var done = function () { status.textContent = status.getAttribute("data-copied"); };
        var failed = function () {
          status.textContent = status.getAttribute("data-copy-failed") + " " + url;
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, failed);
        } else {
          failed();
        }
      });
    }
  });
})();
