"""Sections that other apps add to a proposal's page, without review knowing them.

An app registers a callable from its AppConfig.ready(); the page calls each with the
request, the proposal and the page's context, and shows the HTML it returns (none
when it returns an empty string), after the proposal's differences.
"""

_panels = []


def register(panel):
    if panel not in _panels:
        _panels.append(panel)


def render_panels(request, change, context):
    return [html for html in (panel(request, change, context) for panel in _panels) if html]
