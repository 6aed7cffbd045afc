// The article editor: ordered sources, copy/fill buttons of the conflict view, and a warning before
// leaving with unsaved text. Autosave, presence and live preview are htmx attributes in the template.
(function () {
  "use strict";

  // UI strings in the page's language, from prizm.js (which loads first); French when absent.
  function text(key, french) {
    return window.Prizm && window.Prizm.text ? window.Prizm.text(key, french) : french;
  }

  function changed(form) {
    if (!form) return;
    form.dispatchEvent(new Event("input", { bubbles: true }));
    document.body.dispatchEvent(new CustomEvent("sources-changed"));
  }

  function emptyState(list) {
    var items = list.querySelectorAll(".source-order__item");
    var empty = list.querySelector(".source-order__empty");
    if (!items.length && !empty) {
      var li = document.createElement("li");
      li.className = "source-order__empty muted";
      li.textContent = list.getAttribute("data-empty") || "";
      list.appendChild(li);
    } else if (items.length && empty) {
      empty.remove();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var form = button.closest("form");
    var item = button.closest(".source-order__item");

    if (button.hasAttribute("data-source-move") && item) {
      if (button.getAttribute("data-source-move") === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (button.getAttribute("data-source-move") === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      button.focus();
      changed(form);
    } else if (button.hasAttribute("data-source-remove") && item) {
      var list = item.parentNode;
      var select = document.getElementById("source-add");
      if (select) {
        var option = document.createElement("option");
        option.value = item.getAttribute("data-source-id");
        option.textContent = item.querySelector(".source-order__name").firstChild.textContent;
        select.appendChild(option);
      }
      item.remove();
      emptyState(list);
      changed(form);
    } else if (button.hasAttribute("data-source-add")) {
      var picker = document.getElementById("source-add");
      var target = document.getElementById("source-list");
      var template = document.getElementById("source-item-template");
      if (!picker || !picker.value || !target || !template) return;
      var chosen = picker.options[picker.selectedIndex];
      var node = template.content.firstElementChild.cloneNode(true);
      node.setAttribute("data-source-id", chosen.value);
      node.querySelector("input").value = chosen.value;
      node.querySelector(".source-order__name").textContent = chosen.textContent;
      target.appendChild(node);
      chosen.remove();
      picker.value = "";
      emptyState(target);
      changed(form);
    } else if (button.hasAttribute("data-copy")) {
      var source = document.querySelector(button.getAttribute("data-copy"));
      if (!source) return;
      var done = function () {
        var label = button.textContent;
        button.textContent = text("copied", "Copié ✓");
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () { source.select(); });
      } else {
        source.removeAttribute("readonly");
        source.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
        source.setAttribute("readonly", "");
      }
    } else if (button.hasAttribute("data-fill")) {
      var to = document.querySelector(button.getAttribute("data-fill"));
      var from = document.querySelector(button.getAttribute("data-from"));
      if (to && from && window.confirm(text("merge_confirm", "Remplacer le texte fusionné ? (Vos deux textes restent affichés plus haut.)"))) {
        to.value = from.value;
        to.focus();
      }
    }
  });

  // Warn before leaving a page with typed text that was not saved (the autosave keeps it anyway).
  var dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("form[data-editor]")) dirty = true;
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-editor]")) dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A 409 on autosave or save: the server refused a stale write; say so next to the save button.
  document.addEventListener("htmx:responseError", function (event) {
    var status = document.getElementById("autosave-status");
    if (status && event.detail.xhr && event.detail.elt === status) {
      status.textContent = text("autosave_failed",
        "Brouillon automatique impossible pour l'instant : votre texte reste dans la page ; enregistrez ou réessayez.");
      status.classList.add("autosave-stale");
    }
  });
})();
