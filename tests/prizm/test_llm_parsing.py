"""What models really send, read leniently before the schema decides (prizm/llm/parsing.py)."""

from prizm.llm.parsing import json_in_answer


def test_strict_json_is_read_as_it_is():
    assert json_in_answer('{"title": "Réparer"}') == {"title": "Réparer"}


def test_raw_newlines_inside_strings_are_kept():
    assert json_in_answer('{"body": "Premier paragraphe.\n\nSecond."}') == {"body": "Premier paragraphe.\n\nSecond."}


def test_a_fenced_or_chatty_answer_gives_its_object():
    assert json_in_answer('Voici la réponse :\n```json\n{"score": 7}\n```\nBonne lecture !') == {"score": 7}
    assert json_in_answer('Bien sûr ! {"score": 8} J\'espère que cela aide.') == {"score": 8}


def test_a_missing_closing_brace_is_repaired():
    assert json_in_answer('{"title": "Réparer", "sections": [{"key": "introduction"}]') == {
        "title": "Réparer",
        "sections": [{"key": "introduction"}],
    }


def test_prose_without_an_object_is_nothing_to_read():
    assert json_in_answer("Je ne peux pas rédiger cet article.") is None
    assert json_in_answer("") is None
    assert json_in_answer("[1, 2]") is None
