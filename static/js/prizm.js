// Small progressive enhancements. Everything works without JavaScript except htmx swaps.
(function () {
  "use strict";

  // --- Toasts ---------------------------------------------------------------------------------
  // Flash messages and toasts live in #toast. The stack never takes clicks (CSS: pointer-events:
  // none; only a visible toast's close button takes them), and a toast that has faded is removed
  // from the DOM, so nothing invisible ever sits on top of a button.
  var FADE_MS = 400;

  function dismiss(el) {
    if (!el || el.classList.contains("flash--gone")) return;
    el.classList.add("flash--gone");
    var removed = false;
    function remove() {
      if (removed) return;
      removed = true;
      el.remove();
    }
    el.addEventListener("transitionend", remove);
    setTimeout(remove, FADE_MS + 100); // no transition (reduced motion) or a missed event
  }

  function autoDismiss(el, delay) {
    setTimeout(function () { dismiss(el); }, delay);
  }

  function closeButton(label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "flash__close";
    button.setAttribute("data-flash-close", "");
    button.setAttribute("aria-label", label || "Fermer ce message");
    var cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "×";
    button.appendChild(cross);
    return button;
  }

  function toast(text, kind, delay) {
    var stack = document.getElementById("toast");
    if (!stack) return null;
    var div = document.createElement("div");
    div.className = "flash flash-" + (kind || "info");
    var span = document.createElement("span");
    span.className = "flash__text";
    span.textContent = text;
    div.appendChild(span);
    div.appendChild(closeButton(stack.getAttribute("data-close-label") || text("close", "Fermer ce message")));
    stack.appendChild(div);
    if (delay) autoDismiss(div, delay);
    return div;
  }

  // Success and information messages fade after a while; errors and warnings stay until closed.
  function start() {
    document.querySelectorAll("#toast .flash-success, #toast .flash-info").forEach(function (el) {
      autoDismiss(el, 6000);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-flash-close]");
    if (close) dismiss(close.closest(".flash"));
  });

  // Confirmation before destructive actions: <button data-confirm="…">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // UI strings in the page's language (templates/partials/js_strings.html), French when absent.
  var strings = null;
  function text(key, french) {
    if (strings === null) {
      var data = document.getElementById("prizm-strings");
      try { strings = data ? JSON.parse(data.textContent) : {}; } catch (e) { strings = {}; }
    }
    return strings[key] || french;
  }
  // Shared with the page scripts that load after this one (editor.js).
  window.Prizm = window.Prizm || {};
  window.Prizm.text = text;

  // A failed htmx request must never be silent.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    toast(status === 403 ? text("forbidden", "Action non autorisée.") :
      status === 409 ? text("conflict", "Conflit : le contenu a changé entre-temps.") :
      text("request_failed", "La requête a échoué ({status}). Rien n'est perdu : réessayez.").replace("{status}", status),
      "error", 8000);
  });
  document.addEventListener("htmx:sendError", function () {
    toast(text("unreachable", "Serveur injoignable. Vérifiez votre connexion ; rien n'est perdu."), "error", 8000);
  });

  // --- Wide tables ----------------------------------------------------------------------------
  // A table wider than the screen scrolls inside its .table-wrap; when the table has nothing
  // focusable, the wrapper takes the focus so that the keyboard can scroll it too.
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var auto = wrap.hasAttribute("data-auto-tabindex");
      if (scrolls && !wrap.hasAttribute("tabindex") && !wrap.querySelector(FOCUSABLE)) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("data-auto-tabindex", "");
      } else if (!scrolls && auto) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("data-auto-tabindex");
      }
    });
  }
  scrollableTables();
  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(scrollableTables, 150);
  });
  document.addEventListener("htmx:afterSettle", scrollableTables);

  // --- Behaviours written as data attributes (the Content-Security-Policy allows no inline script,
  // no inline style and no htmx hx-on evaluation) --------------------------------------------------
  // <div class="progress__bar" data-progress="42">: its width, set here and after every htmx swap.
  function progressBars(root) {
    (root || document).querySelectorAll("[data-progress]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-progress")) || 0));
      bar.style.width = value + "%";
    });
  }
  // A model's streamed text (job page) shows its latest words: scrolled to the end after each poll.
  function liveText(root) {
    (root || document).querySelectorAll(".job-live__text").forEach(function (box) { box.scrollTop = box.scrollHeight; });
  }
  progressBars();
  liveText();
  document.addEventListener("htmx:load", function (event) { progressBars(event.target); liveText(event.target); });
  document.addEventListener("click", function (event) {
    // <button data-remove-closest="fieldset">: removes that ancestor (a form row added by mistake).
    var remover = event.target.closest && event.target.closest("[data-remove-closest]");
    if (remover) {
      var row = remover.closest(remover.getAttribute("data-remove-closest"));
      if (row) row.remove();
    }
    // <input data-select-on-click>: a click selects the whole value (a link to copy).
    var field = event.target.closest && event.target.closest("[data-select-on-click]");
    if (field && field.select) field.select();
  });

  // --- Studio menu ----------------------------------------------------------------------------
  // A <details> disclosure: it works without JavaScript. On wide screens CSS shows its content
  // whether it is open or not; where the browser cannot do that (no ::details-content), open it.
  // Escape closes it on small screens and gives the focus back to its button.
  var menu = document.querySelector("details.studio-menu");
  if (menu) {
    var wide = window.matchMedia("(min-width: 1180px)");
    var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    if (!styled && wide.matches) menu.open = true;
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        var summary = menu.querySelector("summary");
        if (summary) summary.focus();
      }
    });
  }
})();
