// Shows why the editor's image upload was refused (a block, a protection, a rate
// limit, a file that is not an image) instead of django-markdownx's bare
// "Invalid response", which it also types into the text: that is taken out again.
(function () {
  "use strict";
  var MARKDOWNX_PLACEHOLDER = "Invalid response";

  function messageOf(detail) {
    var response = detail && detail[0];
    try {
      var data = typeof response === "string" ? JSON.parse(response) : response;
      if (data && data.image && data.image.length) {
        return data.image.join(" ");
      }
    } catch (ignored) {
      // Not JSON: a proxy's error page, say.
    }
    return "The image could not be uploaded.";
  }

  function showError(container, text) {
    var box = container.querySelector(".editor-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "editor-error";
      box.setAttribute("role", "alert");
      container.appendChild(box);
    }
    box.textContent = text;
  }

  function removePlaceholder(editor) {
    var end = editor.selectionStart;
    var start = end - MARKDOWNX_PLACEHOLDER.length;
    if (start >= 0 && editor.value.substring(start, end) === MARKDOWNX_PLACEHOLDER) {
      editor.value = editor.value.substring(0, start) + editor.value.substring(end);
      editor.selectionStart = editor.selectionEnd = start;
    }
  }

  function init() {
    document.querySelectorAll(".markdownx").forEach(function (container) {
      var editor = container.querySelector("textarea");
      container.addEventListener("markdownx.fileUploadError", function (event) {
        showError(container, messageOf(event.detail));
        // markdownx inserts its placeholder right after raising this event.
        window.setTimeout(function () { removePlaceholder(editor); }, 0);
      });
      container.addEventListener("markdownx.fileUploadEnd", function () {
        var box = container.querySelector(".editor-error");
        if (box) { box.remove(); }
      });
    });
  }

  // The form's media is loaded in the page's head, before the editors exist.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
