// Bulk selection on lists: a checkbox with data-check-all="FORM" ticks
// every box of that form, one with data-check-group ticks the boxes of its
// group, and data-checked-count="FORM" says how many are ticked. Pages
// work without it: each box can still be ticked by hand.
(function () {
  "use strict";

  function boxes(form) {
    return Array.prototype.slice.call(document.querySelectorAll('input[type=checkbox][form="' + form + '"]'));
  }

  function count(form) {
    var n = boxes(form).filter(function (b) { return b.checked; }).length;
    document.querySelectorAll('[data-checked-count="' + form + '"]').forEach(function (el) {
      el.textContent = n + " selected";
    });
  }

  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t || t.type !== "checkbox") return;
    if (t.dataset.checkAll) {
      boxes(t.dataset.checkAll).forEach(function (b) { b.checked = t.checked; });
      document.querySelectorAll("[data-check-group]").forEach(function (g) { g.checked = t.checked; });
      count(t.dataset.checkAll);
      return;
    }
    if (t.hasAttribute("data-check-group")) {
      var group = t.closest(".al-group, [data-group]");
      var form = null;
      if (group) {
        group.querySelectorAll("input[type=checkbox][form]").forEach(function (b) { b.checked = t.checked; form = b.getAttribute("form"); });
      }
      if (form) count(form);
      return;
    }
    var f = t.getAttribute("form");
    if (f) count(f);
  });
})();
