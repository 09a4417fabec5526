// A long document shows its text a page at a time: a link to #p830 made before (or
// shared from another page) finds the paragraph through its permalink, which redirects
// to the page that holds it.
(function () {
  var nav = document.querySelector("[data-paragraph-base]");
  var anchor = decodeURIComponent(window.location.hash.slice(1));
  if (!nav || !anchor || document.getElementById(anchor)) return;
  if (!/^[\w.-]+$/.test(anchor)) return;
  window.location.replace(nav.getAttribute("data-paragraph-base") + anchor);
})();
