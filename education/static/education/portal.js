// School portal: print buttons (the pages work without it; this only saves a menu trip).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
