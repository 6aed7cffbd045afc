"""The real pipeline against a real model: llama_cpp.server with SmolLM2-135M through the real
`openai` client and a real Celery worker. The model writes nonsense, ignores instructions and answers
a JSON schema with HTTP 500: every job must still end in a terminal state with an honest message,
and nothing it writes may be publishable without an override."""


import pytest

from articles import drafting
from articles.workflow.rules import gate_blockers
from prizm.llm import BriefInput, LLMError, SourceMaterial
from prizm.llm.openai_provider import OpenAIProvider, mode_known
from prizm.llm.schemas import RewriteOut
from tests.factories import ExtractFactory, SourceFactory
from tests.integration.conftest import MODEL
from tests.jobs_support import wait_for

pytestmark = [pytest.mark.real_llm, pytest.mark.django_db(transaction=True)]

SERVER_DOWN = "en panne"


@pytest.fixture
def sources(db):
    made = []
    for name, extract in [
        ("Baromètre des ateliers de réparation", "Le nombre d'ateliers de réparation a progressé de 18 % entre 2021 et 2024."),
        ("Enquête sur les ménages", "Six ménages sur dix ont renoncé à une réparation à cause de son coût."),
    ]:
        source = SourceFactory(name=name, publisher=name, reliability=8)
        ExtractFactory(source=source, text=extract, order=0)
        made.append(source)
    return made


def test_a_draft_through_the_worker_ends_with_an_article_the_gate_blocks(
    use_real_llm, celery_worker_process, editor, sources
):
    """A tiny model sometimes loops until max_tokens: that job must fail honestly ("truncated"), and
    the next topic must give an article, which the gate blocks."""
    articles = []
    for topic in ["La réparation des appareils", "Les ateliers de réparation", "Réparer plutôt que jeter"]:
        brief = drafting.brief_create(user=editor, topic=topic, angle="", sources=sources)
        job = wait_for(drafting.draft_launch(brief=brief, user=editor), timeout=240)
        assert job.status in {"succeeded", "failed"} and SERVER_DOWN not in job.error
        if job.status == "failed":
            assert (job.result or {}).get("error_code") in {"truncated", "invalid_output"}, job.error
            continue
        articles.append(job.result_article)
        assert job.tokens_out > 0 and job.model == MODEL
        break
    assert articles, "three drafts in a row without an article"
    assert gate_blockers(articles[0]), "a SmolLM2 draft must never pass the gate without an override"


def test_a_rewrite_through_the_worker_ends_in_a_terminal_state_with_an_honest_message(
    use_real_llm, celery_worker_process, editor, sources, settings
):
    settings.PRIZM_LLM_PROVIDER = "offline"  # a clean article to rewrite, written without the model
    brief = drafting.brief_create(user=editor, topic="La réparation des appareils", angle="", sources=sources)
    article = wait_for(drafting.draft_launch(brief=brief, user=editor)).result_article
    settings.PRIZM_LLM_PROVIDER = "openai"
    job = wait_for(drafting.rewrite_launch(article=article, style="concise", user=editor), timeout=240)
    assert job.status in {"succeeded", "failed"}
    assert SERVER_DOWN not in job.error
    if job.status == "failed":  # it may drop citations: then the job says so, in French
        assert job.error and (job.result or {}).get("error_code")


def test_structured_output_is_negotiated_to_json_mode_and_remembered(use_real_llm, real_llm):
    provider = OpenAIProvider()
    brief = BriefInput(
        topic="La réparation des appareils",
        sources=(SourceMaterial(id=1, name="Baromètre", extracts=("Le nombre d'ateliers a progressé de 18 %.",)),),
    )
    result = provider.synthesize(brief=brief)
    assert 0 <= result.data.score <= 10
    assert mode_known(real_llm, MODEL) == "json_object_schema"  # its 500 on json_schema was understood


def test_an_answer_cut_at_max_tokens_says_so_with_the_limit(use_real_llm):
    with pytest.raises(LLMError) as exc:
        OpenAIProvider()._complete(
            system="Tu écris de très longs textes.",
            user="Écris le mot « encore » mille fois dans le champ body, sans jamais t'arrêter.",
            schema=RewriteOut,
            max_tokens=8,  # fewer than any complete {"title": …, "body": …} takes
        )
    assert exc.value.code == "truncated"
    assert "8 jetons" in exc.value.message and "PRIZM_LLM_MAX_TOKENS" in exc.value.message
