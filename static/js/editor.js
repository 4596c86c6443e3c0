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
      // The body of a failed request (a network error), not our JSON.
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

  // markdownx raises the error event first, then writes its placeholder over the
  // selection and moves the caret to the end: the selection is remembered before.
  function restoreSelection(editor, start, selected) {
    var placeholderEnd = start + MARKDOWNX_PLACEHOLDER.length;
    if (editor.value.substring(start, placeholderEnd) === MARKDOWNX_PLACEHOLDER) {
      editor.value = editor.value.substring(0, start) + selected +
        editor.value.substring(placeholderEnd);
      editor.selectionStart = start;
      editor.selectionEnd = start + selected.length;
    }
  }

  function init() {
    document.querySelectorAll(".markdownx").forEach(function (container) {
      var editor = container.querySelector("textarea");
      var refused = function (event) {
        var start = editor.selectionStart;
        var selected = editor.value.substring(start, editor.selectionEnd);
        showError(container, messageOf(event.detail));
        window.setTimeout(function () {
          restoreSelection(editor, start, selected);
        }, 0);
      };
      // markdownx names the event without its prefix when the network fails.
      container.addEventListener("markdownx.fileUploadError", refused);
      container.addEventListener("fileUploadError", refused);
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
