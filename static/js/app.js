/* Copy-link buttons, and the service worker that keeps opened pages readable offline. */
(function () {
  "use strict";
  document.querySelectorAll("button.copy-link").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = button.closest(".share").querySelector(".copy-status");
      var done = function () { status.textContent = button.dataset.done; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(button.dataset.url).then(done, function () {
          window.prompt("", button.dataset.url);
        });
      } else {
        window.prompt("", button.dataset.url);
      }
    });
  });
  if ("serviceWorker" in navigator && location.pathname.indexOf("/admin") === -1) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
})();
