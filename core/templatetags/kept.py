"""{% load kept %}: {% kept "name" what it varies with… %}…{% endkept %} keeps a part of a
page that is the same for everyone who asks with the same values, until something it
read changes (core.page_cache.kept_fragment); never on a page whose context sets
keep_fragments to False. A record among the values keys the part by its identity,
and the part depends on it."""

from django import template
from django.db.models import Model

from core.cache_tags import depends_on, tag_of
from core.page_cache import kept_fragment

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        if context.get("keep_fragments") is False:  # a page of unpublished content
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        parts = tuple(part.resolve(context) for part in self.parts)
        records = [part for part in parts if isinstance(part, Model)]
        key = tuple(tag_of(part) if isinstance(part, Model) else part for part in parts)

        def build():
            depends_on(*map(tag_of, records))
            return self.nodelist.render(context)

        return kept_fragment(name, key, build)


@register.tag("kept")
def do_kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% kept %} needs a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
