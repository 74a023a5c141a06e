/* Reports that survive a dropped signal. On every report page: installs the service worker, keeps the report
   being written on the phone (one copy per form key), offers it again after a reload, and queues a report sent
   with no connection ("Waiting to upload"), sending it by itself when the connection returns. The form key
   travels with the report, so the server stores it once however often it arrives. */
(function () {
    "use strict";

    var box;
    var prefix;
    var flushing = false;

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

    function text(name) {
        return box.getAttribute("data-" + name + "-label") || "";
    }

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

    function saveDraft(form, submitted) {
        var key = keyOf(form);
        if (!key) {
            return;
        }
        var drafts = read("drafts", {});
        drafts[key] = {
            path: formPath(form),
            fields: fields(form),
            savedAt: new Date().toISOString(),
            submitted: Boolean(submitted),
        };
        write("drafts", drafts);
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

    function showStatus(message) {
        box.querySelector("[data-offline-status]").textContent = message;
        render();
    }

    function render(sent) {
        var list = box.querySelector("[data-offline-queue]");
        var queue = read("queue", []);
        list.textContent = "";
        queue.forEach(function (item) {
            var entry = document.createElement("li");
            var badge = document.createElement("span");
            badge.className = "status " + (item.state === "failed" ? "status--sent_back" : "status--queued");
            badge.textContent = item.state === "failed" ? text("failed") : text("queued");
            entry.appendChild(badge);
            entry.appendChild(document.createTextNode(" " + item.label));
            list.appendChild(entry);
        });
        (sent || []).forEach(function (item) {
            var entry = document.createElement("li");
            var badge = document.createElement("span");
            badge.className = "status status--submitted";
            badge.textContent = text("sent");
            var link = document.createElement("a");
            link.href = item.url;
            link.textContent = text("open");
            entry.appendChild(badge);
            entry.appendChild(document.createTextNode(" " + item.label + " "));
            entry.appendChild(link);
            list.appendChild(entry);
        });
        var note = box.querySelector("[data-offline-status]");
        box.hidden = !queue.length && !(sent && sent.length) && navigator.onLine && !note.textContent;
    }

    function queueReport(form, submitter) {
        var key = keyOf(form);
        var data = fields(form);
        if (submitter && submitter.name) {
            data.push([submitter.name, submitter.value]);
        }
        var queue = read("queue", []).filter(function (item) {
            return item.key !== key;
        });
        queue.push({
            key: key,
            action: form.action || window.location.href,
            fields: data,
            label: describe(form),
            state: "queued",
        });
        write("queue", queue);
        var photos = form.querySelector('input[type="file"][name="photos"]');
        var message = box.getAttribute("data-queued-help");
        if (photos && photos.files && photos.files.length) {
            photos.value = "";
            message += " " + text("photos");
        }
        showStatus(message);
        box.scrollIntoView({ block: "start" });
    }

    async function flush() {
        var queue = read("queue", []).filter(function (item) {
            return item.state === "queued";
        });
        if (flushing || !navigator.onLine || !queue.length) {
            return;
        }
        flushing = true;
        showStatus(text("sending"));
        var sent = [];
        var message = "";
        for (var index = 0; index < queue.length; index += 1) {
            var item = queue[index];
            var body = new FormData();
            item.fields.forEach(function (pair) {
                body.append(pair[0], pair[1]);
            });
            if (currentToken()) {
                body.set("csrfmiddlewaretoken", currentToken());
            }
            var response;
            try {
                response = await window.fetch(item.action, { method: "POST", body: body, credentials: "same-origin" });
            } catch (error) {
                message = text("offline");
                break; // still no connection: try again at the next "online"
            }
            var path = new URL(response.url).pathname;
            var remaining = read("queue", []);
            if (response.ok && response.redirected && /\/\d+\/$/.test(path) && path.indexOf(box.dataset.scope) === 0) {
                remaining = remaining.filter(function (other) {
                    return other.key !== item.key;
                });
                write("sent", read("sent", []).concat([item.key]).slice(-50));
                forget(item.key);
                sent.push({ label: item.label, url: path });
                document.querySelectorAll(".offline-draft").forEach(function (banner) {
                    if (banner.dataset.key === item.key) {
                        banner.remove(); // the report it offered has just reached the office
                    }
                });
            } else if (path.indexOf(box.dataset.scope) !== 0) {
                message = text("signed-out");
                break;
            } else {
                remaining.forEach(function (other) {
                    if (other.key === item.key) {
                        other.state = "failed";
                    }
                });
            }
            write("queue", remaining);
        }
        flushing = false;
        box.querySelector("[data-offline-status]").textContent = message;
        render(sent);
        var form = document.querySelector("form[data-report-form]");
        if (form && usedKeys().indexOf(keyOf(form)) !== -1) {
            // The report on screen was the one just sent: start a blank one, so a tap on send makes no copy.
            form.reset();
            form.querySelector('input[name="form_key"]').value = newKey();
        }
    }

    function offerDraft(form) {
        var path = formPath(form);
        var drafts = read("drafts", {});
        var latest = null;
        Object.keys(drafts).forEach(function (key) {
            var draft = drafts[key];
            draft.submitted = false;
            if (draft.path === path && (!latest || draft.savedAt > latest.savedAt)) {
                latest = draft;
                latest.key = key;
            }
        });
        write("drafts", drafts);
        if (!latest) {
            return;
        }
        var banner = document.createElement("div");
        banner.className = "offline-draft";
        banner.dataset.key = latest.key;
        banner.setAttribute("role", "note");
        var note = document.createElement("p");
        var time = new Date(latest.savedAt).toLocaleString(document.documentElement.lang || undefined);
        note.textContent = text("draft").replace("{time}", time);
        banner.appendChild(note);
        [
            ["restore", "field-button field-button--small"],
            ["discard", "field-button field-button--small field-button--secondary"],
        ].forEach(function (spec) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = spec[1];
            button.textContent = text(spec[0]);
            button.addEventListener("click", function () {
                if (spec[0] === "restore") {
                    fill(form, latest.fields);
                } else {
                    forget(latest.key);
                }
                banner.remove();
            });
            banner.appendChild(button);
        });
        form.insertBefore(banner, form.firstChild);
    }

    function setUpForm(form) {
        var input = form.querySelector('input[name="form_key"]');
        if (!input) {
            return;
        }
        // The phone's copy of the blank form carries the key it was fetched with; each report needs its own.
        if (!input.value || usedKeys().indexOf(input.value) !== -1) {
            input.value = newKey();
        }
        offerDraft(form);
        ["input", "change"].forEach(function (name) {
            form.addEventListener(name, function () {
                saveDraft(form, false);
            });
        });
    }

    // Runs before report_form.js's own handler (capture on the document), so a queued report is not posted.
    document.addEventListener(
        "submit",
        function (event) {
            var form = event.target;
            if (!box || !form.matches("form[data-report-form]")) {
                return;
            }
            saveDraft(form, navigator.onLine);
            if (navigator.onLine) {
                return;
            }
            event.preventDefault();
            event.stopImmediatePropagation();
            queueReport(form, event.submitter);
        },
        true,
    );

    var WORKER_RETRIES = 5;

    function installWorker(url, scope, attempt) {
        navigator.serviceWorker.register(url, { scope: scope }).then(function () {
            return navigator.serviceWorker.ready.then(function (registration) {
                if (!navigator.serviceWorker.controller && registration.active) {
                    registration.active.postMessage("claim");
                }
            });
        }).catch(function () {
            // The worker's script did not arrive (one bar of signal, a busy server): try again a little later.
            if (attempt < WORKER_RETRIES) {
                window.setTimeout(function () {
                    installWorker(url, scope, attempt + 1);
                }, 2000 * (attempt + 1));
            }
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        box = document.querySelector("[data-offline-reports]");
        if (!box || !window.localStorage) {
            return;
        }
        prefix = "jindu-reports:" + (box.dataset.user || "") + ":";
        if ("serviceWorker" in navigator) {
            installWorker(box.dataset.workerUrl, box.dataset.scope, 0);
            // Registering again is harmless: a worker that could not be fetched on a bad signal is fetched later.
            window.addEventListener("online", function () {
                installWorker(box.dataset.workerUrl, box.dataset.scope, WORKER_RETRIES);
            });
        }
        var form = document.querySelector("form[data-report-form]");
        var saved = box.dataset.savedFormKey;
        if (form) {
            setUpForm(form);
        } else if (saved) {
            // A report page after a form was posted online: that form's copy on the phone is done with.
            var drafts = read("drafts", {});
            Object.keys(drafts).forEach(function (key) {
                if (drafts[key].submitted || key === saved) {
                    delete drafts[key];
                }
            });
            write("drafts", drafts);
        }
        if (!navigator.onLine) {
            box.querySelector("[data-offline-status]").textContent = text("offline");
        }
        render();
        window.addEventListener("online", function () {
            box.querySelector("[data-offline-status]").textContent = "";
            flush();
        });
        window.addEventListener("offline", function () {
            showStatus(text("offline"));
        });
        flush();
    });
})();
