// The lesson page follows the player's credited progress (media/player.js sends "media:progress"):
// once the video counts as watched, its step is ticked, and when nothing else is needed the page
// shows the lesson completed with the way on. The server already recorded it; this only shows it.
(function () {
    "use strict";

    document.addEventListener("media:progress", function (event) {
        var lesson = document.querySelector("[data-lesson]");
        if (!lesson || !event.detail || !event.detail.watched) {
            return;
        }
        var step = lesson.querySelector("[data-video-step]");
        if (step && !step.classList.contains("is-done")) {
            step.classList.add("is-done");
            var state = step.querySelector("[data-video-state]");
            state.textContent = state.dataset.labelDone;
        }
        if (lesson.dataset.needsQuiz) {
            return;
        }
        var done = lesson.querySelector("[data-lesson-done]");
        var badge = lesson.querySelector("[data-lesson-badge]");
        if (badge) {
            badge.hidden = false;
        }
        if (done && done.hidden) {
            done.hidden = false;
        }
    });
})();
