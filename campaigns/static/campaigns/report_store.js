/* The officer's reports as this phone keeps them in localStorage, under a prefix of the signed-in user's: the copy
   of each form being written ("drafts", one per form key), the reports waiting to be sent ("queue") and the keys of
   those already sent ("sent"). Used by offline_reports.js and report_sender.js. */
(function () {
    "use strict";

    var reportForm = window.JinduReportForm;

    function newKey() {
        if (window.crypto && typeof window.crypto.randomUUID === "function") {
            return window.crypto.randomUUID();
        }
        var bytes = window.crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        var hex = Array.prototype.map.call(bytes, function (byte) {
            return (byte + 0x100).toString(16).slice(1);
        }).join("");
        return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
    }

    window.JinduReportStore = function (prefix) {
        function read(name, fallback) {
            try {
                return JSON.parse(window.localStorage.getItem(prefix + name)) || fallback;
            } catch (error) {
                return fallback;
            }
        }

        function write(name, value) {
            try {
                window.localStorage.setItem(prefix + name, JSON.stringify(value));
            } catch (error) {
                // Storage full or switched off: the page still works as a plain form.
            }
        }

        // Keys of reports queued or already sent: a form opened from the phone's copy must not reuse one.
        function usedKeys() {
            var keys = read("sent", []);
            read("queue", []).forEach(function (item) {
                keys.push(item.key);
            });
            return keys;
        }

        function forget(key) {
            var drafts = read("drafts", {});
            delete drafts[key];
            write("drafts", drafts);
        }

        function saveDraft(form, submitted) {
            var key = reportForm.keyOf(form);
            if (!key) {
                return;
            }
            var drafts = read("drafts", {});
            drafts[key] = {
                path: reportForm.formPath(form),
                fields: reportForm.fields(form),
                savedAt: new Date().toISOString(),
                submitted: Boolean(submitted),
            };
            write("drafts", drafts);
        }

        return {
            read: read,
            write: write,
            newKey: newKey,
            usedKeys: usedKeys,
            forget: forget,
            saveDraft: saveDraft,
        };
    };
})();
