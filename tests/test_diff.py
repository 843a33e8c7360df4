from review.diff import diff_fields, diff_text


def test_changed_words_are_marked_and_the_rest_kept():
    html = diff_text("La ville compte 217 caméras.", "La ville compte 240 caméras.")
    assert html == "La ville compte <del>217</del><ins>240</ins> caméras."


def test_every_token_is_escaped():
    html = diff_text("texte", 'texte <script>alert("x")</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert html.startswith("texte<ins>")


def test_unchanged_text_in_a_deleted_line_is_escaped_too():
    html = diff_text("<b>un</b>\ndeux\n", "deux\n")
    assert html == "<del>&lt;b&gt;un&lt;/b&gt;\n</del>deux\n"


def test_long_unchanged_stretches_are_folded():
    lines = [f"ligne {n}\n" for n in range(40)]
    changed = [*lines]
    changed[20] = "ligne vingt\n"
    html = diff_text("".join(lines), "".join(changed))
    assert "ligne 5\n" not in html
    assert "ligne 18\n" in html and "ligne 22\n" in html
    assert "18 lignes identiques" in html
    assert "17 lignes identiques" in html
    assert "<del>20</del><ins>vingt</ins>" in html


def test_unrelated_huge_blocks_fall_back_to_removed_then_added():
    old, new = "a " * 3000, "b " * 3000
    html = diff_text(old, new)
    assert html == f"<del>{old}</del><ins>{new}</ins>"


def test_field_diffs_say_which_fields_changed():
    changes = diff_fields(
        [("title", "titre"), ("body", "texte")],
        {"title": "Même titre", "body": "avant"},
        {"title": "Même titre", "body": "après"},
    )
    assert [(change.name, change.changed) for change in changes] == [
        ("title", False),
        ("body", True),
    ]
    assert changes[1].html == "<del>avant</del><ins>après</ins>"


def test_past_its_work_budget_changed_blocks_are_shown_whole():
    html = diff_text("un deux\ntrois\n", "un DEUX\ntrois\n", word_budget=0)
    assert html == "<del>un deux\n</del><ins>un DEUX\n</ins>trois\n"


def test_the_budget_is_spent_block_by_block_in_order():
    old, new = "un deux\nfixe\ntrois quatre\n", "un DEUX\nfixe\ntrois QUATRE\n"
    # "un deux\n" against "un DEUX\n" is 4 x 4 token pairs: the first block fits.
    html = diff_text(old, new, word_budget=16)
    assert html.startswith("un <del>deux</del><ins>DEUX</ins>\nfixe\n")
    assert html.endswith("<del>trois quatre\n</del><ins>trois QUATRE\n</ins>")


def test_two_unrelated_long_texts_get_the_same_diff_every_time():
    old = "\n".join(f"ligne {n} du premier texte" for n in range(3000))
    new = "\n".join(f"autre {n} contenu tout à fait différent" for n in range(3000))
    assert diff_text(old, new) == diff_text(old, new)
