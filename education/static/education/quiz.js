// Quiz paper enhancements: a countdown, saving answers as they are given, and one question at a
// time on phones. Without this file the paper is a plain form that posts every answer at once.
(function () {
    "use strict";

    var PHONE = "(max-width: 40rem)";

    function format(seconds) {
        var minutes = Math.floor(seconds / 60);
        var rest = seconds % 60;
        return minutes + ":" + (rest < 10 ? "0" : "") + rest;
    }

    function startTimer(form, timer) {
        var deadline = Date.now() + parseInt(timer.dataset.remainingSeconds, 10) * 1000;
        var label = form.dataset.timeLabel;
        function tick() {
            var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
            timer.textContent = label + " " + format(left);
            timer.classList.toggle("is-urgent", left <= 60);
            if (left === 0) {
                form.submit();
                return;
            }
            window.setTimeout(tick, 1000);
        }
        tick();
    }

    function saveAnswers(form) {
        var data = new FormData(form);
        return fetch(form.dataset.saveUrl, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: { "X-Requested-With": "fetch" }
        }).catch(function () { return null; });
    }

    function stepThrough(form) {
        var questions = Array.prototype.slice.call(form.querySelectorAll(".quiz-question"));
        if (questions.length < 2) {
            return;
        }
        var submit = form.querySelector(".quiz-paper__submit");
        var nav = document.createElement("div");
        nav.className = "quiz-paper__nav";
        var previous = document.createElement("button");
        previous.type = "button";
        previous.className = "button button--secondary";
        previous.textContent = form.dataset.previousLabel;
        var next = document.createElement("button");
        next.type = "button";
        next.className = "button";
        next.textContent = form.dataset.nextLabel;
        var progress = document.createElement("p");
        progress.className = "quiz-paper__progress";
        progress.setAttribute("aria-live", "polite");
        nav.appendChild(previous);
        nav.appendChild(next);
        form.insertBefore(progress, questions[0]);
        form.insertBefore(nav, submit);
        form.classList.add("is-stepping");
        var current = 0;

        function show(index) {
            current = index;
            questions.forEach(function (question, position) {
                question.hidden = position !== index;
            });
            previous.hidden = index === 0;
            next.hidden = index === questions.length - 1;
            submit.hidden = index !== questions.length - 1;
            progress.textContent = form.dataset.stepLabel
                .replace("%(number)s", index + 1)
                .replace("%(total)s", questions.length);
        }
        previous.addEventListener("click", function () { show(current - 1); });
        next.addEventListener("click", function () {
            show(current + 1);
            questions[current].querySelector("input").focus();
        });
        show(0);
    }

    document.addEventListener("DOMContentLoaded", function () {
        var form = document.querySelector("[data-quiz-paper]");
        if (!form) {
            return;
        }
        var timer = document.querySelector("[data-quiz-timer]");
        if (timer) {
            startTimer(form, timer);
        }
        form.addEventListener("change", function () { saveAnswers(form); });
        if (window.matchMedia(PHONE).matches) {
            stepThrough(form);
        }
    });
})();
