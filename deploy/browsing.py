"""What a browser sends from a page's form, for the programs that drive the site
over HTTP: the cluster's tests and the benchmark's publisher."""

from html.parser import HTMLParser


class PostedForm(HTMLParser):
    """`fields`: the values of the page's form that posts to the page itself (no
    action), as a browser sends them untouched."""

    def __init__(self, page):
        super().__init__()
        self.fields, self.inside, self.select, self.textarea = {}, False, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and "action" not in attrs:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        kind = attrs.get("type")
        if tag == "input" and name and kind not in ("submit", "file", "checkbox"):
            self.fields[name] = attrs.get("value", "")
        elif tag == "input" and name and kind == "checkbox" and "checked" in attrs:
            self.fields[name] = attrs.get("value", "on")
        elif tag == "textarea" and name:
            self.textarea, self.fields[name] = name, ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_fields(page):
    return PostedForm(page).fields
