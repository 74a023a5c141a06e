/* Reports that survive a dropped signal. On every report page: installs the service worker, keeps the report
   being written on the phone (one copy per form key, report_store.js), offers it again after a reload, and shows the
   reports waiting to upload with their photos (photo_store.js) while report_sender.js sends them: by itself when
   the connection returns, and by fetch, so a post that fails while the phone believes it is online (server
   unreachable, a timeout, a 502 from nginx) is queued instead of ending on the browser's error page. The form key
   travels with the report and each photo with its own key, so the server stores each once however often they
   arrive. The form's fields are read, filled and marked by report_fields.js. */
(function () {
    "use strict";

    var box;
    var prefix;
    var store;
    var sender;
    var photos = window.JinduPhotos;
    var reportForm = window.JinduReportForm;

    function text(name) {
        return box.getAttribute("data-" + name + "-label") || "";
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
        if (!form || reportForm.formPath(form) !== new URL(item.action, window.location.href).pathname) {
            return null;
        }
        return form;
    }

    // A refused report back in the form it was written in, with the office's reasons beside its fields. It stays
    // in the queue (as not sent) until it is sent again under the same key, so it is never lost on the way.
    function restoreRefused(form, item) {
        var draft = store.read("drafts", {})[item.key];
        reportForm.fill(form, draft ? draft.fields : item.fields);
        form.querySelector('input[name="form_key"]').value = item.key;
        document.querySelectorAll(".offline-draft").forEach(function (banner) {
            banner.remove();
        });
        store.saveDraft(form, false);
        reportForm.showFieldErrors(form, item.errors || []);
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
        var queue = store.read("queue", []);
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

    function offerDraft(form) {
        var path = reportForm.formPath(form);
        var drafts = store.read("drafts", {});
        var latest = null;
        var refused = store.read("queue", [])
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
        store.write("drafts", drafts);
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
                    reportForm.fill(form, latest.fields);
                } else {
                    store.forget(latest.key);
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
        if (!input.value || store.usedKeys().indexOf(input.value) !== -1) {
            input.value = store.newKey();
        }
        offerDraft(form);
        ["input", "change"].forEach(function (name) {
            form.addEventListener(name, function () {
                store.saveDraft(form, false);
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
            var missing = !navigator.onLine && sending ? reportForm.missingToSend(form) : [];
            reportForm.showFieldErrors(form, missing);
            if (missing.length) {
                // The office would refuse it: nothing is kept to send, the officer corrects it now.
                event.preventDefault();
                event.stopImmediatePropagation();
                store.saveDraft(form, false);
                return;
            }
            store.saveDraft(form, navigator.onLine);
            if (!sender.canKeepPhotos()) {
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
                sender.queueReport(form, event.submitter, 0, dropped ? text("photos") : "");
                return;
            }
            event.preventDefault();
            event.stopImmediatePropagation();
            if (form.dataset.sending !== "1") {
                sender.submitReport(form, event.submitter);
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
        store = window.JinduReportStore(prefix);
        sender = window.JinduReportSender({
            box: box,
            prefix: prefix,
            store: store,
            text: text,
            showStatus: showStatus,
            render: render,
        });
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
            var drafts = store.read("drafts", {});
            Object.keys(drafts).forEach(function (key) {
                if (drafts[key].submitted || key === saved) {
                    delete drafts[key];
                }
            });
            store.write("drafts", drafts);
        }
        if (!navigator.onLine) {
            box.querySelector("[data-offline-status]").textContent = text("offline");
        }
        render();
        offerRefused(form);
        window.addEventListener("online", function () {
            box.querySelector("[data-offline-status]").textContent = "";
            sender.flush();
        });
        window.addEventListener("offline", function () {
            showStatus(text("offline"));
        });
        sender.flush();
    });
})();
