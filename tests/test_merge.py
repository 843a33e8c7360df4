"""Three-way merge of two edits of one text (review/merge.py)."""

from review.merge import Conflict, merge_text

BASE = "Premier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième paragraphe.\n"


def test_edits_of_different_paragraphs_are_combined():
    mine = BASE.replace("Premier", "Tout premier")
    theirs = BASE.replace("Troisième paragraphe.", "Troisième paragraphe, complété.")
    merge = merge_text(BASE, mine, theirs)
    assert merge.conflicts == []
    assert merge.value == (
        "Tout premier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième paragraphe, complété.\n"
    )


def test_an_addition_and_a_deletion_elsewhere_are_combined():
    mine = BASE + "\nQuatrième paragraphe.\n"
    theirs = BASE.replace("Deuxième paragraphe.\n\n", "")
    merge = merge_text(BASE, mine, theirs)
    assert merge.conflicts == []
    assert merge.value == (
        "Premier paragraphe.\n\nTroisième paragraphe.\n\nQuatrième paragraphe.\n"
    )


def test_the_same_change_on_both_sides_is_no_conflict():
    both = BASE.replace("Deuxième", "Second")
    assert merge_text(BASE, both, both).value == both
    merge = merge_text(BASE, both, both.replace("Premier", "Un"))
    assert merge.conflicts == []
    assert merge.value == both.replace("Premier", "Un")


def test_changes_to_one_line_are_a_conflict_with_each_sides_version():
    mine = BASE.replace("Deuxième paragraphe.", "Deuxième paragraphe, selon moi.")
    theirs = BASE.replace("Deuxième paragraphe.", "Deuxième paragraphe, selon l’autre.")
    merge = merge_text(BASE, mine, theirs)
    assert merge.conflicts == [
        Conflict(
            "Deuxième paragraphe.\n",
            "Deuxième paragraphe, selon moi.\n",
            "Deuxième paragraphe, selon l’autre.\n",
        )
    ]
    assert merge.chunks[0] == "Premier paragraphe.\n\n"
    assert merge.chunks[-1] == "\nTroisième paragraphe.\n"


def test_changes_to_neighbouring_lines_are_a_conflict():
    base = "a\nb\nc\n"
    merge = merge_text(base, "A\nb\nc\n", "a\nB\nc\n")
    assert len(merge.conflicts) == 1
    assert merge.conflicts[0].mine == "A\nb\n" and merge.conflicts[0].theirs == "a\nB\n"


def test_two_insertions_at_the_same_place_are_a_conflict():
    base = "a\nb\n"
    merge = merge_text(base, "a\nmoi\nb\n", "a\nautre\nb\n")
    assert merge.conflicts == [Conflict("", "moi\n", "autre\n")]


def test_a_side_left_unchanged_takes_the_other():
    changed = BASE.replace("Premier", "1er")
    assert merge_text(BASE, BASE, changed).value == changed
    assert merge_text(BASE, changed, BASE).value == changed


def test_a_missing_final_line_break_is_no_change():
    base = "un\ndeux\n"
    merge = merge_text(base, "UN\ndeux", "un\ndeux")
    assert merge.conflicts == []
    assert merge.value == "UN\ndeux"


def test_long_agreed_stretches_are_folded_for_display():
    from review.merge import Folded, folded

    base = "".join(f"ligne {n}\n" for n in range(20))
    merge = merge_text(
        base, base.replace("ligne 10\n", "moi\n"), base.replace("ligne 10\n", "autre\n")
    )
    shown = folded(merge.chunks)
    assert shown[0] == Folded(8)
    assert shown[1] == "ligne 8\nligne 9\n"
    assert isinstance(shown[2], Conflict)
    assert shown[3] == "ligne 11\nligne 12\n"
    assert shown[4] == Folded(7)
