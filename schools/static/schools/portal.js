// School portal: print buttons (the pages work without it; this only saves a menu trip).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});

// The contest picker shows its choice at once; without JavaScript its button does the same.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});

// A table sorted by a column out of sight opens scrolled to that column, beside the sticky first one.
document.querySelectorAll(".table-scroll").forEach((box) => {
  const sorted = box.querySelector("thead th[aria-sort]:not(:first-child)");
  const first = box.querySelector("thead th:first-child");
  if (sorted && first) {
    box.scrollLeft = sorted.offsetLeft - first.offsetWidth;
  }
});
