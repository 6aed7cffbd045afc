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


class Action(BaseModel):
    label: str = Field(description="Intitulé court de l'action, sans ponctuation finale.")
    text: str = Field(description="Une ou deux phrases qui décrivent l'action.")


class DraftOut(BaseModel):
    """The prose of an article. Headings are added by code, in the seed articles' order."""

    title: str
    introduction: list[str] = Field(description="Paragraphes d'introduction.")
    leviers: list[str] = Field(description="Paragraphes de la section « Leviers et solutions ».")
    impact: list[str] = Field(description="Paragraphes de la section « Impact et opportunités ».")
    retenir: list[str] = Field(description="Paragraphes de la section « Ce qu'il faut retenir ».")
    actions: list[Action] = Field(description="Les « Actions concrètes » (trois en général).")


class RewriteOut(BaseModel):
    """A rewritten body (markdown, headings included, no references section)."""

    title: str
    body: str
