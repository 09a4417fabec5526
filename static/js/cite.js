// Progressive enhancement: a "cite" link copies its citation (e.g. "S/2011/817, para. 53")
// and the paragraph's permalink to the clipboard. Without JavaScript it is a plain link.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.cite");
  if (!link || !navigator.clipboard) return;
  var text = link.dataset.cite + " " + link.href;
  navigator.clipboard.writeText(text).then(function () {
    link.classList.add("copied");
    setTimeout(function () { link.classList.remove("copied"); }, 1500);
  });
});
