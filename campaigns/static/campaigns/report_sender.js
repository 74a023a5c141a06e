/* Sending the officer's reports: a report sent from the form goes into the phone's queue with the photos it keeps
   (photo_store.js) and is posted by fetch; the queue is sent again when the connection returns, or after a while
   when a post fails while the phone believes it is online. Made by offline_reports.js for its page (`page`: the
   offline box, the phone's store, the box's labels, and how the page shows the queue). */
(function () {
    "use strict";

    var RETRY_MS = 10000;
    var POST_TIMEOUT_MS = 30000;
    var photos = window.JinduPhotos;
    var reportForm = window.JinduReportForm;

    window.JinduReportSender = function (page) {
        var box = page.box;
        var prefix = page.prefix;
        var text = page.text;
        var showStatus = page.showStatus;
        var render = page.render;
        var read = page.store.read;
        var write = page.store.write;
        var newKey = page.store.newKey;
        var forget = page.store.forget;
        var flushing = false;
        var flushAgain = null;
        var retryTimer = null;

        function queueReport(form, submitter, photoCount, note) {
            var key = reportForm.keyOf(form);
            var data = reportForm.fields(form);
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
                label: reportForm.describe(form),
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
                    await photos.keep(prefix, reportForm.keyOf(form), files, newKey);
                    input.value = "";
                } catch (error) {
                    return { refused: true, full: photos.isFull(error), count: 0 };
                }
            }
            var kept = await photos.list(prefix, reportForm.keyOf(form)).catch(function () {
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
                data.append("csrfmiddlewaretoken", reportForm.currentToken());
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
                var current = onScreen && reportForm.keyOf(onScreen.form) === item.key ? onScreen : null;
                var photosSent = await sendPhotos(item, current && current.form);
                if (photosSent !== "sent") {
                    message = text(photosSent === "signed-out" ? "signed-out" : "unreachable");
                    break;
                }
                var body = new FormData();
                item.fields.forEach(function (pair) {
                    body.append(pair[0], pair[1]);
                });
                if (reportForm.currentToken()) {
                    body.set("csrfmiddlewaretoken", reportForm.currentToken());
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
            if (form && read("sent", []).indexOf(reportForm.keyOf(form)) !== -1) {
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

        return { queueReport: queueReport, submitReport: submitReport, flush: flush, canKeepPhotos: canKeepPhotos };
    };
})();
