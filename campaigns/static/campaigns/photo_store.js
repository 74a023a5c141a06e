/* Photos of a report on the phone: made smaller before they travel, kept in IndexedDB while there is no
   connection (one record per photo, named by its own key so that the server stores a resent photo once), and
   sent one by one with their progress. Used by report_form.js and offline_reports.js. */
(function () {
    "use strict";

    var LONG_EDGE = 1600;
    var QUALITY = 0.8;
    var DATABASE = "jindu-reports";
    var STORE = "photos";

    function shrink(file) {
        // Resolves to a JPEG Blob no longer than LONG_EDGE on its long side, or the file itself if it cannot be read.
        return new Promise(function (resolve) {
            if (!/^image\//.test(file.type) || typeof document.createElement("canvas").toBlob !== "function") {
                resolve(file);
                return;
            }
            var url = URL.createObjectURL(file);
            var image = new Image();
            image.onload = function () {
                var scale = Math.min(1, LONG_EDGE / Math.max(image.naturalWidth, image.naturalHeight));
                var canvas = document.createElement("canvas");
                canvas.width = Math.round(image.naturalWidth * scale);
                canvas.height = Math.round(image.naturalHeight * scale);
                canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
                URL.revokeObjectURL(url);
                canvas.toBlob(function (blob) {
                    resolve(blob && blob.size < file.size ? blob : file);
                }, "image/jpeg", QUALITY);
            };
            image.onerror = function () {
                URL.revokeObjectURL(url);
                resolve(file);
            };
            image.src = url;
        });
    }

    function jpegName(name) {
        return (name.replace(/\.[^.]*$/, "") || "photo") + ".jpg";
    }

    // Rejects with {status, errors}: status 0 when the server was not reached (no signal, timeout).
    function send(url, data, onProgress) {
        return new Promise(function (resolve, reject) {
            var request = new XMLHttpRequest();
            request.open("POST", url);
            request.timeout = 120000;
            request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
            request.upload.onprogress = function (event) {
                if (event.lengthComputable) {
                    onProgress(event.loaded / event.total);
                }
            };
            request.onload = function () {
                var body = {};
                try {
                    body = JSON.parse(request.responseText);
                } catch (error) {
                    body = {};
                }
                if (request.status >= 200 && request.status < 300) {
                    resolve(body);
                } else {
                    reject({ status: request.status, errors: body.errors || [] });
                }
            };
            request.onerror = request.ontimeout = function () {
                reject({ status: 0, errors: [] });
            };
            request.send(data);
        });
    }

    // A disabled button is not sent, so the form carries the tapped button's name and value in a hidden field.
    function carrySubmitter(form, submitter) {
        if (submitter && submitter.name) {
            var hidden = document.createElement("input");
            hidden.type = "hidden";
            hidden.name = submitter.name;
            hidden.value = submitter.value;
            form.appendChild(hidden);
        }
    }

    function open() {
        return new Promise(function (resolve, reject) {
            var request = window.indexedDB.open(DATABASE, 1);
            request.onupgradeneeded = function () {
                var store = request.result.createObjectStore(STORE, { keyPath: "id" });
                store.createIndex("form", ["owner", "formKey"]);
            };
            request.onsuccess = function () {
                resolve(request.result);
            };
            request.onerror = function () {
                reject(request.error);
            };
        });
    }

    function run(mode, work) {
        return open().then(function (database) {
            return new Promise(function (resolve, reject) {
                var transaction = database.transaction(STORE, mode);
                var answer = work(transaction.objectStore(STORE));
                transaction.oncomplete = function () {
                    database.close();
                    resolve(answer && "result" in answer ? answer.result : undefined);
                };
                // A full phone aborts the transaction with a QuotaExceededError.
                transaction.onabort = transaction.onerror = function () {
                    database.close();
                    reject(transaction.error || new Error("IndexedDB"));
                };
            });
        });
    }

    // Keeps the chosen files, made smaller, for the report `formKey`; resolves to how many were kept.
    async function keep(owner, formKey, files, newKey) {
        var records = [];
        for (var index = 0; index < files.length; index += 1) {
            var blob = await shrink(files[index]);
            records.push({
                id: newKey(),
                owner: owner,
                formKey: formKey,
                name: jpegName(files[index].name),
                blob: blob,
                savedAt: new Date().toISOString(),
            });
        }
        if (navigator.storage && typeof navigator.storage.persist === "function") {
            navigator.storage.persist().catch(function () {
                return false;
            });
        }
        await run("readwrite", function (store) {
            records.forEach(function (record) {
                store.put(record);
            });
        });
        return records.length;
    }

    function list(owner, formKey) {
        return run("readonly", function (store) {
            return store.index("form").getAll([owner, formKey]);
        });
    }

    function remove(id) {
        return run("readwrite", function (store) {
            store.delete(id);
        });
    }

    function isFull(error) {
        return Boolean(error) && (error.name === "QuotaExceededError" || /quota/i.test(String(error.message)));
    }

    window.JinduPhotos = {
        shrink: shrink,
        jpegName: jpegName,
        send: send,
        available: Boolean(window.indexedDB && window.Promise && window.FormData),
        keep: keep,
        list: list,
        remove: remove,
        isFull: isFull,
        carrySubmitter: carrySubmitter,
    };
})();
