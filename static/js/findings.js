// Findings panel of the quality gate: clicking a finding selects its passage in the editor's
// <textarea id="id_body">. Offsets from the server count Unicode code points in the body with
// "\n" line endings (what a textarea holds); when the text changed since the check, the passage is
// looked up by its excerpt, and the panel says so when it cannot be found.
(function () {
  "use strict";
  if (window.prizmFindings) return;
  window.prizmFindings = true;

  function body() {
    return document.getElementById("id_body");
  }

  // Code point offset → UTF-16 index (what setSelectionRange expects).
  function utf16Index(text, codePoints) {
    var i = 0;
    var n = 0;
    while (n < codePoints && i < text.length) {
      var c = text.codePointAt(i);
      i += c > 0xffff ? 2 : 1;
      n += 1;
    }
    return i;
  }

  function normalize(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function locate(item, area) {
    var text = area.value;
    var excerpt = normalize(item.getAttribute("data-excerpt")).replace(/…$/, "");
    var startAttr = item.getAttribute("data-start");
    if (startAttr !== null) {
      var start = utf16Index(text, parseInt(startAttr, 10));
      var end = utf16Index(text, parseInt(item.getAttribute("data-end"), 10));
      var here = normalize(text.slice(start, end));
      // Still in place when the range is part of the excerpt (a figure in its sentence) or starts it
      // (a long paragraph whose excerpt was shortened).
      if (end > start && here && (!excerpt || excerpt.indexOf(here) !== -1 || here.indexOf(excerpt.slice(0, 30)) === 0)) {
        return [start, end];
      }
    }
    if (excerpt) {
      var head = excerpt.slice(0, 60);
      var found = text.indexOf(head);
      if (found !== -1) return [found, found + Math.min(excerpt.length, text.length - found)];
    }
    return null;
  }

  // Height of the text before `start` as the textarea wraps it, measured on a hidden copy.
  var COPIED = ["boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "fontFamily", "fontSize",
    "fontWeight", "fontStyle", "letterSpacing", "lineHeight", "tabSize", "textIndent", "wordSpacing"];

  function scrollToSelection(area, start) {
    var style = window.getComputedStyle(area);
    var mirror = document.createElement("div");
    COPIED.forEach(function (prop) { mirror.style[prop] = style[prop]; });
    mirror.style.position = "absolute";
    mirror.style.visibility = "hidden";
    mirror.style.top = "0";
    mirror.style.left = "-9999px";
    mirror.style.whiteSpace = "pre-wrap";
    mirror.style.overflowWrap = "break-word";
    mirror.style.width = area.clientWidth + "px";
    mirror.style.boxSizing = "border-box";
    mirror.style.borderWidth = "0";
    mirror.textContent = area.value.slice(0, start) + "\u200b";
    document.body.appendChild(mirror);
    var offset = mirror.scrollHeight;
    mirror.remove();
    area.scrollTop = Math.max(0, offset - area.clientHeight / 3);
  }

  function select(item) {
    var area = body();
    var panel = item.closest("[data-findings-panel]");
    var missing = panel && panel.querySelector("[data-findings-missing]");
    if (!area) return;
    var range = locate(item, area);
    if (missing) missing.hidden = true;
    if (!range) {
      if (missing) {
        missing.textContent = panel.getAttribute("data-missing-text") || missing.getAttribute("data-text") || "";
        missing.hidden = false;
      }
      return;
    }
    document.querySelectorAll(".finding--active").forEach(function (el) {
      el.classList.remove("finding--active");
    });
    item.classList.add("finding--active");
    area.focus({ preventScroll: true });
    area.setSelectionRange(range[0], range[1]);
    scrollToSelection(area, range[0]);
    area.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function init(root) {
    if (!body()) return;
    root.querySelectorAll("[data-finding-locate]").forEach(function (button) {
      button.hidden = false;
    });
    root.querySelectorAll("[data-finding][data-start]").forEach(function (item) {
      item.classList.add("finding--clickable");
    });
  }

  document.addEventListener("click", function (event) {
    // Clicks in the panel's own forms (overrides) and on links or fields are theirs; the panel itself
    // may sit inside the editor's form.
    if (event.target.closest("[data-findings-panel] form, summary, a, textarea, input, select")) return;
    var item = event.target.closest("[data-finding]");
    if (item && item.closest("[data-findings-panel]")) select(item);
  });

  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "id_body") {
      document.querySelectorAll("[data-findings-stale]").forEach(function (el) {
        el.hidden = false;
      });
    }
  });

  function start() {
    document.querySelectorAll("[data-findings-panel]").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("htmx:afterSwap", function (event) {
    init(event.target);
  });
})();
