/* The report pages' service worker: keeps the blank form and its styles and scripts on the phone, so that the
   officer can open the form and write a report with no signal. Pages come from the network when there is one
   and from the phone's copy when there is not; reports themselves are kept and queued by offline_reports.js. */
"use strict";

var VERSION = "{{ version }}";
var CACHE = "jindu-reports-" + VERSION;
var SCOPE = "{{ scope|escapejs }}";
var FORM = "{{ form_url|escapejs }}";
var URLS = [{% for url in urls %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
// Pages worth keeping for a reload with no signal: the blank form and the edit form of a report.
var KEPT_PAGE = /\/(new|\d+\/edit)\/$/;

function keep(cache, request, response) {
    // A redirect to the sign-in page must not be kept as the form.
    if (response.ok && !response.redirected && response.type === "basic") {
        return cache.put(request, response.clone());
    }
    return Promise.resolve();
}

self.addEventListener("install", function (event) {
    event.waitUntil(
        caches.open(CACHE).then(function (cache) {
            return Promise.all(
                URLS.map(function (url) {
                    return fetch(url, { credentials: "same-origin" })
                        .then(function (response) {
                            return keep(cache, url, response);
                        })
                        .catch(function () {
                            return undefined;
                        });
                }),
            );
        }).then(function () {
            return self.skipWaiting();
        }),
    );
});

self.addEventListener("activate", function (event) {
    event.waitUntil(
        caches.keys().then(function (names) {
            return Promise.all(
                names.filter(function (name) {
                    return name.indexOf("jindu-reports-") === 0 && name !== CACHE;
                }).map(function (name) {
                    return caches.delete(name);
                }),
            );
        }).then(function () {
            return self.clients.claim();
        }),
    );
});

// A page that was still loading when this worker activated is not claimed by activate's clients.claim() (it was
// not ready yet); such a page asks again once it has loaded.
self.addEventListener("message", function (event) {
    if (event.data === "claim") {
        event.waitUntil(self.clients.claim());
    }
});

function fromNetworkThenCache(request) {
    var path = new URL(request.url).pathname;
    return fetch(request).then(
        function (response) {
            if (KEPT_PAGE.test(path)) {
                var copy = response.clone();
                caches.open(CACHE).then(function (cache) {
                    return keep(cache, path, copy);
                });
            }
            return response;
        },
        function (error) {
            // Any report page opened with no signal (the app's start page too) falls back to the blank form.
            return caches.match(path, { ignoreSearch: true }).then(function (cached) {
                return cached || caches.match(FORM);
            }).then(function (cached) {
                if (cached) {
                    return cached;
                }
                throw error;
            });
        },
    );
}

function fromCacheThenNetwork(request) {
    return caches.match(request).then(function (cached) {
        return cached || fetch(request);
    });
}

self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin) {
        return;
    }
    if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0) {
        event.respondWith(fromNetworkThenCache(request));
    } else if (URLS.indexOf(url.pathname) !== -1) {
        event.respondWith(fromCacheThenNetwork(request));
    }
});
