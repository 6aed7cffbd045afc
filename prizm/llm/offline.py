"""The offline provider: deterministic, no network.

It does not pretend to be a language model. It picks the strongest material of the chosen
sources (reliability first, then the editor's order), quotes it verbatim with its citation and
joins it with plain French sentences from templates. Every statement that carries a fact is a
quotation of a registered extract (or of a sentence of the stored text) followed by
"(Source : Nom)", so the quality gate can verify each quote and each figure.

How it writes:
- a source is named in prose by what it is and who publishes it ("le rapport de l'Agence Lumen
  Habitat", "l'article d'Exemple UX"), never by its registered "Publisher – Kind" label, which
  only appears inside the citation parenthesis;
- a source with neither extract nor text says nothing: it is never the subject of a sentence (the
  references section, rendered by code, still lists it);
- wording agrees with how many sources carry material (one source: no "les sources convergent");
- one final mark per sentence: a quotation keeps its own "?", "!" or "…", text taken from the brief
  gets a period only when it has no final mark;
- templates are rotated from a seed taken from the topic, so two briefs do not open alike, and the
  same input always gives the same output.
"""

import re
import zlib
from collections import Counter
from dataclasses import dataclass

from prizm.text import fold

from .base import (
    ArticleInput,
    BriefInput,
    LLMResult,
    Outline,
    OutlineSection,
    SectionPlan,
    SourceMaterial,
    Usage,
)
from .schemas import DraftOut, Item, RewriteOut, SectionOut, SynthesisOut

NUMBER_WORDS = {2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit", 9: "neuf"}
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀ-ÖØ-Þ])")
CITATION_RE = re.compile(r"\(Source\s*:\s*[^)]+\)")
DIGIT_RE = re.compile(r"\d")
# "Exemple UX – Article": a registered name made of a publisher and a descriptor.
DESCRIPTOR_RE = re.compile(r"^(.*\S)\s+[–—-]\s+(\S.*)$")
QUOTE_CHARS = '«»"“”'
FINAL_MARKS = ".!?…"
STOPWORDS = set(
    """alors aussi autre autres avant avec avoir cela celle celles celui ceux cette comme comment dans
    depuis donc elle elles encore entre être fait faire leur leurs mais même moins notre nous parce
    plus pour pourrait quand quelle quelles quels sans selon sont sous tous tout toute toutes très
    vers votre vous ainsi afin chez dont était étaient seront selon lors après plusieurs certains
    certaines entreprise entreprises utilisée utilisé utilisent""".split()
)
LEVIER_HINTS = (
    "accompagn",
    "permet",
    "solution",
    "outil",
    "form",
    "déploi",
    "programme",
    "mission",
    "aide",
    "dispositif",
    "levier",
    "stratég",
    "intégr",
    "automatis",
    "optimis",
    "expériment",
    "utilis",
)
IMPACT_HINTS = (
    "%",
    "gain",
    "croiss",
    "hausse",
    "baisse",
    "économ",
    "product",
    "impact",
    "opportun",
    "marché",
    "emploi",
    "coût",
    "réduc",
    "augment",
    "chiffre",
    "compétit",
    "retard",
    "adopt",
)
FEMININE_HEADS = set(
    """agence fédération chambre banque commission direction association union confédération cour caisse
    fondation mission délégation autorité inspection maison mutualité société région ville métropole
    plateforme alliance organisation assemblée université académie fabrique enquête étude note analyse
    synthèse""".split()
)
MASCULINE_HEADS = set(
    """observatoire institut conseil centre ministère haut syndicat comité collectif groupe réseau
    secrétariat cabinet bureau service pôle commissariat cercle laboratoire département office
    établissement think-tank baromètre rapport bilan panorama guide communiqué dossier article""".split()
)
# A registered name that starts with one of these is a document title naming its own kind.
DOCUMENT_HEADS = set(
    "enquête étude note analyse synthèse baromètre rapport bilan panorama guide communiqué dossier article".split()
)
FUNCTION_WORDS = set("de du des la le les l d et à au aux en pour sur sous par & - –".split())
VOWELS = "aeiouy"


# --- How prose names a source ---------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    """A kind of document, with what French needs to name it."""

    noun: str
    plural: str
    feminine: bool = False

    @property
    def elided(self) -> bool:
        return fold(self.noun[:1]) in VOWELS

    @property
    def definite(self) -> str:  # le rapport, l'étude, la note
        return f"l'{self.noun}" if self.elided else f"{'la' if self.feminine else 'le'} {self.noun}"

    @property
    def indefinite(self) -> str:  # un rapport, une étude
        return f"{'une' if self.feminine else 'un'} {self.noun}"

    @property
    def demonstrative(self) -> str:  # ce rapport, cet article, cette étude
        return f"{'cette' if self.feminine else 'cet' if self.elided else 'ce'} {self.noun}"

    @property
    def same(self) -> str:  # le même rapport, la même étude
        return f"{'la' if self.feminine else 'le'} même {self.noun}"

    @property
    def only(self) -> str:  # ce seul rapport, cette seule étude
        return f"{'cette seule' if self.feminine else 'ce seul'} {self.noun}"

    def counted(self, n: int, *, other: bool = False) -> str:
        """une étude, un autre rapport, deux études, deux autres rapports."""
        if n == 1:
            return f"{'une' if self.feminine else 'un'} {'autre ' if other else ''}{self.noun}"
        return f"{NUMBER_WORDS.get(n, str(n))} {'autres ' if other else ''}{self.plural}"


DOCUMENT = Kind("document", "documents")
KINDS = {
    "article": Kind("article", "articles"),
    "etude": Kind("étude", "études", feminine=True),
    "communique": Kind("communiqué", "communiqués"),
    "rapport": Kind("rapport", "rapports"),
    "barometre": Kind("baromètre", "baromètres"),
    "enquete": Kind("enquête", "enquêtes", feminine=True),
    "note": Kind("note", "notes", feminine=True),
    # The kind's label is read in the active language: English labels name the same documents.
    "study": Kind("étude", "études", feminine=True),
    "report": Kind("rapport", "rapports"),
    "press release": Kind("communiqué", "communiqués"),
    "barometer": Kind("baromètre", "baromètres"),
    "survey": Kind("enquête", "enquêtes", feminine=True),
}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def with_article(name: str) -> str:
    """The name with its article: "Observatoire de la réparation" → "l'Observatoire de la réparation";
    proper names unchanged."""
    head = name.split(" ", 1)[0]
    lowered = head.lower()
    if lowered in FEMININE_HEADS or lowered in MASCULINE_HEADS:
        if fold(lowered)[0] in "aeiouyh":
            return f"l'{name}"
        return f"{'la' if lowered in FEMININE_HEADS else 'le'} {name}"
    return name


def of_phrase(phrase: str) -> str:
    """The phrase after "de", contracted or elided: du rapport, des ateliers, de l'étude, d'un
    article, d'Exemple UX, du Rayon Vert ("Le Rayon Vert")."""
    lowered = phrase.lower()
    if lowered.startswith("le "):
        return "du " + phrase[3:]
    if lowered.startswith("les "):
        return "des " + phrase[4:]
    if fold(lowered[:1]) in VOWELS or lowered.startswith("h"):
        return "d'" + phrase
    return "de " + phrase


def of_name(name: str) -> str:
    """The name after "de", with its article, contracted or elided: du, de la, de l', d'."""
    return of_phrase(with_article(name))


def _kind(label: str) -> Kind | None:
    return KINDS.get(fold((label or "").strip().lower()))


def _looks_like_a_name(label: str) -> bool:
    """Whether a label reads as a name: "Exemple UX", "Gazette du Val", "Bpifrance Le Lab" are short
    and mostly capitalized; a headline ("Le vélo à assistance électrique gagne les trajets
    périurbains") is not."""
    words = [w for w in re.split(r"[\s']+", label) if w and w.lower() not in FUNCTION_WORDS]
    capitalized = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return bool(words) and len(words) <= 6 and 2 * capitalized >= len(words)


def _split_descriptor(label: str) -> tuple[str, str]:
    """A label and its descriptor: "Exemple UX – Article" → ("Exemple UX", "Article")."""
    label = " ".join((label or "").split())
    match = DESCRIPTOR_RE.match(label)
    return (match[1], match[2]) if match else (label, "")


@dataclass(frozen=True)
class Voice:
    """How prose names one source: in full the first time ("le rapport de l'Agence Lumen Habitat"),
    then "le même rapport"; the citation that follows always carries the registered name."""

    full: str
    kind: Kind | None = None

    @property
    def same(self) -> str:
        return (self.kind or DOCUMENT).same

    @property
    def demonstrative(self) -> str:
        return (self.kind or DOCUMENT).demonstrative

    @property
    def only(self) -> str:
        return (self.kind or DOCUMENT).only


def source_voice(source: SourceMaterial) -> Voice:
    """The publisher reads better than a document title; a "Publisher – Kind" label is split into
    its two parts; a headline-like title with no publisher is named by its kind alone."""
    label, descriptor = _split_descriptor(source.publisher or source.name)
    kind = _kind(source.kind) or _kind(descriptor)
    head = label.split(" ", 1)[0].lower()
    if head in DOCUMENT_HEADS:  # "Note de conjoncture": the title already says what it is
        return Voice(with_article(label), kind or _kind(head))
    named = (
        bool(source.publisher)
        or head in FEMININE_HEADS
        or head in MASCULINE_HEADS
        or _looks_like_a_name(label)
    )
    if not named:
        return Voice((kind or DOCUMENT).indefinite, kind)
    if kind:
        return Voice(f"{kind.definite} {of_name(label)}", kind)
    return Voice(with_article(label), None)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " et " + names[-1]


def _full_names(sources) -> str:
    return _join([source_voice(s).full for s in sources])


def _citations(sources) -> str:
    return " ".join(f"(Source : {s.name})" for s in sources)


def _sentence(text: str) -> str:
    """Text from the brief as one sentence: its own final mark, else a period; never two."""
    text = " ".join((text or "").split()).rstrip(" ,;:")
    return text if not text or text.endswith(tuple(FINAL_MARKS)) else text + "."


# --- Material ---------------------------------------------------------------------------------
def _clean_statement(text: str) -> str:
    """Verbatim material without surrounding quotes, trailing separators or final period; a
    question mark, an exclamation mark or an ellipsis belongs to the quotation and stays."""
    text = " ".join((text or "").split()).strip(QUOTE_CHARS + " ")
    if text.endswith("..."):
        text = text.rstrip(".") + "…"
    return text.rstrip(QUOTE_CHARS + " .,;:")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT.split(" ".join((text or "").split())) if s.strip()]


@dataclass(frozen=True)
class Statement:
    source: SourceMaterial
    text: str  # verbatim material, without surrounding quotes or final period

    @property
    def has_figure(self) -> bool:
        return bool(DIGIT_RE.search(self.text))

    def hint_score(self, hints) -> int:
        lowered = self.text.lower()
        return sum(1 for h in hints if h in lowered)


def source_statements(source: SourceMaterial, *, limit: int = 4) -> list[Statement]:
    """Verbatim material of one source: its extracts, else sentences of its stored text."""
    candidates = list(source.extracts) or [s for s in _sentences(source.text) if 40 <= len(s) <= 320][:limit]
    out, seen = [], set()
    for raw in candidates:
        text = _clean_statement(raw)
        # A statement with inner quotation marks would nest quotes: the gate could not match it.
        if len(text) < 12 or any(c in text for c in QUOTE_CHARS) or text.lower() in seen:
            continue
        seen.add(text.lower())
        out.append(Statement(source=source, text=text))
    return out[:limit]


def ranked_sources(sources) -> list[SourceMaterial]:
    """Reliability first, then the editor's order."""
    return sorted(sources, key=lambda s: (-s.reliability, s.order, s.id))


def sources_with_material(ranked: list[SourceMaterial]) -> list[SourceMaterial]:
    """The sources prose may speak about: a source with neither extract nor text says nothing."""
    return [s for s in ranked if source_statements(s)]


def _is_theme_word(word: str) -> bool:
    """A content word worth naming as a theme: not a stopword, not a verb form ("représentent")."""
    if word in STOPWORDS or fold(word) in STOPWORDS:
        return False
    return not (word.endswith("ent") and not word.endswith(("ment", "ient", "dent", "gent")))


def _keywords(statements: list[Statement]) -> list[tuple[str, list[SourceMaterial]]]:
    """Words (6+ letters) that appear in the material of at least two sources."""
    by_word: dict[str, dict[int, SourceMaterial]] = {}
    counts: Counter = Counter()
    for st in statements:
        for word in re.findall(r"[a-zà-öø-ÿ'-]{6,}", st.text.lower()):
            word = word.strip("'-")
            if _is_theme_word(word):
                by_word.setdefault(word, {})[st.source.id] = st.source
                counts[word] += 1
    shared = [(w, list(found.values())) for w, found in by_word.items() if len(found) >= 2]
    shared.sort(key=lambda item: (-len(item[1]), -counts[item[0]], item[0]))
    return shared[:3]


def _statement_pool(ranked: list[SourceMaterial]) -> list[Statement]:
    """Strongest first: reliability order, one statement of each source before the second ones."""
    per_source = {s.id: source_statements(s) for s in ranked}
    pool: list[Statement] = []
    for depth in range(4):
        for s in ranked:
            if depth < len(per_source[s.id]):
                pool.append(per_source[s.id][depth])
    return pool


def _split_leviers_impact(statements: list[Statement]) -> tuple[list[Statement], list[Statement]]:
    leviers, impact = [], []
    for st in statements:
        lev, imp = st.hint_score(LEVIER_HINTS), st.hint_score(IMPACT_HINTS) + (1 if st.has_figure else 0)
        if lev > imp or (lev == imp and len(leviers) <= len(impact)):
            leviers.append(st)
        else:
            impact.append(st)
    if not leviers and len(impact) > 1:
        leviers.append(impact.pop())
    if not impact and len(leviers) > 1:
        impact.append(leviers.pop())
    return leviers, impact


# --- Quoting ----------------------------------------------------------------------------------
OPENING_LEADS = [
    "D'après {ref}, « {text} » (Source : {name}).",
    "Selon {ref}, « {text} » (Source : {name}).",
    "{Ref} pose le constat de départ : « {text} » (Source : {name}).",
    "Tout part d'un constat établi par {ref} : « {text} » (Source : {name}).",
]
LEADS = [
    "Selon {ref}, « {text} » (Source : {name}).",
    "{Ref} le formule ainsi : « {text} » (Source : {name}).",
    "Comme le relève {ref}, « {text} » (Source : {name}).",
    "{Ref} apporte un autre élément : « {text} » (Source : {name}).",
    "On lit également dans {ref} : « {text} » (Source : {name}).",
    "{Ref} précise : « {text} » (Source : {name}).",
    "D'après {ref}, « {text} » (Source : {name}).",
    "{Ref} souligne : « {text} » (Source : {name}).",
    "À en croire {ref}, « {text} » (Source : {name}).",
    "{Ref} observe : « {text} » (Source : {name}).",
    "Pour {ref}, « {text} » (Source : {name}).",
]
# A quotation that asks a question is introduced as one.
QUESTION_LEADS = [
    "{Ref} pose la question : « {text} » (Source : {name}).",
    "La question est soulevée par {ref} : « {text} » (Source : {name}).",
]
TEMPLATES = {"opening": OPENING_LEADS, "lead": LEADS, "question": QUESTION_LEADS}
LEVIER_BRIDGES = [
    "C'est un premier point d'appui pour agir.",
    "Le constat désigne un chantier concret, à mener par étapes.",
    "Cette piste s'ajoute aux précédentes.",
    "Il y a là une marge de manœuvre à saisir.",
    "Ces éléments complètent le tableau des solutions.",
]
IMPACT_BRIDGES = [
    "L'enjeu se mesure ici concrètement.",
    "Cet ensemble donne la mesure de ce qui reste à gagner.",
    "Le tableau se précise à mesure que les constats s'accumulent.",
    "Cela aide à fixer des priorités en connaissance de cause.",
    "Les effets dépassent donc le seul constat de départ.",
]


def _seed(brief: BriefInput) -> int:
    """Stable across runs (unlike hash()): the same brief always gets the same templates."""
    return zlib.crc32(fold(" ".join(brief.topic.split())).encode())


class Narrator:
    """Frames each quotation with a template: each list is read in turn from a position taken from
    the seed, skipping a template that would open like the sentence before; a source is named in
    full once per paragraph, then as "le même rapport"."""

    def __init__(self, seed: int):
        self._seed = seed
        self._positions: dict[str, int] = {}  # next template to use, per list of templates
        self._last_source: int | None = None
        self._last_word = ""

    def paragraph(self) -> None:
        self._last_source = None

    def quote(self, st: Statement, *, opening: bool = False) -> str:
        voice = source_voice(st.source)
        ref = voice.same if st.source.id == self._last_source else voice.full
        family = "question" if st.text.endswith("?") else "opening" if opening else "lead"
        templates = TEMPLATES[family]
        start = self._positions.get(family, self._seed)
        order = [(start + i) % len(templates) for i in range(len(templates))]
        chosen = next(
            (i for i in order if self._render(templates[i], st, ref).split(" ", 1)[0] != self._last_word),
            order[0],
        )
        sentence = self._render(templates[chosen], st, ref)
        self._positions[family] = chosen + 1
        self._last_source, self._last_word = st.source.id, sentence.split(" ", 1)[0]
        return sentence

    @staticmethod
    def _render(template: str, st: Statement, ref: str) -> str:
        return template.format(
            ref=ref, Ref=_upper_first(ref), of_ref=of_phrase(ref), text=st.text, name=st.source.name
        )


def _bridged_paragraphs(statements: list[Statement], bridges: list[str], narrator: Narrator) -> list[str]:
    out = []
    for index in range(0, len(statements), 2):
        narrator.paragraph()
        text = " ".join(narrator.quote(st) for st in statements[index : index + 2])
        out.append(f"{text} {bridges[(index // 2) % len(bridges)]}")
    return out


# --- The draft's sections ---------------------------------------------------------------------
def _other_documents(others: list[SourceMaterial], lead_kind: Kind) -> str:
    """ "une étude et un communiqué", "deux autres rapports"."""
    counts: dict[Kind, int] = {}
    for s in others:
        kind = source_voice(s).kind or DOCUMENT
        counts[kind] = counts.get(kind, 0) + 1
    return _join([kind.counted(n, other=kind == lead_kind) for kind, n in counts.items()])


def _scope_sentence(material: list[SourceMaterial], lead: Statement) -> str:
    voice = source_voice(lead.source)
    others = [s for s in material if s.id != lead.source.id]
    if not others:
        return f"Tout repose ici sur {voice.only} : ses constats ne sont pas recoupés par une autre source."
    return f"Ce constat est ensuite croisé avec {_other_documents(others, voice.kind or DOCUMENT)}."


def _angle_sentence(brief: BriefInput) -> str:
    angle = " ".join(brief.angle.split())
    if angle:
        return _sentence(f"L'analyse adopte l'angle suivant : {_lower_first(angle)}")
    return "L'analyse distingue ce qui est établi, les leviers décrits et ce qu'il faut en retenir."


def _audience_sentence(brief: BriefInput) -> str:
    audience = " ".join(brief.audience.split())
    return _sentence(f"Elle s'adresse d'abord à ce public : {_lower_first(audience)}") if audience else ""


def _anchor_sentence(material: list[SourceMaterial], lead: Statement) -> str:
    """Which document the analysis leans on (only worth saying when there are several)."""
    if len(material) < 2:
        return ""
    top = material[0]
    voice = source_voice(top)
    if top.id == lead.source.id:
        return (
            f"{_upper_first(voice.demonstrative)} est aussi le document le plus solide du corpus, celui qui sert "
            f"de point d'appui (Source : {top.name})."
        )
    return f"{_upper_first(voice.full)}, le document le plus solide du corpus, sert de point d'appui (Source : {top.name})."


def _introduction(
    brief: BriefInput, material: list[SourceMaterial], lead: Statement, narrator: Narrator
) -> list[str]:
    narrator.paragraph()
    first = f"{narrator.quote(lead, opening=True)} {_scope_sentence(material, lead)}"
    second = [_angle_sentence(brief), _audience_sentence(brief), _anchor_sentence(material, lead)]
    return [first, " ".join(s for s in second if s)]


def _fill_empty(material: list[SourceMaterial], leviers_p: list[str], impact_p: list[str]) -> None:
    """Never leave a section empty (little material: everything went to the introduction)."""
    top = material[0]
    of_top = of_phrase(source_voice(top).full)
    if not leviers_p:
        leviers_p.append(
            f"Pour agir, le meilleur point de départ reste le constat {of_top} (Source : {top.name})."
        )
    if not impact_p:
        impact_p.append(
            f"L'impact se mesurera à l'aune des constats {of_top}, qui restent la référence (Source : {top.name})."
        )


def _caution(material: list[SourceMaterial]) -> str:
    top = material[0]
    weak = [s for s in material[1:] if s.reliability <= 5 and s.reliability < top.reliability]
    if weak:
        return (
            f"Prudence toutefois avec {_full_names(weak)}, dont la fiabilité est plus faible : recoupez avant de "
            f"vous engager {_citations(weak)}."
        )
    if top.reliability <= 5:
        return (
            f"Prudence toutefois : la fiabilité {of_phrase(source_voice(top).full)} reste modeste, recoupez avant "
            f"de vous engager (Source : {top.name})."
        )
    return ""


def _retenir(material: list[SourceMaterial]) -> list[str]:
    top = material[0]
    ref = source_voice(top).full
    if len(material) == 1:
        summary = (
            f"{_upper_first(ref)} fournit ici l'essentiel des constats (Source : {top.name}). Faute d'une seconde "
            "source, ils restent à recouper avant toute décision."
        )
    else:
        summary = (
            f"Les documents réunis ici se complètent plus qu'ils ne se contredisent, et {ref} en fournit la base "
            f"la plus fiable (Source : {top.name}). Mieux vaut partir de ces constats documentés que d'intuitions."
        )
    caution = _caution(material)
    return [summary, caution] if caution else [summary]


def _actions(lead: Statement, leviers: list[Statement], impact: list[Statement]) -> list[Item]:
    """Three actions, each pointing at the source of the statement it follows from."""
    picks = [lead, (leviers or [lead])[0], (impact or [lead])[0]]
    refs, previous = [], None
    for st in picks:
        voice = source_voice(st.source)
        refs.append(voice.same if st.source.id == previous else voice.full)
        previous = st.source.id
    names = [st.source.name for st in picks]
    return [
        Item(
            label="Partir des constats établis",
            text=f"fixer les priorités à partir de ce que documente {refs[0]} (Source : {names[0]}).",
        ),
        Item(
            label="Mettre en œuvre les leviers identifiés",
            text=f"examiner les pistes décrites dans {refs[1]} et les adapter à votre contexte (Source : {names[1]}).",
        ),
        Item(
            label="Mesurer les effets dans la durée",
            text=f"suivre les indicateurs mis en avant par {refs[2]} pour vérifier les progrès (Source : {names[2]}).",
        ),
    ]


def _written(brief: BriefInput, material: list[SourceMaterial]) -> tuple[dict[str, list[str]], list[Item]]:
    """What this writer has for each leaning of the plan, and the concrete actions."""
    pool = _statement_pool(material)
    lead = next((st for st in pool if st.has_figure), pool[0])
    leviers, impact = _split_leviers_impact([st for st in pool if st is not lead])
    narrator = Narrator(_seed(brief))
    intro = _introduction(brief, material, lead, narrator)
    leviers_p = _bridged_paragraphs(leviers, LEVIER_BRIDGES, narrator)
    impact_p = _bridged_paragraphs(impact, IMPACT_BRIDGES, narrator)
    _fill_empty(material, leviers_p, impact_p)
    by_leaning = {"lead": intro, "action": leviers_p, "effect": impact_p, "all": _retenir(material)}
    return by_leaning, _actions(lead, leviers, impact)


def _unwritten(count: int) -> tuple[dict[str, list[str]], list[Item]]:
    """No source has material: nothing can be affirmed, and the draft says so (no source is named)."""
    sources = "les sources de ce brief" if count > 1 else "la source de ce brief"
    by_leaning = {
        "lead": [
            f"Aucun extrait ni texte n'est encore enregistré pour {sources} : ce brouillon ne peut donc "
            "rien affirmer pour l'instant."
        ],
        "action": ["Les leviers seront décrits dès que des extraits auront été enregistrés."],
        "effect": ["Les effets et les chiffres viendront des mêmes extraits, cités mot pour mot."],
        "all": ["En attendant, rien dans ce brouillon n'est publiable."],
    }
    items = [
        Item(
            label="Enregistrer des extraits", text="copier dans la fiche de chaque source ses passages clés."
        ),
        Item(
            label="Relancer la rédaction",
            text="lancer un nouveau brouillon une fois les extraits enregistrés.",
        ),
        Item(label="Relire avant de publier", text="vérifier chaque citation face au texte de sa source."),
    ]
    return by_leaning, items


# --- Synthesis --------------------------------------------------------------------------------
THEME_SENTENCES = [
    "Le thème « {word} » revient dans {refs}.",
    "Il est aussi question de « {word} » dans {refs}.",
    "Enfin, le mot « {word} » se retrouve dans {refs}.",
]


def _short_ref(source: SourceMaterial, material: list[SourceMaterial]) -> str:
    """ "le rapport" when no other source is a report, else the full name."""
    voice = source_voice(source)
    kinds = [source_voice(s).kind for s in material]
    return voice.kind.definite if voice.kind and kinds.count(voice.kind) == 1 else voice.full


def _convergences(material: list[SourceMaterial]) -> str:
    shared = _keywords([st for s in material for st in source_statements(s)])
    if shared:
        return " ".join(
            THEME_SENTENCES[i].format(
                word=word,
                refs=_join([source_voice(s).full if i == 0 else _short_ref(s, material) for s in found]),
            )
            for i, (word, found) in enumerate(shared)
        )
    if len(material) > 1:
        return f"Les documents traitent le sujet sous des angles complémentaires : {_full_names(material)}."
    if material:
        return f"Une seule source apporte de la matière, {source_voice(material[0]).full} : aucun recoupement n'est possible."
    return "Aucune source n'a encore d'extrait ni de texte enregistré : rien ne peut être recoupé."


def _divergences(ranked: list[SourceMaterial], material: list[SourceMaterial]) -> str:
    notes = []
    if len(material) > 1 and material[0].reliability - material[-1].reliability >= 3:
        low, top = material[-1], material[0]
        notes.append(
            f"Les sources n'ont pas la même solidité : {source_voice(low).full} ({low.reliability}/10) pèse moins "
            f"que {source_voice(top).full} ({top.reliability}/10)."
        )
    empty = [f"« {s.name} »" for s in ranked if s not in material]
    if len(empty) == 1:
        notes.append(
            f"Aucun extrait ni texte n'est enregistré pour la source {empty[0]} : ajoutez-en pour l'exploiter."
        )
    elif empty:
        notes.append(
            f"Aucun extrait ni texte n'est enregistré pour les sources {_join(empty)} : ajoutez-en pour les exploiter."
        )
    if notes:
        return " ".join(notes)
    if len(material) > 1:
        return "Pas de divergence marquée : les sources se complètent plus qu'elles ne se contredisent."
    return "Une source unique ne permet pas de repérer de divergence."


def _recommended_angle(brief: BriefInput, material: list[SourceMaterial]) -> str:
    if brief.angle.strip():
        return brief.angle.strip()
    if not material:
        return "Enregistrer des extraits pour chaque source, puis relancer la synthèse."
    return f"Partir des constats {of_phrase(source_voice(material[0]).full)} et les relier aux leviers d'action concrets."


def _score(ranked: list[SourceMaterial], material: list[SourceMaterial]) -> float:
    mean = sum(s.reliability for s in ranked) / len(ranked)
    coverage = len(material) / len(ranked)
    score = mean * (0.6 + 0.4 * coverage) - (1 if len(ranked) == 1 else 0)
    return max(0.0, min(10.0, round(score * 2) / 2))


def _title(brief: BriefInput) -> str:
    topic = " ".join(brief.topic.split()).rstrip(" .,;:")
    topic = _upper_first(topic)
    angle = " ".join(brief.angle.split()).rstrip(" .,;:")
    if not angle or len(topic) + len(angle) > 110:
        return topic
    if topic.endswith(tuple(FINAL_MARKS)):  # "Faut-il réparer ? Ce que disent les chiffres"
        return f"{topic} {_upper_first(angle)}"
    return f"{topic} : {_lower_first(angle)}"


class OfflineProvider:
    name = "offline"
    model = "offline"

    @property
    def label(self) -> str:
        return "offline"

    # --- synthesis --------------------------------------------------------------------------
    def synthesize(self, *, brief: BriefInput) -> LLMResult[SynthesisOut]:
        ranked = ranked_sources(brief.sources)
        material = sources_with_material(ranked)
        data = SynthesisOut(
            title=self._title(brief),
            convergences=_convergences(material),
            divergences=_divergences(ranked, material),
            recommended_angle=_recommended_angle(brief, material),
            score=_score(ranked, material) if ranked else 0.0,
        )
        return LLMResult(data=data, usage=Usage(), model=self.model)

    def _title(self, brief: BriefInput) -> str:
        return _title(brief)

    # --- draft ------------------------------------------------------------------------------
    def write_draft(
        self, *, brief: BriefInput, synthesis: SynthesisOut, outline: Outline
    ) -> LLMResult[DraftOut]:
        material = sources_with_material(ranked_sources(brief.sources))
        by_leaning, items = _written(brief, material) if material else _unwritten(len(brief.sources))
        # A section takes the text of its leaning.
        sections = [
            SectionOut(key=s.key, items=items)
            if s.kind == "items"
            else SectionOut(key=s.key, paragraphs=by_leaning.get(s.leaning, by_leaning["all"]))
            for s in outline.sections
        ]
        return LLMResult(
            data=DraftOut(title=synthesis.title or self._title(brief), sections=sections),
            usage=Usage(),
            model=self.model,
        )

    # --- rewrite ----------------------------------------------------------------------------
    def rewrite(self, *, article: ArticleInput, style: str) -> LLMResult[RewriteOut]:
        if style == "concise":
            body = _concise(article.body)
        else:
            body = _conversational(article.body)
        return LLMResult(data=RewriteOut(title=article.title, body=body), usage=Usage(), model=self.model)


# --- Rewrites ---------------------------------------------------------------------------------
QUESTIONS = [
    "De quoi parle-t-on exactement ?",
    "Par où commencer, alors ?",
    "Et pour vous, qu'est-ce que cela change ?",
    "Que faut-il en retenir quand on doit décider ?",
    "Pourquoi est-ce important ?",
    "Comment passer à l'action ?",
]
ASIDES = [
    "Vous l'avez compris : le constat est documenté.",
    "Retenez bien ce point.",
    "Gardez-le en tête pour la suite.",
    "C'est là que vous avez une carte à jouer.",
]


def _is_block(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("#", "-", "*", "•", ">", "|")) or bool(re.match(r"\d+\.\s", stripped))


def _paragraphs(body: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def _keeps_facts(sentence: str) -> bool:
    return bool(
        CITATION_RE.search(sentence) or DIGIT_RE.search(sentence) or any(c in sentence for c in '«"“')
    )


def _concise(body: str) -> str:
    """Keep headings, lists and every sentence that carries a citation, a figure or a quote."""
    out = []
    for para in _paragraphs(body):
        if _is_block(para):
            out.append(para)
            continue
        kept = [s for s in _sentences(para) if _keeps_facts(s)]
        if kept:
            out.append(" ".join(kept))
    return "\n\n".join(out) + "\n"


def _conversational(body: str) -> str:
    """Talk to the reader: a question opens each section, asides address them; no fact is touched."""
    out, questions, asides = [], iter(QUESTIONS * 3), iter(ASIDES * 3)
    section_start = True
    for index, para in enumerate(_paragraphs(body)):
        if para.lstrip().startswith("#"):
            out.append(para)
            section_start = True
            continue
        if _is_block(para):
            out.append(para)
            continue
        sentences = _sentences(para)
        if section_start:
            sentences.insert(0, next(questions))
            section_start = False
        elif index % 2 == 0:
            sentences.append(next(asides))
        out.append(" ".join(sentences))
    return "\n\n".join(out) + "\n"


# --- The plan ---------------------------------------------------------------------------------
def outline_build(*, brief: BriefInput, plan: tuple[SectionPlan, ...]) -> Outline:
    """The plan every provider follows: the caller's sections, each with the sources that support it
    (strongest first): "action" and "effect" sections split the sources by what they describe."""
    ranked = ranked_sources(brief.sources)
    action_ids, effect_ids = [], []
    for s in ranked:
        statements = source_statements(s)
        lev = sum(st.hint_score(LEVIER_HINTS) for st in statements)
        imp = sum(st.hint_score(IMPACT_HINTS) + st.has_figure for st in statements)
        (action_ids if lev >= imp else effect_ids).append(s.id)
    all_ids = tuple(s.id for s in ranked)
    supporting = {
        "lead": all_ids[:2],
        "action": tuple(action_ids) or all_ids,
        "effect": tuple(effect_ids) or all_ids,
        "all": all_ids,
    }
    return Outline(
        title="",
        sections=tuple(
            OutlineSection(
                key=p.key,
                heading=p.heading,
                source_ids=supporting.get(p.leaning, all_ids),
                kind=p.kind,
                level=p.level,
                leaning=p.leaning,
                guidance=p.guidance,
            )
            for p in plan
        ),
    )
