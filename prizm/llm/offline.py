"""The offline provider: deterministic, no network.

It does not pretend to be a language model. It picks the strongest material of the chosen
sources (reliability first, then the editor's order), quotes it verbatim with its citation and
joins it with plain French sentences from templates. Every statement that carries a fact is a
quotation of a registered extract (or of a sentence of the stored text) followed by
"(Source : Nom)", so the quality gate can verify each quote and each figure.
"""

import re
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

NUMBER_WORDS = {
    1: "une", 2: "deux", 3: "trois", 4: "quatre", 5: "cinq", 6: "six", 7: "sept", 8: "huit", 9: "neuf",
    10: "dix", 11: "onze", 12: "douze",
}
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"“A-ZÀ-ÖØ-Þ])")
CITATION_RE = re.compile(r"\(Source\s*:\s*[^)]+\)")
DIGIT_RE = re.compile(r"\d")
QUOTE_CHARS = "«»\"“”"
STOPWORDS = set(
    """alors aussi autre autres avant avec avoir cela celle celles celui ceux cette comme comment dans
    depuis donc elle elles encore entre être fait faire leur leurs mais même moins notre nous parce
    plus pour pourrait quand quelle quelles quels sans selon sont sous tous tout toute toutes très
    vers votre vous ainsi afin chez dont était étaient seront selon lors après plusieurs certains
    certaines entreprise entreprises utilisée utilisé utilisent""".split()
)
LEVIER_HINTS = (
    "accompagn", "permet", "solution", "outil", "form", "déploi", "programme", "mission", "aide",
    "dispositif", "levier", "stratég", "intégr", "automatis", "optimis", "expériment", "utilis",
)
IMPACT_HINTS = (
    "%", "gain", "croiss", "hausse", "baisse", "économ", "product", "impact", "opportun", "marché",
    "emploi", "coût", "réduc", "augment", "chiffre", "compétit", "retard", "adopt",
)
LEADS = [
    "D'après {art}, « {text} » (Source : {name}).",
    "Selon {art}, « {text} » (Source : {name}).",
    "{Art} le formule ainsi : « {text} » (Source : {name}).",
    "Comme le relève {art}, « {text} » (Source : {name}).",
    "{Art} apporte un autre élément : « {text} » (Source : {name}).",
    "On lit également chez {art} : « {text} » (Source : {name}).",
    "{Art} précise : « {text} » (Source : {name}).",
    "Pour {art}, « {text} » (Source : {name}).",
]
FEMININE_HEADS = set(
    """agence fédération chambre banque commission direction association union confédération cour caisse
    fondation mission délégation autorité inspection maison mutualité société région ville métropole
    plateforme alliance organisation assemblée université académie fabrique enquête étude note analyse
    synthèse""".split()
)
MASCULINE_HEADS = set(
    """observatoire institut conseil centre ministère haut syndicat comité collectif groupe réseau
    secrétariat cabinet bureau service pôle commissariat cercle laboratoire département office
    établissement think-tank baromètre rapport bilan panorama guide communiqué dossier""".split()
)


def with_article(name: str) -> str:
    """"Observatoire de la réparation" → "l'Observatoire de la réparation"; proper names unchanged."""
    head = name.split(" ", 1)[0]
    lowered = head.lower()
    if lowered in FEMININE_HEADS or lowered in MASCULINE_HEADS:
        if fold(lowered)[0] in "aeiouyh":
            return f"l'{name}"
        return f"{'la' if lowered in FEMININE_HEADS else 'le'} {name}"
    return name


def of_name(name: str) -> str:
    """"de" + name with French contraction and elision: du, de la, de l', d'."""
    art = with_article(name)
    if art.startswith("le "):
        return "du " + art[3:]
    if art != name:
        return "de " + art
    return ("d'" if fold(name[:1].lower()) in "aeiouy" else "de ") + name


def speaker(source: SourceMaterial) -> str:
    """Who says it, in prose: the publisher reads better than a document title; the citation
    that follows always carries the registered name."""
    return (source.publisher or source.name).strip()


def lead_sentence(template: str, statement) -> str:
    art = with_article(speaker(statement.source))
    return template.format(
        name=statement.source.name, art=art, Art=art[:1].upper() + art[1:], text=statement.text
    )


LEVIER_BRIDGES = [
    "C'est un premier levier, directement actionnable.",
    "Ce point indique une voie concrète pour agir.",
    "La piste est précise et peut être mise en œuvre par étapes.",
    "Ce constat ouvre une seconde piste de travail.",
    "Il s'agit là d'un levier complémentaire des précédents.",
]
IMPACT_BRIDGES = [
    "L'effet attendu est mesurable.",
    "Cette donnée éclaire l'ampleur de l'enjeu.",
    "Elle montre aussi ce qui reste à gagner.",
    "Le constat dessine une opportunité réelle pour les acteurs concernés.",
    "C'est un ordre de grandeur utile pour fixer des priorités.",
]
QUESTIONS = [
    "Vous vous demandez ce que cela change concrètement ?",
    "Par où commencer, alors ?",
    "Et pour vous, qu'est-ce que cela signifie ?",
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


def number_word(n: int) -> str:
    return NUMBER_WORDS.get(n, str(n))


def _clean_statement(text: str) -> str:
    text = " ".join((text or "").split()).strip()
    while text and text[0] in QUOTE_CHARS + " ":
        text = text[1:]
    while text and text[-1] in QUOTE_CHARS + " .;:":
        text = text[:-1]
    return text


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


def _join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " et " + names[-1]


def _kind_phrase(sources) -> str:
    labels = []
    for s in sources:
        label = (s.kind or "source").lower()
        if label not in labels:
            labels.append(label)
    plural = {"étude": "études", "article": "articles", "communiqué": "communiqués", "rapport": "rapports",
              "baromètre": "baromètres", "enquête": "enquêtes", "note": "notes", "autre": "documents",
              "source": "documents"}
    return _join_names([plural.get(label, label) for label in labels[:4]])


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def _keywords(statements: list[Statement]) -> list[tuple[str, list[str]]]:
    """Words (6+ letters) that appear in the material of at least two sources."""
    by_word: dict[str, set[str]] = {}
    counts: Counter = Counter()
    for st in statements:
        for word in re.findall(r"[a-zà-öø-ÿ'-]{6,}", st.text.lower()):
            word = word.strip("'-")
            if word in STOPWORDS or fold(word) in STOPWORDS:
                continue
            by_word.setdefault(word, set()).add(st.source.name)
            counts[word] += 1
    shared = [(w, sorted(names)) for w, names in by_word.items() if len(names) >= 2]
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


def _introduction(brief: BriefInput, ranked: list[SourceMaterial], lead: Statement | None, leads) -> list[str]:
    top = ranked[0]
    count = f"{number_word(len(ranked))} {'source vérifiée' if len(ranked) == 1 else 'sources vérifiées'}"
    if lead:
        first = (
            lead_sentence(next(leads), lead)
            + f" Ce constat ouvre une analyse fondée sur {count} ({_kind_phrase(ranked)})."
        )
    else:
        first = f"Cette analyse s'appuie sur {count} ({_kind_phrase(ranked)})."
    angle = brief.angle.strip().rstrip(".")
    second = (
        f"L'angle retenu : {_lower_first(angle)}."
        if angle
        else "Elle distingue ce que les sources établissent, les leviers qu'elles décrivent et ce qu'il faut en retenir."
    )
    if brief.audience.strip():
        second += f" Elle s'adresse en priorité au public suivant : {_lower_first(brief.audience.strip().rstrip('.'))}."
    second += (
        f" Le document le plus solide du corpus, {with_article(top.name)}, sert de point d'appui (Source : {top.name})."
    )
    return [first, second]


def _bridged_paragraphs(statements: list[Statement], bridges: list[str], leads) -> list[str]:
    out = []
    for index in range(0, len(statements), 2):
        pair = statements[index : index + 2]
        text = " ".join(lead_sentence(next(leads), st) for st in pair)
        bridge = bridges[(index // 2) % len(bridges)]
        out.append(f"{text} {bridge}")
    return out


def _citations(sources: list[SourceMaterial]) -> str:
    return " ".join(f"(Source : {s.name})" for s in sources)


def _complete_sections(ranked: list[SourceMaterial], pool: list[Statement], leviers_p: list[str],
                       impact_p: list[str]) -> None:
    """Name the sources no statement quotes, and never leave a section empty."""
    top = ranked[0]
    quoted = {st.source.id for st in pool}
    unquoted = [s for s in ranked if s.id not in quoted]
    if unquoted:
        names = [with_article(speaker(s)) for s in unquoted]
        subject = _join_names(names)
        leviers_p.append(
            f"{subject[:1].upper() + subject[1:]} {'complète' if len(names) == 1 else 'complètent'} ce panorama ; "
            "aucun extrait n'en est encore enregistré, on s'y reportera donc pour le détail "
            + _citations(unquoted) + "."
        )
    if not leviers_p:
        leviers_p.append(
            f"Les leviers d'action se lisent dans le constat {of_name(speaker(top))} : c'est de lui qu'il faut partir "
            f"(Source : {top.name})."
        )
    if not impact_p:
        impact_p.append(
            f"L'impact se mesurera à l'aune des constats {of_name(speaker(top))}, qui restent la référence du corpus "
            f"(Source : {top.name})."
        )


def _retenir(ranked: list[SourceMaterial]) -> list[str]:
    top = ranked[0]
    retenir = [
        "Sur ce sujet, les sources convergent davantage qu'elles ne s'opposent, et "
        f"{with_article(speaker(top))} en fournit la base la plus fiable (Source : {top.name}). "
        "Les décisions gagnent à partir de ces constats documentés plutôt que d'intuitions.",
    ]
    weak = [s for s in ranked if s.reliability <= 5]
    if weak:
        retenir.append(
            f"Prudence toutefois avec {_join_names([with_article(speaker(s)) for s in weak])}, dont la fiabilité est "
            "plus faible : recoupez avant de vous engager "
            + _citations(weak) + "."
        )
    return retenir


def _actions(ranked: list[SourceMaterial]) -> list[Item]:
    top = ranked[0]
    second_source = ranked[1] if len(ranked) > 1 else top
    third_source = ranked[2] if len(ranked) > 2 else second_source
    return [
        Item(
            label="Partir des constats établis",
            text=f"fixer les priorités à partir de ce que documente {with_article(speaker(top))} (Source : {top.name}).",
        ),
        Item(
            label="Mettre en œuvre les leviers identifiés",
            text=f"examiner les pistes décrites par {with_article(speaker(second_source))} et les adapter à votre "
            f"contexte (Source : {second_source.name}).",
        ),
        Item(
            label="Mesurer les effets dans la durée",
            text=f"suivre les indicateurs mis en avant par {with_article(speaker(third_source))} pour vérifier les "
            f"progrès (Source : {third_source.name}).",
        ),
    ]


class OfflineProvider:
    name = "offline"
    model = "offline"

    @property
    def label(self) -> str:
        return "offline"

    # --- synthesis --------------------------------------------------------------------------
    def synthesize(self, *, brief: BriefInput) -> LLMResult[SynthesisOut]:
        ranked = ranked_sources(brief.sources)
        statements = [st for s in ranked for st in source_statements(s)]
        shared = _keywords(statements)
        if shared:
            convergences = " ".join(
                f"Le thème « {word} » revient chez {_join_names([with_article(n) for n in names])}." for word, names in shared
            )
        elif len(ranked) > 1:
            convergences = (
                f"Les sources traitent le sujet sous des angles complémentaires ({_join_names([s.name for s in ranked])})."
            )
        else:
            convergences = f"Une seule source est retenue ({ranked[0].name}) : pas de recoupement possible."
        notes = []
        if len(ranked) > 1 and ranked[0].reliability - ranked[-1].reliability >= 3:
            notes.append(
                f"Les sources n'ont pas la même solidité : {with_article(speaker(ranked[-1]))} ({ranked[-1].reliability}/10) "
                f"pèse moins que {with_article(speaker(ranked[0]))} ({ranked[0].reliability}/10)."
            )
        empty = [s.name for s in ranked if not source_statements(s)]
        if empty:
            notes.append(
                f"Sans extrait ni texte enregistré : {_join_names(empty)}. Ajoutez des extraits pour les exploiter."
            )
        divergences = " ".join(notes) or "Pas de divergence marquée : les sources se complètent plus qu'elles ne se contredisent."
        angle = brief.angle.strip() or (
            f"Partir des constats les plus solides ({ranked[0].name}) et les relier aux leviers d'action concrets."
        )
        mean = sum(s.reliability for s in ranked) / len(ranked)
        coverage = (len(ranked) - len(empty)) / len(ranked)
        score = mean * (0.6 + 0.4 * coverage) - (1 if len(ranked) == 1 else 0)
        score = max(0.0, min(10.0, round(score * 2) / 2))
        return LLMResult(
            data=SynthesisOut(
                title=self._title(brief), convergences=convergences, divergences=divergences,
                recommended_angle=angle, score=score,
            ),
            usage=Usage(),
            model=self.model,
        )

    def _title(self, brief: BriefInput) -> str:
        topic = " ".join(brief.topic.split()).rstrip(" .")
        topic = topic[:1].upper() + topic[1:]
        angle = " ".join(brief.angle.split()).rstrip(" .")
        if angle and len(topic) + len(angle) <= 110:
            return f"{topic} : {_lower_first(angle)}"
        return topic

    # --- draft ------------------------------------------------------------------------------
    def write_draft(self, *, brief: BriefInput, synthesis: SynthesisOut, outline: Outline) -> LLMResult[DraftOut]:
        ranked = ranked_sources(brief.sources)
        pool = _statement_pool(ranked)
        lead = next((st for st in pool if st.has_figure), pool[0] if pool else None)
        leviers, impact = _split_leviers_impact([st for st in pool if st is not lead])
        leads = iter(LEADS * 4)
        intro = _introduction(brief, ranked, lead, leads)
        leviers_p = _bridged_paragraphs(leviers, LEVIER_BRIDGES, leads)
        impact_p = _bridged_paragraphs(impact, IMPACT_BRIDGES, leads)
        _complete_sections(ranked, pool, leviers_p, impact_p)
        # What this writer has for each leaning of the plan; a section takes the text of its leaning.
        by_leaning = {"lead": intro, "action": leviers_p, "effect": impact_p, "all": _retenir(ranked)}
        sections = [
            SectionOut(key=s.key, items=_actions(ranked)) if s.kind == "items"
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


def _is_block(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(("#", "-", "*", "•", ">", "|")) or bool(re.match(r"\d+\.\s", stripped))


def _paragraphs(body: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def _keeps_facts(sentence: str) -> bool:
    return bool(CITATION_RE.search(sentence) or DIGIT_RE.search(sentence) or any(c in sentence for c in "«\"“"))


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
    supporting = {"lead": all_ids[:2], "action": tuple(action_ids) or all_ids,
                  "effect": tuple(effect_ids) or all_ids, "all": all_ids}
    return Outline(
        title="",
        sections=tuple(
            OutlineSection(key=p.key, heading=p.heading, source_ids=supporting.get(p.leaning, all_ids),
                           kind=p.kind, level=p.level, leaning=p.leaning, guidance=p.guidance)
            for p in plan
        ),
    )
