"""Diffs and the three-way merge behind the conflict view."""

from articles.workflow.diffing import has_conflict_markers, merge3, merge_field, side_by_side, sources_diff

BASE = "Titre\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième paragraphe.\n"


def test_changes_on_different_lines_merge_cleanly():
    mine = BASE.replace("Premier", "Tout premier")
    theirs = BASE.replace("Troisième", "Ultime")
    result = merge3(BASE, mine, theirs, mine_label="moi", theirs_label="eux")
    assert result.conflicts == 0
    assert "Tout premier paragraphe." in result.text and "Ultime paragraphe." in result.text


def test_changes_on_the_same_line_are_kept_both_between_markers():
    mine = BASE.replace("Deuxième paragraphe.", "Deuxième paragraphe, version A.")
    theirs = BASE.replace("Deuxième paragraphe.", "Deuxième paragraphe, version B.")
    result = merge3(BASE, mine, theirs, mine_label="moi", theirs_label="eux")
    assert result.conflicts == 1
    assert "<<<<<<< moi\nDeuxième paragraphe, version A.\n=======\nDeuxième paragraphe, version B.\n>>>>>>> eux" in result.text
    assert has_conflict_markers(result.text)
    assert not has_conflict_markers("Une flèche <<< dans le texte et ==== ici.")


def test_identical_changes_and_one_sided_changes():
    same = BASE + "\nAjout commun.\n"
    assert merge3(BASE, same, same, mine_label="m", theirs_label="t").text == same
    assert merge3(BASE, BASE, same, mine_label="m", theirs_label="t").text == same
    assert merge_field("a", "b", "a") == ("b", False)
    assert merge_field("a", "a", "c") == ("c", False)
    assert merge_field("a", "b", "c") == ("b", True)


def test_side_by_side_marks_changed_words_and_folds_context():
    old = "\n".join(f"ligne {i}" for i in range(20)) + "\nLe réseau compte 121 ateliers."
    new = "\n".join(f"ligne {i}" for i in range(20)) + "\nLe réseau compte 140 ateliers."
    diff = side_by_side(old, new, context=2)
    assert diff.changed and diff.added == 1 and diff.removed == 1
    assert diff.rows[0].kind == "skip" and diff.rows[0].left[0].text == "18"
    changed = diff.rows[-1]
    assert changed.kind == "replace"
    assert [s.text for s in changed.left if s.changed] == ["121"]
    assert [s.text for s in changed.right if s.changed] == ["140"]


def test_sources_diff():
    old = [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}]
    new = [{"id": 2, "name": "B"}, {"id": 3, "name": "C"}]
    changes = {(c.name, c.change) for c in sources_diff(old, new)}
    assert changes == {("B", "moved"), ("C", "added"), ("A", "removed")}
