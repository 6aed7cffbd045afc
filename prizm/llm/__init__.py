"""The LLM layer: `get_provider()` returns the configured provider.

PRIZM_LLM_PROVIDER = offline | openai | auto (openai when OPENAI_API_KEY is set, else offline).
A job records which provider and model it was created with; the worker asks for that one again
with `get_provider(name=job.provider, model=job.model)`.
"""

from django.conf import settings

from .base import (
    ArticleInput,
    BriefInput,
    InvalidOutput,
    LLMError,
    LLMResult,
    Outline,
    OutlineSection,
    Provider,
    SectionPlan,
    SourceMaterial,
    Usage,
    sections_by_plan,
)

# The plan every provider follows (which sources support which section): part of the layer's
# interface, so the pipeline never imports a concrete provider.
from .offline import OfflineProvider, outline_build

__all__ = [
    "ArticleInput", "BriefInput", "InvalidOutput", "LLMError", "LLMResult", "Outline", "OutlineSection", "Provider",
    "SectionPlan", "SourceMaterial", "Usage", "get_provider", "outline_build", "provider_name",
    "sections_by_plan",
]



def provider_name() -> str:
    """The provider new jobs use, resolved from settings."""
    configured = settings.PRIZM_LLM_PROVIDER
    if configured == "auto":
        return "openai" if settings.OPENAI_API_KEY else "offline"
    return configured


def get_provider(*, name: str | None = None, model: str | None = None, on_text=None) -> Provider:
    """The provider `name` (default: the configured one). `on_text(text, tokens)` is called while a
    streamed answer arrives (the offline provider writes at once and never calls it)."""
    name = name or provider_name()
    if name == "offline":
        return OfflineProvider()
    if name == "openai":
        # Loaded when asked for: the openai SDK is slow to import and the offline path never needs it.
        from .openai_provider import OpenAIProvider

        return OpenAIProvider(model=model or None, on_text=on_text)
    raise ValueError(f"unknown LLM provider {name!r} (expected offline or openai)")
