"""Hostile markdown and HTML come out inert in the stored HTML."""

import pytest

from dossiers.markup import LINK_REL
from tests.factories import make_dossier
from tests.html_checks import assert_inert, elements, problems

HOSTILE_INPUTS = {
    "script tag": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "markdown javascript link": "[clic](javascript:alert(1))",
    "markdown javascript link with spaces": "[clic](  javascript:alert(1) )",
    "raw javascript link": '<a href="javascript:alert(1)">clic</a>',
    "markdown data link": "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "raw data link": '<a href="data:text/html,<script>alert(1)</script>">clic</a>',
    "hex entity scheme": '<a href="jav&#x61;script:alert(1)">clic</a>',
    "decimal entity scheme": (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'
    ),
    "tab entity inside scheme": '<a href="jav&#x09;ascript:alert(1)">clic</a>',
    "markdown entity scheme": "[clic](&#x6A;avascript:alert(1))",
    "vbscript link": '<a href="vbscript:msgbox(1)">clic</a>',
    "svg onload": "<svg onload=alert(1)><circle r=10 /></svg>",
    "script inside svg": "<svg><script>alert(1)</script></svg>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style element": "<style>body { display: none }</style>",
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "object and embed": '<object data="javascript:alert(1)"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example/"><input name="q"></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base href": '<base href="https://evil.example/">',
    "details ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "math mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "image alt breakout": "![a'\"`onerror=alert(1)](x)",
    "attribute list onclick": "Texte\n{: onclick=alert(1) }",
    "third-party image": "![pixel](https://tracker.example/pixel.gif)",
    "protocol-relative image": "![pixel](//tracker.example/pixel.gif)",
    "raw data image": '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
}


@pytest.mark.django_db
@pytest.mark.parametrize("body", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_hostile_input_is_stored_inert(body):
    dossier = make_dossier(body=body)
    dossier.refresh_from_db()
    assert_inert(dossier.body_html)
    assert "<script" not in dossier.body_html.lower()


@pytest.mark.django_db
def test_a_link_keeps_its_url_and_gets_rel_but_not_its_handler():
    dossier = make_dossier(body='<a href="https://ok.example/a?b=1" onclick="alert(1)">ok</a>')
    [(_, attrs)] = [e for e in elements(dossier.body_html) if e[0] == "a"]
    assert dict(attrs) == {"href": "https://ok.example/a?b=1", "rel": LINK_REL}


@pytest.mark.django_db
def test_a_third_party_image_becomes_a_link_to_it():
    dossier = make_dossier(body="![Caméra rue Ferrand](https://photos.example/cam.jpg)")
    tags = elements(dossier.body_html)
    assert [tag for tag, _ in tags] == ["p", "a"]
    assert dict(tags[1][1])["href"] == "https://photos.example/cam.jpg"
    assert "Caméra rue Ferrand" in dossier.body_html


@pytest.mark.django_db
def test_a_same_site_image_stays_an_image():
    dossier = make_dossier(body="![Plan](/static/img/favicon.svg)")
    images = [dict(attrs) for tag, attrs in elements(dossier.body_html) if tag == "img"]
    assert images == [{"src": "/static/img/favicon.svg", "alt": "Plan", "loading": "lazy"}]


@pytest.mark.django_db
def test_ordinary_markdown_survives_sanitising():
    body = (
        "# Titre\n\nDu **gras**, un [lien](https://example.org/) et un "
        "[courriel](mailto:contact@example.org).[^1]\n\n"
        "| Nombre | Source |\n|---:|---|\n| 240 | presse |\n\n[^1]: Une note."
    )
    html = make_dossier(body=body).body_html
    tags = [tag for tag, _ in elements(html)]
    assert '<h2 id="titre">Titre</h2>' in html
    assert "<strong>gras</strong>" in html
    assert 'href="mailto:contact@example.org"' in html
    assert '<td align="right">240</td>' in html
    assert {"table", "sup", "ol"} <= set(tags)
    assert 'class="footnote"' in html
    assert_inert(html)


@pytest.mark.django_db
def test_unknown_markup_is_shown_as_text_not_dropped():
    html = make_dossier(body="Balise <marquee>défilante</marquee>").body_html
    assert "&lt;marquee&gt;défilante&lt;/marquee&gt;" in html


@pytest.mark.parametrize(
    "html",
    [
        "<img src=x onerror=alert(1)>",
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<iframe></iframe>",
        '<img src="https://tracker.example/p.gif">',
        '<p style="color:red">x</p>',
    ],
)
def test_the_checker_itself_catches_dangerous_html(html):
    assert problems(html) != []


@pytest.mark.django_db
def test_a_body_cannot_take_over_the_site_s_own_ids():
    html = make_dossier(body='# Site main\n\n{: #site-main }\n\n<h2 id="id_q">x</h2>').body_html
    ids = {dict(attrs).get("id") for _, attrs in elements(html)}
    assert not {"site-main", "id_q"} & ids
