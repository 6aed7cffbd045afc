"""Streamed answers: the job page shows the text arriving, a silent stream is a stalled call."""

import time

import pytest
from django.urls import reverse

from articles import drafting
from articles.models import GenerationJob
from prizm.llm import BriefInput, LLMError, SourceMaterial
from prizm.llm.openai_provider import OpenAIProvider

BRIEF = BriefInput(
    topic="La réparation des appareils",
    sources=(SourceMaterial(id=1, name="Observatoire de la réparation", reliability=9, extracts=("En 2024, 38 %…",)),),
)


def provider(fake, model: str, **kwargs) -> OpenAIProvider:
    return OpenAIProvider(model=model, api_key="k", base_url=fake.url, timeout=10, max_retries=0, **kwargs)


def test_the_answer_is_streamed_and_seen_growing(fake):
    seen = []
    result = provider(fake, "gpt-4o-mini+good", on_text=lambda text, tokens: seen.append((text, tokens))).synthesize(
        brief=BRIEF
    )
    assert fake.requests[0]["body"]["stream"] is True
    assert result.data.score == 7.5 and result.usage.tokens_out > 0  # usage from the stream's last chunk
    text, tokens = seen[0]  # the first piece, shown at once (then at most once a second)
    assert tokens >= 1 and text.startswith('{"title"')


def test_a_stream_that_goes_silent_is_stopped_as_stalled_with_the_setting_named(fake, settings):
    settings.PRIZM_LLM_STALL_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(LLMError) as exc:
        provider(fake, "gpt-4o-mini+good+stall").synthesize(brief=BRIEF)
    assert time.monotonic() - started < fake.stall_seconds  # not waiting for the server to come back
    assert exc.value.code == "stalled"
    assert "1 s" in exc.value.message and "PRIZM_LLM_STALL_SECONDS" in exc.value.message


def test_streaming_can_be_turned_off(fake, settings):
    settings.PRIZM_LLM_STREAM = False
    assert provider(fake, "gpt-4o-mini+good").synthesize(brief=BRIEF).data.score == 7.5
    assert "stream" not in fake.requests[0]["body"]


@pytest.fixture
def celery_worker_env(fake_openai):
    return {
        "OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": fake_openai.url, "PRIZM_LLM_TIMEOUT": "20",
        "PRIZM_LLM_MAX_RETRIES": "0", "PRIZM_LLM_STALL_SECONDS": "10",
    }


@pytest.mark.celery_worker
def test_the_job_page_shows_the_text_arriving(use_openai, celery_worker_process, editor, editor_client, repair_sources):
    use_openai("good+stall")  # the fake pauses mid-answer: the page must show what came before
    brief = drafting.brief_create(user=editor, topic="La réparation", angle="", sources=repair_sources)
    job = drafting.draft_launch(brief=brief, user=editor)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not GenerationJob.objects.get(pk=job.pk).live_text:
        time.sleep(0.1)
    live = GenerationJob.objects.get(pk=job.pk)
    assert live.status == "running" and live.live_text and live.live_tokens > 0
    page = editor_client.get(reverse("studio:job_progress", args=[job.pk])).content.decode()
    assert "Le modèle écrit" in page and "jetons reçus" in page or "jeton reçu" in page
    assert live.live_text[:10].replace('"', "&quot;") in page
