/* Behaviour every page shares, kept out of the markup so the Content-Security-Policy can forbid inline
   script: a <select data-autosubmit> submits its form when changed (the language switch), and a
   <form data-confirm="…"> asks before it is sent (deletions, publishing). Plain ES5. */
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
})();
