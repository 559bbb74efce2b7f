// Ask before leaving a change form with unsaved changes (typed into a field or into
// the rich-text editor); saving, or going back to the stored version, asks nothing.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#content-main form[method=post]");
    if (!form || !form.querySelector("input[name=_version]")) return;
    var dirty = false;
    function changed() { dirty = true; }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () { dirty = false; });
    if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", function (event) {
        event.editor.on("change", changed);
      });
    }
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return undefined;
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  });
})();
