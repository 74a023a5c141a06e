/* The officer's report form as data: its fields read into [name, value] pairs and filled back, the fields it needs
   before a report may be sent, and the office's reasons shown beside their fields as the server's page shows them.
   Used by offline_reports.js. */
(function () {
    "use strict";

    function fields(form) {
        var result = [];
        Array.prototype.forEach.call(form.elements, function (element) {
            if (!element.name || element.disabled || element.type === "file" || element.type === "submit") {
                return;
            }
            if ((element.type === "checkbox" || element.type === "radio") && !element.checked) {
                return;
            }
            if (element.type === "select-multiple") {
                Array.prototype.forEach.call(element.selectedOptions, function (option) {
                    result.push([element.name, option.value]);
                });
                return;
            }
            result.push([element.name, element.value]);
        });
        return result;
    }

    function fill(form, saved) {
        var values = {};
        saved.forEach(function (pair) {
            (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
        });
        Array.prototype.forEach.call(form.elements, function (element) {
            if (!element.name || element.type === "file" || element.type === "submit") {
                return;
            }
            if (element.name === "csrfmiddlewaretoken" || element.name === "submit" || element.name === "save") {
                return;
            }
            var given = values[element.name] || [];
            if (element.type === "checkbox" || element.type === "radio") {
                element.checked = given.indexOf(element.value) !== -1;
            } else if (element.type === "select-multiple") {
                Array.prototype.forEach.call(element.options, function (option) {
                    option.selected = given.indexOf(option.value) !== -1;
                });
            } else if (given.length) {
                element.value = given[0];
            } else if (element.type !== "hidden") {
                element.value = "";
            }
        });
    }

    // The form's own address: the phone's copy of the form may be shown at another report address.
    function formPath(form) {
        return new URL(form.action, window.location.href).pathname;
    }

    function keyOf(form) {
        var input = form.querySelector('input[name="form_key"]');
        return input ? input.value : "";
    }

    function describe(form) {
        var date = form.querySelector('[name="date"]');
        var region = form.querySelector('select[name="region"]');
        var place = region && region.selectedIndex > 0 ? region.options[region.selectedIndex].text.trim() : "";
        return [date ? date.value : "", place].join(" ").trim();
    }

    function currentToken() {
        var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
        return input ? input.value : "";
    }

    // What the office would refuse that the phone can know: the fields the form marks as needed to send.
    function missingToSend(form) {
        var missing = [];
        form.querySelectorAll("[data-needed-to-send]").forEach(function (element) {
            if (!element.value) {
                missing.push({ field: element.name, messages: [element.getAttribute("data-needed-to-send")] });
            }
        });
        return missing;
    }

    // Shows `errors` ([{field, messages}]) beside their fields, as the server's page would, and focuses the first.
    function showFieldErrors(form, errors) {
        form.querySelectorAll("[data-phone-error]").forEach(function (element) {
            element.remove();
        });
        form.querySelectorAll("[data-phone-marked]").forEach(function (element) {
            element.classList.remove("field-row--error");
            element.removeAttribute("data-phone-marked");
        });
        form.querySelectorAll('[aria-invalid="true"]').forEach(function (element) {
            element.removeAttribute("aria-invalid");
        });
        var first = null;
        var general = [];
        errors.forEach(function (error) {
            var element = error.field && form.querySelector('[name="' + CSS.escape(error.field) + '"]');
            var row = element && element.closest(".field-row");
            if (!row) {
                general = general.concat(error.messages);
                return;
            }
            var holder = document.createElement("div");
            holder.setAttribute("data-phone-error", "");
            error.messages.forEach(function (message) {
                var line = document.createElement("p");
                line.className = "field-error";
                line.setAttribute("role", "alert");
                line.textContent = message;
                holder.appendChild(line);
            });
            row.appendChild(holder);
            if (!row.classList.contains("field-row--error")) {
                row.classList.add("field-row--error");
                row.setAttribute("data-phone-marked", "");
            }
            element.setAttribute("aria-invalid", "true");
            first = first || element;
        });
        if (errors.length) {
            var summary = document.createElement("div");
            summary.className = "field-errors";
            summary.setAttribute("data-phone-error", "");
            summary.setAttribute("role", "alert");
            summary.textContent = [form.dataset.correctLabel || ""].concat(general).join(" ").trim();
            var key = form.querySelector('input[name="form_key"]');
            form.insertBefore(summary, key ? key.nextSibling : form.firstChild);
        }
        if (first) {
            first.scrollIntoView({ block: "center" });
            first.focus();
        }
    }

    window.JinduReportForm = {
        fields: fields,
        fill: fill,
        formPath: formPath,
        keyOf: keyOf,
        describe: describe,
        currentToken: currentToken,
        missingToSend: missingToSend,
        showFieldErrors: showFieldErrors,
    };
})();
