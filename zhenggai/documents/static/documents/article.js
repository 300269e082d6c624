/* An official document shown inside a page: the sizes computed for this document (a long issuer's
   smaller font, table column widths) arrive as data attributes, since the page's Content-Security-Policy
   refuses inline style attributes; they are applied here through the CSSOM, which the policy allows. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var i, els = document.querySelectorAll(".gw-doc [data-font-pt]");
  for (i = 0; i < els.length; i++) els[i].style.fontSize = parseFloat(els[i].getAttribute("data-font-pt")) + "pt";
  els = document.querySelectorAll(".gw-doc col[data-width]");
  for (i = 0; i < els.length; i++) els[i].style.width = parseFloat(els[i].getAttribute("data-width")) + "%";
});
