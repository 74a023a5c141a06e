import hashlib

from django import template
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

from jindu import notifications, public_address, wechat
from jindu.frame import site_frame
from jindu.pagecache import remember

register = template.Library()


@register.simple_tag(takes_context=True)
def current_site(context):
    """The request's Wagtail site, as `{% wagtail_site %}` gives it."""
    request = context.get("request")
    return site_frame(request)["site"] if request is not None else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    current = getattr(context.get("page"), "url_path", "")
    items = site_frame(context["request"])["menu"]
    return {"items": [{**item, "active": _is_current(item, current)} for item in items]}


def _is_current(item, current_path):
    """A menu link is current on its own page and below it; the home link only on home."""
    own_path = item["page_path"]
    if not own_path or not current_path:
        return False
    if item["page_depth"] <= 2:
        return current_path == own_path
    return current_path.startswith(own_path)


@register.simple_tag(takes_context=True)
def footer_settings(context):
    return site_frame(context["request"])["footer"]


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An address at the site's public address, for Open Graph tags that WeChat reads."""
    return public_address.absolute_url(url, context.get("request"))


@register.simple_tag(takes_context=True)
def page_full_url(context, page):
    """A page's address at the site's public address (og:url, share links)."""
    return public_address.page_url(page, context.get("request"))


@register.simple_tag
def colon():
    """The colon after a label in the active language: full-width in Chinese, ": " in English."""
    return "：" if get_language().startswith("zh") else ": "


@register.simple_tag(takes_context=True)
def unread_messages(context):
    """The signed-in reader's unread inbox messages, for the badge in the header."""
    request = context.get("request")
    return notifications.unread_count(request) if request is not None else 0


# In the session: the signed-in user's id and whether they may use the admin, looked up once per sign-in.
USERBAR_SESSION_KEY = "jindu_userbar"


def may_use_admin(request):
    """Whether the signed-in reader may open the Wagtail admin, asked of the database once per session.

    Students and school staff read pages all day and never edit; asking on every page costs two
    permission queries. Someone given the admin since signing in sees the user bar from their
    next sign-in; someone whose access was taken away loses it at once, as Wagtail's own tag asks again.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    kept = request.session.get(USERBAR_SESSION_KEY)
    if not kept or kept[0] != user.pk:
        kept = request.session[USERBAR_SESSION_KEY] = [user.pk, user.has_perm("wagtailadmin.access_admin")]
    return kept[1]


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    """Wagtail's user bar for people who may edit, and nothing, at no query, for everybody else."""
    request = context.get("request")
    if request is None or not may_use_admin(request):
        return ""
    return wagtailuserbar(context, position)


@register.tag
def kept_fragment(parser, token):
    """`{% kept_fragment "name" value… %}…{% endkept_fragment %}`: rendered once per content change.

    The fragment is kept in the page cache's generation (jindu/pagecache.py `remember`) under its
    name, the values it shows (a page's id, a page number, a tag), the host and the language, so
    signed-in readers and pages never kept whole reuse it too. Only for fragments that look the same
    to every reader: nothing about the user, no CSRF token, nothing that changes with the clock.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept_fragment needs a name")
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    return KeptFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if getattr(
            request, "is_preview", False
        ):  # an editor's unsaved changes are neither kept nor shown from the cache
            return self.nodelist.render(context)
        values = [str(part.resolve(context)) for part in self.parts]
        host = request.get_host() if request is not None else ""
        key = "fragment:" + ":".join([host, get_language() or "", *values])
        return remember(hashlib.sha256(key.encode()).hexdigest(), lambda: self.nodelist.render(context))


@register.simple_tag
def wechat_share_on():
    """Whether pages set up WeChat share cards (an AppID and secret are configured)."""
    return wechat.enabled()
