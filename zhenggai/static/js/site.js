/* Behaviour every page shares, kept out of the markup so the Content-Security-Policy can forbid inline
   script: a <select data-autosubmit> submits its form when changed (the language switch), and a
   <form data-confirm="…"> asks before it is sent (deletions, publishing), and the header's menu
   (<details data-menu>, open in the markup so that it works without script) is folded away on a
   narrow screen, where its button opens it. Plain ES5. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  // The width below which the stylesheet shows the menu's button (zhenggai.css, "Phones").
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 800px)") : null;
  function fitMenus() {
    var menus = document.querySelectorAll("details[data-menu]");
    for (var i = 0; i < menus.length; i++) menus[i].open = !(narrow && narrow.matches);
  }
  fitMenus();
  if (narrow) {
    if (narrow.addEventListener) narrow.addEventListener("change", fitMenus);
    else if (narrow.addListener) narrow.addListener(fitMenus);
  }
  // On a phone the open menu lies over the page: Escape or a tap outside it folds it again.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !narrow || !narrow.matches) return;
    var menus = document.querySelectorAll("details[data-menu][open]");
    for (var i = 0; i < menus.length; i++) menus[i].open = false;
  });
  document.addEventListener("click", function (event) {
    if (!narrow || !narrow.matches) return;
    var menus = document.querySelectorAll("details[data-menu][open]");
    for (var i = 0; i < menus.length; i++) if (!menus[i].contains(event.target)) menus[i].open = false;
  });
})();
