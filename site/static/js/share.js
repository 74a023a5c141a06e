/* The share box of article, video, event and quiz pages. In WeChat with share cards configured, it sets the
   card (title, summary, picture) through the JS-SDK and says where WeChat's share menu is; anywhere else the
   button copies the page's link, or selects it for the reader to copy when the clipboard is not available. */
(function () {
    "use strict";

    function say(box, name) {
        var status = box.querySelector("[data-share-status]");
        status.textContent = box.getAttribute("data-" + name + "-label") || "";
    }

    function selectLink(box) {
        var link = box.querySelector("[data-share-link]");
        link.closest(".share__link").hidden = false;
        link.focus();
        link.select();
        link.setSelectionRange(0, link.value.length);
        var copied = false;
        try {
            copied = document.execCommand("copy");
        } catch (error) {
            copied = false;
        }
        say(box, copied ? "copied" : "select");
    }

    function copyLink(box) {
        var url = box.dataset.url;
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(url).then(
                function () {
                    say(box, "copied");
                },
                function () {
                    selectLink(box);
                },
            );
        } else {
            selectLink(box);
        }
    }

    function wechatCard(box) {
        var here = window.location.href.split("#")[0];
        return window
            .fetch(box.dataset.wechatConfigUrl + "?url=" + encodeURIComponent(here), { credentials: "omit" })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("no share config");
                }
                return response.json();
            })
            .then(function (config) {
                var card = { title: box.dataset.title, desc: box.dataset.desc, link: box.dataset.url };
                if (box.dataset.image) {
                    card.imgUrl = box.dataset.image;
                }
                window.wx.config({
                    debug: false,
                    appId: config.appId,
                    timestamp: config.timestamp,
                    nonceStr: config.nonceStr,
                    signature: config.signature,
                    jsApiList: ["updateAppMessageShareData", "updateTimelineShareData"],
                });
                window.wx.ready(function () {
                    window.wx.updateAppMessageShareData(card);
                    window.wx.updateTimelineShareData({ title: card.title, link: card.link, imgUrl: card.imgUrl });
                });
            });
    }

    function setUp(box) {
        var button = box.querySelector("[data-share-button]");
        var inWeChat = /MicroMessenger/i.test(navigator.userAgent);
        box.querySelector(".share__link").hidden = true;
        button.hidden = false;
        if (inWeChat && box.dataset.wechatConfigUrl && window.wx) {
            wechatCard(box).then(
                function () {
                    // The card is set: WeChat's own menu shares it, so the button points there.
                    button.addEventListener("click", function () {
                        say(box, "wechat");
                    });
                },
                function () {
                    button.addEventListener("click", function () {
                        copyLink(box);
                    });
                },
            );
            return;
        }
        button.addEventListener("click", function () {
            copyLink(box);
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-share]").forEach(setUp);
    });
})();
