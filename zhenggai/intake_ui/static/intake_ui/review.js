/* Review page of an imported notice: focusing or hovering a field highlights its source span(s) in the
   marked-up text; clicking a highlighted span focuses its field. Plain ES5, no dependencies. */
(function () {
  "use strict";
  var source = document.getElementById("intake-source");
  var form = document.getElementById("intake-form");
  if (!source || !form) return;
  var panel = source.parentNode;
  var active = [];

  function spanOwner(el) {
    while (el && el !== form && el.nodeType === 1) {
      if (el.getAttribute("data-span")) return el;
      el = el.parentNode;
    }
    return null;
  }

  function clear() {
    for (var i = 0; i < active.length; i++) active[i].classList.remove("active");
    active = [];
  }

  function show(keys, scroll) {
    clear();
    var list = (keys || "").split(/\s+/);
    for (var i = 0; i < list.length; i++) {
      if (!/^[\w-]+$/.test(list[i])) continue;
      var marks = source.querySelectorAll('mark[data-field="' + list[i] + '"]');
      for (var j = 0; j < marks.length; j++) {
        marks[j].classList.add("active");
        active.push(marks[j]);
      }
    }
    if (scroll && active.length) {
      var top = active[0].getBoundingClientRect().top - panel.getBoundingClientRect().top;
      if (top < 40 || top > panel.clientHeight - 40) panel.scrollTop += top - panel.clientHeight / 3;
    }
  }

  form.addEventListener("focusin", function (event) {
    var owner = spanOwner(event.target);
    if (owner) show(owner.getAttribute("data-span"), true);
    else clear();
  });
  form.addEventListener("mouseover", function (event) {
    var owner = spanOwner(event.target);
    if (owner) show(owner.getAttribute("data-span"), false);
  });
  form.addEventListener("mouseout", function (event) {
    var focused = spanOwner(document.activeElement);
    if (focused) show(focused.getAttribute("data-span"), false);
    else if (!spanOwner(event.relatedTarget)) clear();
  });
  source.addEventListener("click", function (event) {
    var el = event.target;
    while (el && el !== source && el.tagName !== "MARK") el = el.parentNode;
    if (!el || el === source) return;
    var key = el.getAttribute("data-field");
    var fields = form.querySelectorAll("input[data-span], textarea[data-span], select[data-span]");
    for (var i = 0; i < fields.length; i++) {
      if ((" " + fields[i].getAttribute("data-span") + " ").indexOf(" " + key + " ") >= 0) {
        fields[i].focus();
        return;
      }
    }
  });
})();
