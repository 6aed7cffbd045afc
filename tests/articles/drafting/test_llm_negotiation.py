"""What a real OpenAI-compatible server does that OpenAI does not, through the real `openai` client:
structured output negotiated and remembered, bounded generation, lenient reading, honest messages."""

import pytest

from prizm.llm import BriefInput, LLMError, Outline, OutlineSection, SourceMaterial
from prizm.llm.openai_provider import OpenAIProvider
from prizm.llm.schemas import SynthesisOut

BRIEF = BriefInput(
    topic="La réparation des appareils",
    sources=(SourceMaterial(id=1, name="Observatoire de la réparation", reliability=9, extracts=("En 2024, 38 %…",)),),
)
OUTLINE = Outline(
    title="",
    sections=(
        OutlineSection(key="introduction", heading="", source_ids=(1,)),
        OutlineSection(key="leviers", heading="Leviers", source_ids=(1,), kind="items"),
    ),
)
SYNTHESIS = SynthesisOut(title="t", convergences="c", divergences="d", recommended_angle="a", score=7)


def provider(fake, scenario: str, *, max_retries: int = 2) -> OpenAIProvider:
    return OpenAIProvider(
        model=f"gpt-4o-mini+{scenario}", api_key="test-key", base_url=fake.url, timeout=2, max_retries=max_retries
    )


def formats(fake) -> list:
    return [(r["body"].get("response_format") or {}).get("type") for r in fake.requests]


def test_a_500_refusing_json_schema_falls_back_at_once_and_the_next_call_goes_straight_to_json_mode(fake):
    p = provider(fake, "schema500")
    assert p.synthesize(brief=BRIEF).data.score == 7.5
    assert formats(fake) == ["json_schema", "json_object"]  # one request refused, not retried 3 times
    fake.reset()
    assert p.synthesize(brief=BRIEF).data.score == 7.5
    assert formats(fake) == ["json_object"]  # remembered for this server and model


def test_json_mode_carries_the_schema_narrowed_to_the_plan(fake):
    draft = provider(fake, "schema500").write_draft(brief=BRIEF, synthesis=SYNTHESIS, outline=OUTLINE)
    assert [s.key for s in draft.data.sections] == ["introduction", "leviers"]
    sections = fake.requests[-1]["body"]["response_format"]["schema"]["properties"]["sections"]
    assert sections["minItems"] == sections["maxItems"] == 2
    intro, levers = sections["prefixItems"]
    assert intro["properties"]["key"]["enum"] == ["introduction"] and levers["properties"]["key"]["enum"] == ["leviers"]
    assert intro["properties"]["items"]["maxItems"] == 0 and intro["properties"]["paragraphs"]["minItems"] == 1
    assert levers["properties"]["paragraphs"]["maxItems"] == 0 and levers["properties"]["items"]["minItems"] == 3
    assert intro["additionalProperties"] is False  # a grammar would let the model add keys forever
    assert "schéma JSON" in fake.requests[-1]["body"]["messages"][0]["content"]


def test_a_server_without_any_json_mode_gets_plain_text_with_the_schema_in_the_prompt(fake):
    p = provider(fake, "no_json_mode")
    assert p.synthesize(brief=BRIEF).data.title
    assert formats(fake) == ["json_schema", "json_object", "json_object", None]
    fake.reset()
    p.synthesize(brief=BRIEF)
    assert formats(fake) == [None]


def test_raw_newlines_inside_json_strings_are_read(fake):
    result = provider(fake, "newlines").write_draft(brief=BRIEF, synthesis=SYNTHESIS, outline=OUTLINE)
    assert "\n(Source : Observatoire de la réparation)" in result.data.sections[0].paragraphs[0]


def test_a_looping_model_stops_at_max_tokens_and_the_message_names_the_limit_and_the_setting(fake, settings):
    settings.PRIZM_LLM_MAX_TOKENS = 1000
    with pytest.raises(LLMError) as exc:
        provider(fake, "endless").write_draft(brief=BRIEF, synthesis=SYNTHESIS, outline=OUTLINE)
    assert exc.value.code == "truncated"
    assert "1000 jetons" in exc.value.message and "PRIZM_LLM_MAX_TOKENS" in exc.value.message
    assert "Réduisez le nombre de sources" not in exc.value.message
    assert fake.requests[0]["body"]["max_tokens"] == 1000
    assert len(fake.requests) == 1  # a cut answer is not retried


def test_the_synthesis_gets_a_smaller_token_budget_than_the_draft(fake, settings):
    settings.PRIZM_LLM_MAX_TOKENS = 4096
    provider(fake, "good").synthesize(brief=BRIEF)
    assert fake.requests[0]["body"]["max_tokens"] == 1024


def test_a_full_context_window_says_so_instead_of_blaming_a_loop(fake):
    with pytest.raises(LLMError) as exc:
        provider(fake, "context_full").synthesize(brief=BRIEF)
    assert exc.value.code == "truncated"
    assert "fenêtre de contexte" in exc.value.message


def test_temperature_and_seed_are_sent_only_when_set(fake, settings):
    provider(fake, "good").synthesize(brief=BRIEF)
    assert not {"temperature", "seed", "frequency_penalty"} & set(fake.requests[0]["body"])
    settings.PRIZM_LLM_TEMPERATURE, settings.PRIZM_LLM_SEED, settings.PRIZM_LLM_FREQUENCY_PENALTY = 0.0, 42, 0.5
    fake.reset()
    provider(fake, "good").synthesize(brief=BRIEF)
    body = fake.requests[0]["body"]
    assert body["temperature"] == 0.0 and body["seed"] == 42 and body["frequency_penalty"] == 0.5


def test_a_real_server_error_is_still_retried_after_the_probe(fake):
    with pytest.raises(LLMError) as exc:
        provider(fake, "error500", max_retries=2).synthesize(brief=BRIEF)
    assert exc.value.code == "server_error"
    assert fake.count("error500") == 3  # the probe and two retries: not taken for a format refusal


def test_a_rewrite_body_is_bounded_by_max_tokens_not_by_the_grammar(fake):
    from prizm.llm import ArticleInput

    body = "## Partie\n\n" + "Un paragraphe long (Source : Observatoire de la réparation). " * 80
    provider(fake, "schema500").rewrite(article=ArticleInput(title="Titre", body=body, sources=BRIEF.sources), style="concise")
    sent = fake.requests[-1]["body"]["response_format"]["schema"]["properties"]
    assert "maxLength" not in sent["body"]  # a grammar would cut a long article
    assert fake.requests[-1]["body"]["max_tokens"] >= len(body) // 2
    fake.reset()
    provider(fake, "schema500").synthesize(brief=BRIEF)
    assert fake.requests[-1]["body"]["response_format"]["schema"]["properties"]["convergences"]["maxLength"] == 700
