/* Lead forms. Without this file every form still works: /contact/ carries its own token,
   and an embedded form sent without one comes back from /contact/ filled in, to confirm.

   Embedded forms sit in pages that a shared cache serves to every visitor, so their HTML
   has no per-visitor token. This fetches one from the never-cached /contact/token/ when
   the form comes into view (or at the latest when it is sent), and stops double sends. */
(function () {
  "use strict";

  function withToken(form) {
    var input = form.querySelector("input[name=token]");
    var url = form.getAttribute("data-token-url");
    var pending = null;

    function fetchToken() {
      if (!input || !url || input.value) return Promise.resolve();
      if (!pending) {
        pending = fetch(url, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) { return response.ok ? response.json() : {}; })
          .then(function (data) { if (data.token && !input.value) input.value = data.token; })
          .catch(function () { pending = null; });
      }
      return pending;
    }

    if (url && input && !input.value) {
      if ("IntersectionObserver" in window) {
        var observer = new IntersectionObserver(function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) {
            observer.disconnect();
            fetchToken();
          }
        }, { rootMargin: "600px 0px" });
        observer.observe(form);
      } else {
        fetchToken();
      }
      form.addEventListener("focusin", fetchToken, { once: true });
    }
    return fetchToken;
  }

  document.querySelectorAll("form[data-lead-form]").forEach(function (form) {
    var fetchToken = withToken(form);
    var sending = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return;
      sending = true;
      var button = form.querySelector("[data-lead-submit]");
      if (button) button.disabled = true;
      // Sent with or without a token: without one, the server asks to confirm.
      fetchToken().then(function () { form.submit(); }, function () { form.submit(); });
    });
    // Back/forward cache: a page restored after sending must be usable again.
    window.addEventListener("pageshow", function () {
      sending = false;
      var button = form.querySelector("[data-lead-submit]");
      if (button) button.disabled = false;
    });
  });
})();
