// The inbox: following an unread message's link also marks it read (its form posts, then goes on to the link).
(function () {
    "use strict";

    document.addEventListener("click", function (event) {
        var link = event.target.closest("a[data-open-form]");
        if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
            return;
        }
        var form = document.getElementById(link.dataset.openForm);
        var open = form && form.querySelector("button[name=open]");
        if (!open || !form.requestSubmit) {
            return;
        }
        event.preventDefault();
        form.requestSubmit(open);
    });
})();
