/* Reports that survive a dropped signal. On every report page: installs the service worker, keeps the report
   being written on the phone (one copy per form key), offers it again after a reload, and queues a report sent
   with no connection ("Waiting to upload"), with its photos (photo_store.js), sending it by itself when the
   connection returns. A report is posted by fetch, so a post that fails while the phone believes it is online
   (server unreachable, a timeout, a 502 from nginx) is queued the same way instead of ending on the browser's
   error page. The form key travels with the report and each photo with its own key, so the server stores each
   once however often they arrive. The form's fields are read, filled and marked by report_fields.js. */
(function () {
    "use strict";

    var box;
    var prefix;
    var flushing = false;
    var flushAgain = null;
    var retryTimer = null;
    var RETRY_MS = 10000;
    var POST_TIMEOUT_MS = 30000;
    var photos = window.JinduPhotos;
    var reportForm = window.JinduReportForm;
    var fields = reportForm.fields;
    var fill = reportForm.fill;
    var formPath = reportForm.formPath;
    var keyOf = reportForm.keyOf;
    var describe = reportForm.describe;
    var currentToken = reportForm.currentToken;
    var missingToSend = reportForm.missingToSend;
    var showFieldErrors = reportForm.showFieldErrors;

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

    function reasons(errors) {
        return (errors || [])
            .map(function (error) {
                var message = error.messages.join(" ");
                return error.label ? text("field-error").replace("{field}", error.label).replace("{message}", message) : message;
            })
            .join(" ");
    }

    function formOnScreenFor(item) {
        var form = document.querySelector("form[data-report-form]");
        if (!form || formPath(form) !== new URL(item.action, window.location.href).pathname) {
            return null;
        }
        return form;
    }

    // A refused report back in the form it was written in, with the office's reasons beside its fields. It stays
    // in the queue (as not sent) until it is sent again under the same key, so it is never lost on the way.
    function restoreRefused(form, item) {
        var draft = read("drafts", {})[item.key];
        fill(form, draft ? draft.fields : item.fields);
        form.querySelector('input[name="form_key"]').value = item.key;
        document.querySelectorAll(".offline-draft").forEach(function (banner) {
            banner.remove();
        });
        saveDraft(form, false);
        showFieldErrors(form, item.errors || []);
    }

    function correctButton(item) {
        var form = formOnScreenFor(item);
        if (!form) {
            var link = document.createElement("a");
            link.className = "field-button field-button--small";
            link.href = new URL(item.action, window.location.href).pathname + "#restore=" + item.key;
            link.textContent = text("correct");
            return link;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.className = "field-button field-button--small";
        button.textContent = text("correct");
        button.dataset.key = item.key;
        button.addEventListener("click", function () {
            restoreRefused(form, item);
        });
        return button;
    }

    function showStatus(message) {
        box.querySelector("[data-offline-status]").textContent = message;
        render();
    }

    // Small copies of the photos waiting on the phone with their report, so the officer sees what will go.
    function showKeptPhotos(entry, key) {
        photos.list(prefix, key).then(
            function (kept) {
                if (!kept.length) {
                    return;
                }
                var grid = document.createElement("ul");
                grid.className = "photo-grid photo-grid--queued";
                kept.forEach(function (photo) {
                    var item = document.createElement("li");
                    var image = document.createElement("img");
                    var url = URL.createObjectURL(photo.blob);
                    image.onload = image.onerror = function () {
                        URL.revokeObjectURL(url);
                    };
                    image.src = url;
                    image.alt = text("queued-photo");
                    item.appendChild(image);
                    grid.appendChild(item);
                });
                entry.appendChild(grid);
            },
            function () {
                return undefined;
            },
        );
    }

    function render(sent) {
        var list = box.querySelector("[data-offline-queue]");
        var queue = read("queue", []);
        list.textContent = "";
        queue.forEach(function (item) {
            var entry = document.createElement("li");
            var badge = document.createElement("span");
            var failed = item.state === "failed";
            badge.className = "status " + (failed ? "status--sent_back" : "status--queued");
            var named = failed && item.errors && item.errors.length;
            badge.textContent = named ? text("to-correct") : text(failed ? "failed" : "queued");
            entry.appendChild(badge);
            var label = " " + item.label;
            if (item.photos) {
                label += " · " + text("photo-count").replace("{count}", item.photos);
            }
            entry.appendChild(document.createTextNode(label));
            if (named) {
                var why = document.createElement("p");
                why.className = "offline-reason";
                why.textContent = text("refused") + reasons(item.errors);
                entry.appendChild(why);
            }
            if (failed) {
                entry.appendChild(correctButton(item));
            }
            if (item.photos && photos && photos.available) {
                showKeptPhotos(entry, item.key);
            }
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

    function queueReport(form, submitter, photoCount, note) {
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
            photos: photoCount || 0,
            state: "queued",
        });
        write("queue", queue);
        if (note === null) {
            return; // sent at once: the box says "sending", not "waiting"
        }
        showStatus([box.getAttribute("data-queued-help"), note].join(" ").trim());
        box.scrollIntoView({ block: "start" });
    }

    function canKeepPhotos() {
        return Boolean(photos && photos.available && window.fetch);
    }

    // The chosen photos, made smaller, go to IndexedDB under the report's key; {refused, full} when the phone says no.
    async function keepPhotos(form) {
        var input = form.querySelector('input[type="file"][name="photos"]');
        var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
        if (files.length) {
            try {
                await photos.keep(prefix, keyOf(form), files, newKey);
                input.value = "";
            } catch (error) {
                return { refused: true, full: photos.isFull(error), count: 0 };
            }
        }
        var kept = await photos.list(prefix, keyOf(form)).catch(function () {
            return [];
        });
        return { refused: false, count: kept.length };
    }

    function setButtons(form, disabled) {
        form.querySelectorAll('button[type="submit"]').forEach(function (button) {
            button.disabled = disabled;
        });
    }

    function postItself(form, submitter) {
        photos.carrySubmitter(form, submitter);
        setButtons(form, true);
        // The form has a control named "submit", which hides form.submit().
        HTMLFormElement.prototype.submit.call(form);
    }

    async function submitReport(form, submitter) {
        form.dataset.sending = "1";
        setButtons(form, true);
        var kept = await keepPhotos(form);
        if (kept.refused && navigator.onLine) {
            // The phone would not keep the photos: the form posts them itself, as without this script.
            postItself(form, submitter);
            return;
        }
        var note = "";
        if (kept.refused) {
            note = text(kept.full ? "photos-full" : "photos");
            form.querySelector('input[type="file"][name="photos"]').value = ""; // as the message says: not kept
        }
        queueReport(form, submitter, kept.count, navigator.onLine ? null : note);
        if (navigator.onLine) {
            await flush({ form: form, submitter: submitter });
        }
        delete form.dataset.sending;
        setButtons(form, false);
    }

    function updateQueued(key, change) {
        write(
            "queue",
            read("queue", []).map(function (other) {
                if (other.key === key) {
                    change(other);
                }
                return other;
            }),
        );
    }

    // Sends the photos the phone keeps for `item`; "sent", "unreachable" or "signed-out".
    async function sendPhotos(item, form) {
        var kept;
        try {
            kept = await photos.list(prefix, item.key);
        } catch (error) {
            return "sent"; // no IndexedDB here: nothing was kept
        }
        var progress = form && form.querySelector("[data-upload-progress]");
        var bar = progress && progress.querySelector("progress");
        var status = progress && progress.querySelector("[data-upload-status]");
        if (progress && kept.length) {
            progress.hidden = false;
        }
        for (var index = 0; index < kept.length; index += 1) {
            var photo = kept[index];
            var data = new FormData();
            data.append("csrfmiddlewaretoken", currentToken());
            data.append("form_key", item.key);
            data.append("photo_key", photo.id);
            data.append("photo", photo.blob, photo.name);
            if (status) {
                status.textContent = index + 1 + " / " + kept.length;
            }
            var answer;
            try {
                answer = await photos.send(box.dataset.photoUrl, data, function (share) {
                    if (bar) {
                        bar.value = Math.round(((index + share) / kept.length) * 100);
                    }
                });
            } catch (failure) {
                if (failure.status === 0 || failure.status >= 500) {
                    return "unreachable";
                }
                // Refused for good (not a photo, one too many): it is dropped, the report still goes.
            }
            if (answer && !("id" in answer)) {
                return "signed-out"; // the sign-in page answered instead of the photo address
            }
            await photos.remove(photo.id).catch(function () {
                return undefined;
            });
            updateQueued(item.key, function (other) {
                other.photos = kept.length - index - 1;
            });
        }
        return "sent";
    }

    function post(url, body) {
        var controller = window.AbortController ? new AbortController() : null;
        var timer = controller
            ? window.setTimeout(function () {
                  controller.abort();
              }, POST_TIMEOUT_MS)
            : null;
        var options = { method: "POST", body: body, credentials: "same-origin", headers: { "X-Jindu-Report": "1" } };
        if (controller) {
            options.signal = controller.signal;
        }
        return window.fetch(url, options).finally(function () {
            window.clearTimeout(timer);
        });
    }

    async function answerOf(response) {
        // The report pages answer a post from this script with the saved report's address instead of a redirect,
        // or with the field errors the office's checks found.
        if ((response.headers.get("Content-Type") || "").indexOf("application/json") === -1) {
            return {};
        }
        try {
            return (await response.json()) || {};
        } catch (error) {
            return {};
        }
    }

    function retryLater() {
        window.clearTimeout(retryTimer);
        retryTimer = window.setTimeout(function () {
            flush();
        }, RETRY_MS);
    }

    // Sends the queued reports; `onScreen` ({form, submitter}) is the report just sent from the form on screen,
    // which opens its saved page, or on a refusal posts itself so that the page shows what to correct.
    async function flush(onScreen) {
        var queue = read("queue", []).filter(function (item) {
            return item.state === "queued";
        });
        if (flushing) {
            flushAgain = onScreen || flushAgain || {}; // a report queued while others are on their way
            return;
        }
        if (!navigator.onLine || !queue.length) {
            return;
        }
        flushing = true;
        window.clearTimeout(retryTimer);
        showStatus(text("sending"));
        var sent = [];
        var message = "";
        for (var index = 0; index < queue.length; index += 1) {
            var item = queue[index];
            var current = onScreen && keyOf(onScreen.form) === item.key ? onScreen : null;
            var photosSent = await sendPhotos(item, current && current.form);
            if (photosSent !== "sent") {
                message = text(photosSent === "signed-out" ? "signed-out" : "unreachable");
                break;
            }
            var body = new FormData();
            item.fields.forEach(function (pair) {
                body.append(pair[0], pair[1]);
            });
            if (currentToken()) {
                body.set("csrfmiddlewaretoken", currentToken());
            }
            var response;
            try {
                response = await post(item.action, body);
            } catch (error) {
                response = null; // no answer: no signal, the server unreachable, or too slow
            }
            if (!response || response.status >= 500) {
                message = text(navigator.onLine ? "unreachable" : "offline");
                break; // try again later: at the next "online", or after a while if the phone thinks it is online
            }
            var answer = await answerOf(response);
            var url = answer.url || "";
            var path = new URL(response.url).pathname;
            var remaining = read("queue", []);
            if (url && url.indexOf(box.dataset.scope) === 0) {
                remaining = remaining.filter(function (other) {
                    return other.key !== item.key;
                });
                write("sent", read("sent", []).concat([item.key]).slice(-50));
                forget(item.key);
                sent.push({ label: item.label, url: url });
                document.querySelectorAll(".offline-draft").forEach(function (banner) {
                    if (banner.dataset.key === item.key) {
                        banner.remove(); // the report it offered has just reached the office
                    }
                });
                if (current) {
                    write("queue", remaining);
                    flushing = false;
                    window.location.assign(url);
                    return;
                }
            } else if (path.indexOf(box.dataset.scope) !== 0) {
                message = text("signed-out");
                break;
            } else if (current) {
                // The office's checks refused it: posted as a plain form, the page shows what to correct.
                write(
                    "queue",
                    remaining.filter(function (other) {
                        return other.key !== item.key;
                    }),
                );
                flushing = false;
                postItself(current.form, current.submitter);
                return;
            } else {
                remaining.forEach(function (other) {
                    if (other.key === item.key) {
                        other.state = "failed";
                        other.errors = Array.isArray(answer.errors) ? answer.errors : [];
                    }
                });
            }
            write("queue", remaining);
        }
        flushing = false;
        box.querySelector("[data-offline-status]").textContent = message;
        render(sent);
        if (message === text("unreachable")) {
            box.scrollIntoView({ block: "start" });
            retryLater();
        }
        var form = document.querySelector("form[data-report-form]");
        if (form && read("sent", []).indexOf(keyOf(form)) !== -1) {
            // The report on screen was the one just sent: start a blank one, so a tap on send makes no copy.
            form.reset();
            form.querySelector('input[name="form_key"]').value = newKey();
        }
        if (flushAgain) {
            var next = flushAgain;
            flushAgain = null;
            await flush(next.form ? next : undefined);
        }
    }

    function offerDraft(form) {
        var path = formPath(form);
        var drafts = read("drafts", {});
        var latest = null;
        var refused = read("queue", [])
            .filter(function (item) {
                return item.state === "failed";
            })
            .map(function (item) {
                return item.key;
            });
        Object.keys(drafts).forEach(function (key) {
            var draft = drafts[key];
            draft.submitted = false;
            if (refused.indexOf(key) === -1 && draft.path === path && (!latest || draft.savedAt > latest.savedAt)) {
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

    // Arrived from the report list's "correct this report" link: its button is offered at the top of the page.
    function offerRefused(form) {
        var match = /^#restore=(.+)$/.exec(window.location.hash);
        var button = form && match && box.querySelector('button[data-key="' + CSS.escape(match[1]) + '"]');
        if (button) {
            box.scrollIntoView({ block: "start" });
            button.focus();
        }
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

    // Runs before report_form.js's own handler (capture on the document), which posts the form only where this
    // script cannot keep photos (no IndexedDB).
    document.addEventListener(
        "submit",
        function (event) {
            var form = event.target;
            if (!box || !form.matches("form[data-report-form]")) {
                return;
            }
            var sending = event.submitter && event.submitter.name === "submit";
            var missing = !navigator.onLine && sending ? missingToSend(form) : [];
            showFieldErrors(form, missing);
            if (missing.length) {
                // The office would refuse it: nothing is kept to send, the officer corrects it now.
                event.preventDefault();
                event.stopImmediatePropagation();
                saveDraft(form, false);
                return;
            }
            saveDraft(form, navigator.onLine);
            if (!canKeepPhotos()) {
                if (navigator.onLine) {
                    return;
                }
                event.preventDefault();
                event.stopImmediatePropagation();
                var input = form.querySelector('input[type="file"][name="photos"]');
                var dropped = input && input.files && input.files.length;
                if (dropped) {
                    input.value = "";
                }
                queueReport(form, event.submitter, 0, dropped ? text("photos") : "");
                return;
            }
            event.preventDefault();
            event.stopImmediatePropagation();
            if (form.dataset.sending !== "1") {
                submitReport(form, event.submitter);
            }
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
        offerRefused(form);
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
