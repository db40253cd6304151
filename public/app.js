// zhangjie: progressive enhancement only. Every page works without this file.
(function () {
  "use strict";
  var live = document.getElementById("live");
  function announce(msg) {
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = msg; }, 30);
  }

  function absolute(href) {
    try { return new URL(href, window.location.href).href; } catch (e) { return href; }
  }

  // Copy via the async clipboard API; fall back to a hidden textarea for older browsers.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "visually-hidden";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }

  function flash(button, label) {
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = label;
    button.classList.add("done");
    window.setTimeout(function () { button.textContent = original; button.classList.remove("done"); }, 2000);
  }

  function citationFor(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target") || "");
    var text = target ? target.textContent.trim() : button.getAttribute("data-citation") || "";
    var url = button.getAttribute("data-copy-url");
    var cited = url ? text + " " + absolute(url) : text;
    // "Copy the quoted text with its citation": “原文”《…》… URL
    var quote = document.getElementById(button.getAttribute("data-copy-quote") || "");
    return quote ? "“" + quote.textContent.trim() + "”" + cited : cited;
  }

  // Search cards and the passage page: reveal the copy buttons the server rendered hidden.
  document.querySelectorAll(".copy-btn[data-copy-target]").forEach(function (b) { b.hidden = false; });

  // Reader: a copy button beside each 引用 link, built from the link's data-citation.
  document.querySelectorAll(".tools .cite-link[data-citation]").forEach(function (link) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-btn";
    b.textContent = "复制引用";
    b.setAttribute("data-citation", link.getAttribute("data-citation"));
    var passage = link.closest(".passage");
    if (passage) b.setAttribute("data-copy-url", "#" + passage.id);
    link.insertAdjacentElement("afterend", b);
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target instanceof Element ? ev.target.closest(".copy-btn") : null;
    if (!button) return;
    var text = citationFor(button);
    copyText(text).then(
      function () { flash(button, "已复制"); announce("已复制：" + text); },
      function () { flash(button, "复制失败，请手动选择"); announce("复制失败，请手动选择引用文字"); }
    );
  });

  // Phones: the facets sit above the results, folded until asked for (open without scripts).
  var facets = document.querySelector("details.facets");
  if (facets && window.matchMedia && window.matchMedia("(max-width: 759px)").matches) facets.open = false;

  // Search results: one control to open or close every folded list of echoes.
  var folds = document.querySelectorAll("details.more-echoes");
  var head = document.querySelector(".results-head");
  if (folds.length && head) {
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "tool-btn";
    toggle.textContent = "展开全部呼应";
    toggle.setAttribute("aria-pressed", "false");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-pressed") !== "true";
      folds.forEach(function (d) { d.open = open; });
      toggle.setAttribute("aria-pressed", String(open));
      toggle.textContent = open ? "收起呼应" : "展开全部呼应";
    });
    head.appendChild(toggle);
  }

  // A long document is read a page at a time: a link to a passage (#p-…) on another page opens the
  // page that starts at it (the server cannot see the #fragment).
  var paged = document.querySelector(".doc-body[data-paged]");
  if (paged && window.location.hash.indexOf("#p-") === 0) {
    var id = decodeURIComponent(window.location.hash.slice(3));
    if (!document.getElementById("p-" + id)) {
      var url = new URL(window.location.href);
      url.searchParams.delete("from");
      url.searchParams.set("at", id);
      window.location.replace(url.href);
    }
  }
})();
