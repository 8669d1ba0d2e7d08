// The passage page's copy button: shown only where a script runs (the page is whole without
// it: the citation is there to select), it copies the citation's text to the clipboard and
// says so.  Served from this app, so the Content-Security-Policy's script-src 'self' allows it.
"use strict";

(function () {
  function copied(button, hint, message) {
    button.textContent = message;
    button.classList.add("done");
    if (hint) hint.textContent = message + ".";
    setTimeout(function () {
      button.textContent = "Copy citation";
      button.classList.remove("done");
    }, 2000);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var hint = document.getElementById("copy-hint");
    if (!source) return;
    var text = source.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button, hint, "Copied"); },
        function () { selectText(source); copied(button, hint, "Selected: press Ctrl+C to copy"); });
    } else {
      // an address other than localhost over plain http has no clipboard API: select instead
      selectText(source);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      copied(button, hint, ok ? "Copied" : "Selected: press Ctrl+C to copy");
    }
  }

  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
