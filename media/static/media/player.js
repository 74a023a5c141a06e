// Watch heartbeats for signed-in viewers: every 15 s while playing (more often for clips under a minute,
// so their progress shows as it grows), and on play, pause, seek and end.
// The server credits only time that really passed (media/tracking.py); this file just reports.
// Each credited answer is also sent as a "media:progress" event on the player, for the page around it.
(function () {
    "use strict";

    if (window.jinduMediaPlayer) {
        return;
    }
    window.jinduMediaPlayer = true;

    var INTERVAL_MS = 15000;
    var SHORTEST_INTERVAL_MS = 2000;

    function Tracker(container) {
        this.container = container;
        this.element = container.querySelector(".media-player__element");
        this.url = container.dataset.heartbeatUrl;
        this.token = container.dataset.csrfToken;
        this.mediaId = container.dataset.mediaId;
        this.progress = container.querySelector("[data-progress]");
        var duration = Number(container.dataset.duration) || 0;
        this.interval = duration
            ? Math.min(INTERVAL_MS, Math.max(SHORTEST_INTERVAL_MS, (duration * 1000) / 4))
            : INTERVAL_MS;
        this.timer = null;
        this.lastPosition = 0;
        // Heartbeats go one after another so the server sees them in order.
        this.queue = Promise.resolve();
    }

    Tracker.prototype.send = function (position, keepalive) {
        var self = this;
        var body = JSON.stringify({ media: Number(self.mediaId), position: Math.max(0, position) });
        self.queue = self.queue
            .then(function () {
                return fetch(self.url, {
                    method: "POST",
                    credentials: "same-origin",
                    keepalive: Boolean(keepalive),
                    headers: { "Content-Type": "application/json", "X-CSRFToken": self.token },
                    body: body,
                });
            })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (data) {
                if (data) {
                    self.show(data);
                }
            })
            .catch(function () {
                // Offline for a moment: the next heartbeat carries on from wherever the player is.
            });
    };

    Tracker.prototype.show = function (data) {
        this.container.dispatchEvent(new CustomEvent("media:progress", { bubbles: true, detail: data }));
        if (!this.progress || !data.duration) {
            return;
        }
        var percent = Math.min(100, Math.round((100 * data.credited_seconds) / data.duration));
        this.progress.hidden = false;
        this.progress.textContent = data.watched
            ? this.progress.dataset.labelWatched
            : this.progress.dataset.labelProgress + " " + percent + "%";
    };

    // A change of rendition (quality.js) reloads the source: its trip to 0 and back is no viewing.
    Tracker.prototype.switching = function () {
        return this.container.dataset.switching === "1";
    };

    Tracker.prototype.beat = function () {
        if (this.switching()) {
            return;
        }
        this.lastPosition = this.element.currentTime;
        this.send(this.lastPosition);
    };

    Tracker.prototype.start = function () {
        var self = this;
        var element = self.element;
        function playing() {
            if (self.switching()) {
                return;
            }
            self.beat();
            window.clearInterval(self.timer);
            self.timer = window.setInterval(function () {
                self.beat();
            }, self.interval);
        }
        element.addEventListener("play", playing);
        element.addEventListener("pause", function () {
            if (self.switching()) {
                return;
            }
            window.clearInterval(self.timer);
            self.beat();
        });
        element.addEventListener("ended", function () {
            window.clearInterval(self.timer);
            self.beat();
        });
        element.addEventListener("timeupdate", function () {
            if (!element.seeking && !self.switching()) {
                self.lastPosition = element.currentTime;
            }
        });
        // Report where playback was before a seek, then the new starting point.
        element.addEventListener("seeking", function () {
            if (self.switching()) {
                return;
            }
            self.send(self.lastPosition);
        });
        element.addEventListener("seeked", function () {
            self.beat();
        });
        document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "hidden" && !element.paused) {
                self.send(element.currentTime, true);
            }
        });
        // A tap that started playback before this script ran still counts from where it is now.
        if (!element.paused) {
            playing();
        }
    };

    document.addEventListener("DOMContentLoaded", function () {
        var players = document.querySelectorAll("[data-media-player][data-heartbeat-url]");
        Array.prototype.forEach.call(players, function (container) {
            if (container.querySelector(".media-player__element")) {
                new Tracker(container).start();
            }
        });
    });
})();
