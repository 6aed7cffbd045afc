"""What the model must answer, as pydantic models (sent as JSON schema for structured output,
used to validate plain-JSON answers otherwise). The references section is deliberately absent:
code renders it from the database."""

from pydantic import BaseModel, Field


class SynthesisOut(BaseModel):
    """A synthesis of the chosen sources, in the shape of seed 000."""

    title: str = Field(description="Titre proposé pour l'article, en français, sans nom de marque.")
    convergences: str = Field(description="Ce sur quoi les sources s'accordent, avec (Source : Nom).")
    divergences: str = Field(description="Ce sur quoi elles diffèrent ou ce qui manque.")
    recommended_angle: str = Field(description="L'angle éditorial recommandé.")
    score: float = Field(description="Solidité de l'ensemble des sources, de 0 à 10.")


class Item(BaseModel):
    label: str = Field(description="Intitulé court, sans ponctuation finale.")
    text: str = Field(description="Une ou deux phrases.")


class SectionOut(BaseModel):
    key: str = Field(description="La clé de la section, telle qu'elle figure dans le plan.")
    paragraphs: list[str] = Field(default_factory=list, description="Les paragraphes d'une section de texte.")
    items: list[Item] = Field(default_factory=list, description="Les éléments d'une section en liste.")


class DraftOut(BaseModel):
    """The prose of a draft, one entry per section of the plan it was given (headings are the caller's)."""

    title: str
    sections: list[SectionOut] = Field(description="Une entrée par section du plan, dans l'ordre du plan.")


class RewriteOut(BaseModel):
    """A rewritten body (markdown, headings included, no references section)."""

    title: str
    body: str
