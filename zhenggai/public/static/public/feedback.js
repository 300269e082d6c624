/* The feedback form: a character count and, when "anonymous" is ticked, the contact fields off.
   Optional: the form works the same without it. */
document.addEventListener("DOMContentLoaded", function () {
  var message = document.getElementById("id_message");
  var counter = document.querySelector("[data-counter]");
  if (message && counter) {
    var max = parseInt(message.getAttribute("data-max"), 10);
    var update = function () {
      var n = message.value.trim().length;
      counter.textContent = "已输入 " + n + " / " + max + " 字";
      counter.classList.toggle("error", n > max);
    };
    counter.hidden = false;
    message.addEventListener("input", update);
    update();
  }
  var anonymous = document.getElementById("id_anonymous");
  if (anonymous) {
    var fields = ["id_contact_name", "id_contact_phone", "id_contact_email"].map(function (id) { return document.getElementById(id); });
    var toggle = function () {
      fields.forEach(function (f) { if (f) { f.disabled = anonymous.checked; } });
    };
    anonymous.addEventListener("change", toggle);
    toggle();
  }
});
