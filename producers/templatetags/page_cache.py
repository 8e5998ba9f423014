"""`{% cached_part "name" [key] [vary ...] %}…{% endcached_part %}`: the part of a page kept per state of what it
shows (producers.page_cache). `key` names the context's PageCache (`page_cache` when not given); the `vary` values
are added to it. Without that PageCache in the context the part is rendered each time, as if the tag were not
there.

What only the part shows is computed only when the part is rendered: the view passes it as `page_details`, a
function returning the part's own context, called on a miss and never on a hit.

The CSRF token differs per person and per login; inside the kept part it is a hole, filled on every request with
this request's token, so that a kept form posts as a freshly rendered one.
"""

import secrets

from django import template
from django.core.cache import cache
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Stands for the token in what is kept; random per process, so no text a person typed can be taken for it.
CSRF_HOLE = f"csrf-hole-{secrets.token_hex(8)}"
# Where a page's details, once computed, are kept while it renders.
DETAILS = "page_cache.details"


class CachedPartNode(Node):
    def __init__(self, nodelist: NodeList, name: str, key: str, vary: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.key = key
        self.vary = vary

    def render(self, context: Context) -> SafeString:
        settings = context.get(self.key)
        if not settings:
            return mark_safe(self._render(context))
        key = settings.part_key(self.name, [str(expression.resolve(context)) for expression in self.vary])
        kept = cache.get(key)
        if not isinstance(kept, str):
            with context.push(csrf_token=CSRF_HOLE):
                kept = self._render(context)
            cache.set(key, kept, settings.seconds)
        if CSRF_HOLE in kept:
            kept = kept.replace(CSRF_HOLE, str(context.get("csrf_token") or ""))
        return mark_safe(kept)

    def _render(self, context: Context) -> str:
        # The page's own parts (under `page_cache`) are the ones its view computes details for; the menu has none.
        with context.push(**(_page_details(context) if self.key == "page_cache" else {})):
            return self.nodelist.render(context)


def _page_details(context: Context) -> dict[str, object]:
    """The view's `page_details`, computed once per page however many of its parts are rendered (its title and its
    body, say): kept in the render context, which lives as long as the rendering of the page."""
    computed: dict[str, object] | None = context.render_context.get(DETAILS)
    if computed is None:
        details = context.get("page_details")
        computed = details() if callable(details) else {}
        context.render_context[DETAILS] = computed
    return computed


@register.tag
def cached_part(parser: Parser, token: Token) -> CachedPartNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Usage: {% cached_part "name" [key] [vary ...] %}…{% endcached_part %}')
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    key = bits[2] if len(bits) > 2 else "page_cache"
    return CachedPartNode(nodelist, bits[1][1:-1], key, [parser.compile_filter(bit) for bit in bits[3:]])
