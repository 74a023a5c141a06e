// The dashboard's period picker: show only the fields the chosen kind of period needs.
// Without this script every field shows and the server reads only the ones the kind uses.
(function () {
  "use strict";
  function fieldBox(input) {
    return input.closest(".dashboard-filters__field") || input.parentElement;
  }
  document.querySelectorAll("form[data-period-picker]").forEach(function (form) {
    var kind = form.querySelector("[data-period-kind]");
    if (!kind) return;
    var fields = form.querySelectorAll("[data-period-kinds]");
    function update() {
      fields.forEach(function (input) {
        var wanted = input.getAttribute("data-period-kinds").split(" ").indexOf(kind.value) !== -1;
        fieldBox(input).hidden = !wanted;
        input.disabled = !wanted;
      });
    }
    kind.addEventListener("change", update);
    update();
  });
})();
