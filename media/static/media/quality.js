// Renditions for thin mobile data: adaptive HLS starting at the lowest size (the browser's own HLS where it has
// it, else the vendored hls.js, loaded only then), a fixed 流畅/标清/高清 MP4 picked from the menu, or 省流量:
// the lowest MP4 and nothing fetched before play. The choice is kept in localStorage for the next video.
// While the source changes the player is marked data-switching, so watch heartbeats skip the jump to 0 and back;
// data-quality-ready is set once the chosen source has its metadata.
(function () {
    "use strict";

    if (window.jinduMediaQuality) {
        return;
    }
    window.jinduMediaQuality = true;

    var QUALITY_KEY = "jindu:video-quality";
    var SAVE_DATA_KEY = "jindu:video-save-data";
    var hlsScript = null;

    function stored(key) {
        try {
            return window.localStorage.getItem(key);
        } catch (error) {
            return null;
        }
    }

    function store(key, value) {
        try {
            window.localStorage.setItem(key, value);
        } catch (error) {
            // Private mode: the choice lasts for this page only.
        }
    }

    function loadHls(url) {
        if (!hlsScript) {
            hlsScript = new Promise(function (resolve, reject) {
                var script = document.createElement("script");
                script.src = url;
                script.onload = function () {
                    resolve(window.Hls);
                };
                script.onerror = reject;
                document.head.appendChild(script);
            });
        }
        return hlsScript;
    }

    function Quality(container) {
        this.container = container;
        this.video = container.querySelector("video");
        this.menu = container.querySelector("[data-quality]");
        this.select = container.querySelector("[data-quality-select]");
        this.saveData = container.querySelector("[data-save-data]");
        this.hls = null;
        this.options = Array.prototype.slice.call(this.select.options).filter(function (option) {
            return option.dataset.src;
        });
    }

    Quality.prototype.nativeHls = function () {
        return Boolean(this.video.canPlayType("application/vnd.apple.mpegurl"));
    };

    Quality.prototype.showingTracks = function () {
        return Array.prototype.filter.call(this.video.textTracks, function (track) {
            return track.mode === "showing";
        });
    };

    // Point the player at a new source, keeping position, play state and the subtitles that were showing.
    Quality.prototype.switchTo = function (attach) {
        var self = this;
        var video = self.video;
        var position = video.currentTime;
        var playing = !video.paused && !video.ended;
        var showing = self.showingTracks();
        var started = position > 0 || playing;
        delete self.container.dataset.qualityReady;
        if (started) {
            self.container.dataset.switching = "1";
        }
        if (self.hls) {
            self.hls.destroy();
            self.hls = null;
        }
        function restore() {
            video.removeEventListener("loadedmetadata", restore);
            showing.forEach(function (track) {
                track.mode = "showing";
            });
            self.container.dataset.qualityReady = "1";
            if (!started) {
                return;
            }
            function done() {
                video.removeEventListener("seeked", done);
                delete self.container.dataset.switching;
                if (playing) {
                    video.play().catch(function () {});
                }
            }
            if (position > 0) {
                video.addEventListener("seeked", done);
                video.currentTime = position;
            } else {
                done();
            }
        }
        video.addEventListener("loadedmetadata", restore);
        attach(video);
    };

    Quality.prototype.playFile = function (option) {
        var self = this;
        self.switchTo(function (video) {
            video.src = option.dataset.src;
            video.load();
        });
    };

    Quality.prototype.playAdaptive = function () {
        var self = this;
        var url = self.video.dataset.hls;
        if (self.nativeHls()) {
            self.switchTo(function (video) {
                video.src = url;
                video.load();
            });
            return;
        }
        if (!window.MediaSource) {
            self.playFile(self.options[0]);
            return;
        }
        loadHls(self.video.dataset.hlsScript).then(
            function (Hls) {
                if (!Hls || !Hls.isSupported()) {
                    self.playFile(self.options[0]);
                    return;
                }
                self.switchTo(function (video) {
                    // No worker: the CSP allows scripts from this origin only.
                    var hls = new Hls({ startLevel: 0, capLevelToPlayerSize: true, enableWorker: false });
                    self.hls = hls;
                    hls.loadSource(url);
                    hls.attachMedia(video);
                });
            },
            function () {
                self.playFile(self.options[0]);
            },
        );
    };

    Quality.prototype.apply = function () {
        var saving = this.saveData.checked;
        this.video.preload = saving ? "none" : "metadata";
        this.select.disabled = saving;
        if (saving) {
            this.select.value = this.options[0].value;
            this.playFile(this.options[0]);
            return;
        }
        var choice = this.select.value;
        var option = this.options.filter(function (candidate) {
            return candidate.value === choice;
        })[0];
        if (option) {
            this.playFile(option);
        } else {
            this.playAdaptive();
        }
    };

    Quality.prototype.start = function () {
        var self = this;
        var wanted = stored(QUALITY_KEY);
        var known = Array.prototype.some.call(self.select.options, function (option) {
            return option.value === wanted;
        });
        if (known) {
            self.select.value = wanted;
        }
        self.saveData.checked = stored(SAVE_DATA_KEY) === "1";
        self.menu.hidden = false;
        self.select.addEventListener("change", function () {
            store(QUALITY_KEY, self.select.value);
            self.apply();
        });
        self.saveData.addEventListener("change", function () {
            store(SAVE_DATA_KEY, self.saveData.checked ? "1" : "0");
            self.apply();
        });
        var onLowest = self.select.value === self.options[0].value;
        if (!(onLowest && (self.saveData.checked || self.options.length === 1))) {
            self.apply();
        } else {
            self.video.preload = self.saveData.checked ? "none" : "metadata";
            self.container.dataset.qualityReady = "1";
        }
    };

    document.addEventListener("DOMContentLoaded", function () {
        Array.prototype.forEach.call(document.querySelectorAll("[data-media-player]"), function (container) {
            if (container.querySelector("[data-quality-select]") && container.querySelector("video[data-hls]")) {
                new Quality(container).start();
            }
        });
    });
})();
