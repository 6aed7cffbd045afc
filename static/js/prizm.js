// Small progressive enhancements. Everything works without JavaScript except htmx swaps.
(function () {
  "use strict";
  // Flash messages fade after a while; errors stay until dismissed.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".flash-success, .flash-info").forEach(function (el) {
      setTimeout(function () { el.classList.add("flash--gone"); }, 6000);
    });
  });
  // Confirmation before destructive actions: <button data-confirm="…">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // A failed htmx request must never be silent.
  document.addEventListener("htmx:responseError", function (event) {
    var toast = document.getElementById("toast");
    if (!toast) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var div = document.createElement("div");
    div.className = "flash flash-error";
    div.textContent = status === 403 ? "Action non autorisée." :
      status === 409 ? "Conflit : le contenu a changé entre-temps." :
      "La requête a échoué (" + status + "). Rien n'est perdu : réessayez.";
    toast.appendChild(div);
    setTimeout(function () { div.remove(); }, 8000);
  });
  document.addEventListener("htmx:sendError", function () {
    var toast = document.getElementById("toast");
    if (!toast) return;
    var div = document.createElement("div");
    div.className = "flash flash-error";
    div.textContent = "Serveur injoignable. Vérifiez votre connexion ; rien n'est perdu.";
    toast.appendChild(div);
    setTimeout(function () { div.remove(); }, 8000);
  });
})();
