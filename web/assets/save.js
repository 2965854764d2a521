// The save workflow's page script. A form sent by htmx that fails with an
// error the person can fix (400, 409) comes back as the page with the error
// beside the form: swap it in like a success, so nothing typed is lost.
// Any other error is shown as a banner at the top of the page. Pages work
// without it: the forms post and redirect on their own.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status === 400 || status === 409) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  document.addEventListener("htmx:responseError", function (e) {
    var status = e.detail.xhr.status;
    if (status === 400 || status === 409) return;
    var msg = "Something went wrong (" + status + ").";
    try {
      var doc = new DOMParser().parseFromString(e.detail.xhr.responseText, "text/html");
      var lead = doc.querySelector(".error-page .lead");
      if (lead && lead.textContent) msg = lead.textContent;
    } catch (err) { /* keep the generic message */ }
    var main = document.querySelector("main");
    if (!main) return;
    var old = main.querySelector(".flash-error");
    if (old) old.remove();
    var box = document.createElement("p");
    box.className = "form-error flash-error";
    box.setAttribute("role", "alert");
    box.textContent = msg;
    main.insertBefore(box, main.firstChild);
    box.scrollIntoView({ block: "nearest" });
  });
})();
