// Progressive enhancement only: every control here also works as a plain form.
(function () {
    "use strict";

    var COOKIE = "jindu_large_text";
    var ONE_YEAR = 60 * 60 * 24 * 365;

    function setLargeText(form, on) {
        document.documentElement.classList.toggle("large-text", on);
        var secure = location.protocol === "https:" ? "; secure" : "";
        document.cookie = COOKIE + "=" + (on ? "1; max-age=" + ONE_YEAR : "; max-age=0") + "; path=/; samesite=lax" + secure;
        var button = form.querySelector("button");
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.textContent = on ? button.dataset.offLabel : button.dataset.onLabel;
        form.querySelector("input[name=large_text]").value = on ? "0" : "1";
    }

    document.addEventListener("DOMContentLoaded", function () {
        var form = document.querySelector("[data-large-text-toggle]");
        if (!form) {
            return;
        }
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            setLargeText(form, !document.documentElement.classList.contains("large-text"));
        });
    });
})();
