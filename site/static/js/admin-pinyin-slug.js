// A new page's slug from its Chinese title, in pinyin. Wagtail's own slug sync keeps only Latin letters, so a
// Chinese title leaves the slug empty; the server knows pinyin, so we ask it. Once the editor types in the slug
// field, the slug is theirs and is left alone.
(() => {
  const script = document.currentScript;
  const title = document.getElementById("id_title");
  const slug = document.getElementById("id_slug");
  const adding = window.location.pathname.match(/\/pages\/add\/[^/]+\/[^/]+\/(\d+)\/$/);
  if (!script || !title || !slug || !adding || slug.value) return;

  let ownedByEditor = false;
  let timer = null;
  let asked = 0;
  slug.addEventListener("input", () => {
    ownedByEditor = true;
  });

  const fill = async () => {
    const text = title.value.trim();
    if (ownedByEditor || !text) return;
    const ticket = ++asked;
    const url = new URL(script.dataset.pinyinSlugUrl, window.location.href);
    url.search = new URLSearchParams({ title: text, parent: adding[1] }).toString();
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok || ticket !== asked || ownedByEditor) return;
    const data = await response.json();
    if (data.slug) slug.value = data.slug;
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(fill, 250);
  };
  title.addEventListener("keyup", soon);
  title.addEventListener("change", soon);
  title.addEventListener("blur", soon);
})();
