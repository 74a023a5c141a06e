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

    function makeButton(label, className) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = className;
        button.textContent = label;
        return button;
    }

    // One question at a time: 上一题 and 下一题 move between questions, 交卷 takes the place of 下一题
    // on the last one. The index is clamped, so no tap can leave the paper without a question.
    function stepThrough(form) {
        var questions = Array.prototype.slice.call(form.querySelectorAll(".quiz-question"));
        if (questions.length < 2) {
            return;
        }
        var submit = form.querySelector(".quiz-paper__submit");
        var nav = document.createElement("div");
        nav.className = "quiz-paper__nav";
        var previous = makeButton(form.dataset.previousLabel, "button button--secondary quiz-paper__previous");
        var next = makeButton(form.dataset.nextLabel, "button quiz-paper__next");
        var progress = document.createElement("p");
        progress.className = "quiz-paper__progress";
        progress.setAttribute("aria-live", "polite");
        nav.appendChild(previous);
        nav.appendChild(next);
        form.insertBefore(progress, questions[0]);
        form.insertBefore(nav, submit);
        nav.appendChild(submit);
        questions.forEach(function (question) {
            question.querySelector("legend").tabIndex = -1;
        });
        form.classList.add("is-stepping");
        var current = 0;

        function show(index) {
            current = Math.max(0, Math.min(questions.length - 1, index));
            var last = current === questions.length - 1;
            questions.forEach(function (question, position) {
                question.hidden = position !== current;
            });
            previous.hidden = current === 0;
            next.hidden = last;
            submit.hidden = !last;
            progress.textContent = form.dataset.stepLabel
                .replace("%(number)s", current + 1)
                .replace("%(total)s", questions.length);
        }

        function move(step) {
            show(current + step);
            questions[current].querySelector("legend").focus();
        }

        previous.addEventListener("click", function () { move(-1); });
        next.addEventListener("click", function () { move(1); });
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
