/* global CKEDITOR */
// Sends Django's CSRF token with every upload CKEditor makes (the image dialog's
// "Send it to the Server", pasted and dropped images): the upload view is not exempt.
// CKEditor adds the fileTools_requestHeaders to each upload request it sends.
;(() => {
  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]")
    if (field && field.value) {
      return field.value
    }
    const cookie = document.cookie
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith("csrftoken="))
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : ""
  }

  CKEDITOR.plugins.add("djangocsrf", {
    init(editor) {
      const headers = Object.assign({}, editor.config.fileTools_requestHeaders)
      headers["X-CSRFToken"] = csrfToken()
      editor.config.fileTools_requestHeaders = headers
      // The dialog's upload goes through the same requests, never a plain form post
      // (which could carry no header).
      editor.config.filebrowserUploadMethod = "xhr"
    },
  })
})()
