/* The officer's report form on a phone where offline_reports.js cannot keep reports (no IndexedDB): photos are
   made smaller on the phone (photo_store.js), sent one by one ahead of the form with a progress bar, and the form
   is sent once however often the button is tapped. Without this script the form still posts the photos itself. */
(function () {
    "use strict";

    var photos = window.JinduPhotos;

    function setUp(form) {
        var input = form.querySelector('input[type="file"][name="photos"]');
        var key = form.querySelector('input[name="form_key"]');
        var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
        var box = form.querySelector("[data-upload-progress]");
        var bar = box && box.querySelector("progress");
        var status = box && box.querySelector("[data-upload-status]");
        var list = form.querySelector("[data-photo-list]");
        var sending = false;
        var sent = [];

        function buttons(disabled) {
            form.querySelectorAll('button[type="submit"]').forEach(function (button) {
                button.disabled = disabled;
            });
        }

        function showPhoto(result) {
            if (!list) {
                return;
            }
            var item = document.createElement("li");
            var image = document.createElement("img");
            image.src = result.url;
            image.alt = form.dataset.keptAlt || "";
            var label = document.createElement("label");
            var box = document.createElement("input");
            box.type = "checkbox";
            box.name = "discard_pending";
            box.value = result.id;
            label.appendChild(box);
            label.appendChild(document.createTextNode(" " + (form.dataset.removeLabel || "")));
            item.appendChild(image);
            item.appendChild(label);
            list.appendChild(item);
        }

        async function uploadAll(chosen) {
            // After a failed attempt, the photos that did arrive are not sent again.
            var files = chosen.filter(function (file) {
                return sent.indexOf(file) === -1;
            });
            var total = files.length;
            box.hidden = false;
            for (var index = 0; index < total; index += 1) {
                var blob = await photos.shrink(files[index]);
                var data = new FormData();
                data.append("csrfmiddlewaretoken", token.value);
                data.append("form_key", key.value);
                data.append("photo", blob, photos.jpegName(files[index].name));
                status.textContent = (index + 1) + " / " + total;
                var result = await photos.send(form.dataset.photoUrl, data, function (share) {
                    bar.value = Math.round(((index + share) / total) * 100);
                });
                sent.push(files[index]);
                showPhoto(result);
            }
            bar.value = 100;
        }

        form.addEventListener("submit", function (event) {
            if (sending) {
                event.preventDefault();
                return;
            }
            sending = true;
            var submitter = event.submitter;
            var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
            var canUpload = photos && files.length && key && key.value && box && window.FormData && window.Promise;
            if (!canUpload) {
                if (photos) {
                    photos.carrySubmitter(form, submitter);
                }
                // Let the browser send the form, then block further taps.
                window.setTimeout(function () {
                    buttons(true);
                }, 0);
                return;
            }
            event.preventDefault();
            photos.carrySubmitter(form, submitter);
            buttons(true);
            uploadAll(files).then(
                function () {
                    input.value = "";
                    // The form has a control named "submit", which hides form.submit().
                    HTMLFormElement.prototype.submit.call(form);
                },
                function (failure) {
                    var errors = failure && failure.errors;
                    sending = false;
                    buttons(false);
                    form.querySelectorAll("input[type=hidden][name=submit], input[type=hidden][name=save]").forEach(
                        function (hidden) {
                            hidden.remove();
                        },
                    );
                    status.textContent = (errors && errors.length ? errors.join(" ") : form.dataset.failedLabel) || "";
                    status.setAttribute("role", "alert");
                },
            );
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("form[data-report-form]").forEach(setUp);
    });
})();
