"""The demo invents nothing (issue 16): every passage it puts in quotation marks is in
the seed texts it was written from (../shared/seeds, beside the clone, which the
project does not ship), and no source title passes for a headline the seeds do not give."""

import re
import unicodedata
from pathlib import Path

import pytest

from dossiers.demo import REVISIONS, SUMMARY_V1, SUMMARY_V3
from dossiers.demo.sheet import ACTORS, CAMERAS, EVENTS, ROLES, TECHNOLOGIES
from dossiers.demo.sources import SOURCES

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# The only titles the seeds give as such: the forum thread, the campaign's sheet
# and the documentary.
QUOTED_TITLES = {"Valenciennes - VSI Huawei", "Valenciennes", "Qui a peur de Huawei"}


def folded(text):
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("\u202f", " "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def demo_texts():
    texts = [SUMMARY_V1, SUMMARY_V3]
    texts += [revision.body() for revision in REVISIONS]
    texts += [source["notes"] for source in SOURCES]
    texts += [source["title"] for source in SOURCES]
    texts += [actor["description"] for actor in ACTORS]
    texts += [note for _slug, _status, note, _keys in TECHNOLOGIES]
    texts += [note for _actor, _role, note, _keys in ROLES]
    texts += [scope for _value, _as_of, scope, _keys in CAMERAS]
    texts += [f"{title} {description}" for _d, _f, title, description, _k in EVENTS]
    return texts


def test_only_titles_the_seeds_give_are_shown_as_titles():
    quoted = {source["title"] for source in SOURCES if not source.get("descriptive_title")}
    assert quoted == QUOTED_TITLES


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed texts are not at {SEEDS}")
def test_every_quotation_of_the_demo_is_in_the_seeds():
    seeds = folded(" ".join(path.read_text() for path in sorted(SEEDS.iterdir())))
    quotations = {
        quotation for text in demo_texts() for quotation in re.findall(r"«\s*([^«»]+?)\s*»", text)
    }
    assert len(quotations) > 15
    invented = sorted(q for q in quotations if folded(q) not in seeds)
    assert invented == []
