"""Text that is not article prose: an assistant's refusal or meta-talk (`refusal`) and unfilled
slots or instructions (`placeholder`)."""

import re
from collections.abc import Iterator

from articles.quality.checks import Hit
from articles.quality.i18n import FINDING_MESSAGES
from articles.quality.i18n import gettext as _

# Messages of the findings (stored in French; see articles/quality/i18n.py).
MSG_REFUSAL = FINDING_MESSAGES.gettext_noop(
    "Le texte contient un refus ou un commentaire d'assistant (« %(match)s ») au lieu de contenu."
)
MSG_PLACEHOLDER = FINDING_MESSAGES.gettext_noop(
    "Emplacement non rempli ou consigne laissée dans le texte : « %(text)s »."
)

_VERBS = (
    r"(?:aider|assister|écrire|rédiger|fournir|produire|générer|créer|répondre|accéder|naviguer|consulter|"
    r"vérifier|compléter|traiter|réaliser|accomplir|effectuer|satisfaire|donner|inventer|utiliser|poursuivre|"
    r"continuer|proposer|citer|garantir|confirmer|reformuler|résumer|traduire|réécrire|inclure|fabriquer)"
)
# Each pattern starts with a literal (so the regex engine can jump to it) and is matched on the
# lower-cased text; the word boundary before it is checked in code.
_REFUSAL_PATTERNS = [
    # French
    rf"je ne (?:peux|pourrai|pourrais|saurais|puis|vais) (?:malheureusement )?(?:pas )?(?:vous |y |en |l'|la |le |les |donc )?{_VERBS}\b",
    r"je ne suis pas (?:en mesure|capable|autorisée?|habilitée?|programmée?|conçue?) (?:de|d'|à|pour)\b",
    rf"il m'est (?:impossible|interdit) (?:de |d')(?:vous )?{_VERBS}",
    r"en tant que (?:grand )?modèle (?:de langage|d'ia|d'intelligence artificielle|linguistique)\b",
    r"en tant qu(?:e |')(?:ia|intelligence artificielle|assistant(?:e)?(?: \w+)?|llm|chatbot|agent conversationnel)\s*,?\s*(?:je |j')",
    r"je (?:suis|reste) (?:vraiment |sincèrement )?(?:désolée?|navrée?)\b",
    r"désolée?\s*(?:,|!)\s*(?:mais\s+)?(?:je|j')",
    r"navrée?\s*(?:,|!)\s*(?:mais\s+)?(?:je|j')",
    r"je m'excuse,? mais\b",
    r"mes (?:connaissances|données d'entraînement|données d'apprentissage) (?:s'arrêtent|sont limitées|datent|ne vont|ne couvrent)",
    r"ma date (?:de coupure|limite|butoir) (?:de |des |d')?connaissances?\b",
    r"je n'ai pas accès (?:à internet|au web|à des données en temps réel|aux? (?:données|informations|sources|contenus?|articles?)\b|en temps réel)",
    r"je vous (?:propose|suggère|invite|recommande) de (?:reformuler|préciser|me (?:fournir|donner|transmettre|communiquer|préciser))",
    r"pourriez-vous (?:reformuler|préciser votre demande|me (?:fournir|donner|transmettre|communiquer|préciser))",
    r"pouvez-vous (?:reformuler|préciser votre demande|me (?:fournir|donner|transmettre|communiquer|préciser))",
    r"reformuler (?:la|votre|cette) (?:demande|requête|consigne)\b",
    r"préciser (?:la|votre|cette) (?:demande|requête|consigne)\b",
    r"clarifier (?:la|votre|cette) (?:demande|requête|consigne)\b",
    r"voici (?:une |la |l'|le |un |votre )?(?:version (?:réécrite|révisée|reformulée|améliorée|corrigée|conversationnelle|optimisée|demandée)"
    r"|proposition d'(?:introduction|article|conclusion)|(?:introduction|conclusion|article|texte|réécriture) (?:demandée?|réécrite?|révisée?|proposée?|optimisée?|reformulée?))",
    r"cela (?:va|irait) à l'encontre de mes (?:principes|directives|règles|consignes|lignes directrices)",
    r"ceci (?:va|irait) à l'encontre de mes (?:principes|directives|règles|consignes|lignes directrices)",
    r"mes (?:directives|consignes|instructions|règles) (?:ne me permettent|m'interdisent|m'empêchent)",
    rf"je refuse de (?:vous )?{_VERBS}",
    r"il serait (?:inapproprié|contraire à l'éthique|malhonnête|irresponsable) (?:que je|de ma part)\b",
    r"n'hésitez pas à me (?:demander|dire|faire savoir|solliciter|préciser)\b",
    r"si vous (?:souhaitez|voulez) que je\b",
    r"souhaitez-vous que je\b",
    r"voulez-vous que je\b",
    r"j'espère que (?:cet article|ce texte|cette (?:version|introduction|réponse)) (?:vous )?(?:aidera|convient|répond|conviendra|vous sera utile)",
    # English
    r"i'm (?:so |very |really )?(?:sorry|afraid)\b",
    r"i am (?:so |very |really )?(?:sorry|afraid)\b",
    r"i apologi[sz]e\b",
    r"i (?:can't|cannot|can not|won't|will not|am unable to|'m unable to|am not able to|'m not able to) "
    r"(?:help|assist|write|provide|create|generate|produce|comply|fulfil+|complete|do that|continue|answer|access|browse|verify|rewrite)",
    r"as an? (?:ai|artificial intelligence|(?:large )?language model|llm|ai language model|ai assistant|ai model)\b",
    r"my (?:knowledge cut-?off|training data|training cut-?off|last (?:training )?update)\b",
    r"i (?:do not|don't) have (?:access to|the ability to|real-time|browsing)",
    r"certainly[!,.]\s+here(?:'s| is)\b",
    r"sure[!,.]\s+here(?:'s| is)\b",
    r"of course[!,.]\s+here(?:'s| is)\b",
    r"here's (?:the|a|an|your) (?:rewritten|revised|updated|requested|draft|introduction|article|version)\b",
    r"here is (?:the|a|an|your) (?:rewritten|revised|updated|requested|draft|introduction|article|version)\b",
    r"i hope this helps\b",
    r"let me know if you(?:'d| would)? (?:like|want|need)\b",
]
_REFUSALS = [re.compile(p) for p in _REFUSAL_PATTERNS]

_BRACKET = re.compile(r"(?<![\]\\])\[([^\[\]\n]{1,400})\](?![(\[:])")
_FOOTNOTE = re.compile(r"^(?:\^?[\w-]{1,4}|\d+(?:\s*[,;\-–]\s*\d+)*|[ xX]|\.{3}|…|sic|ndlr\b.*|n\.d\.l\.r\..*|ndt\b.*|nda\b.*|\.\.\.|\?|!)$", re.I)
_PLACEHOLDER_WORDS = re.compile(
    r"\b(?:insérer|insérez|inserer|insert|ajouter|ajoutez|add|compléter|complétez|completer|remplacer|remplacez|replace|"
    r"todo|tbd|xxx+|placeholder|lorem|mêmes sources|memes sources|same sources|liste des sources|nom de|name of|"
    r"lien|url|link|chiffre|statistique|citation|date de|à préciser|à définir|à venir|exemple|example|mettre|"
    r"indiquer|indiquez|préciser|précisez|votre|your|source)\b",
    re.I,
)
# Case-sensitive patterns, on the text as written.
_PLACEHOLDER_CASED = [re.compile(p) for p in [
    r"TODO\b", r"TBD\b", r"FIXME\b", r"XXX+\b",
    r"XX+(?:[.,]X+)?\s?(?:%|€|euros|millions|milliards)",
]]
# Patterns on the lower-cased text, each starting with a literal.
_PLACEHOLDER_LOWER = [re.compile(p) for p in [
    r"lorem ipsum\b",
    r"\{\{[^{}\n]{0,80}\}\}",
    r"\{[a-z_][\w ]{0,40}\}",
    r"<(?:insérer|inserer|insert|nom|name|ajouter|titre|title|votre|your|chiffre|source)\b[^<>\n]{0,80}>",
    r"\((?:à compléter|à préciser|à vérifier|à confirmer|à définir|à insérer|à ajouter|source à (?:ajouter|préciser|trouver|confirmer)"
    r"|insérer[^()\n]*|insérez[^()\n]*|ajouter ici[^()\n]*|chiffres? à [^()\n]*|todo[^()\n]*|référence à [^()\n]*)\)",
    r"insérer (?:ici|here)\b", r"insérez (?:ici|here)\b", r"insert here\b", r"ajoutez ici\b", r"add here\b",
    r"mettre (?:ici|à jour) (?:le|la|les) (?:chiffre|source|lien|date)s?\b",
]]


def _inside_quote(analysis, pos: int) -> bool:
    return any(q.start < pos < q.end for q in analysis.quotes)


def _sentence_span(analysis, start: int, end: int) -> tuple[int, int]:
    s = analysis.sentence_at(start)
    if s is None:
        line_start = analysis.body.rfind("\n", 0, start) + 1
        line_end = analysis.body.find("\n", end)
        return line_start, (len(analysis.body) if line_end == -1 else line_end)
    return s.start, max(s.end, end)


def check_refusal(analysis) -> Iterator[Hit]:
    covered: list[tuple[int, int]] = []
    lower = analysis.lower
    matches = sorted((m for rx in _REFUSALS for m in rx.finditer(lower)), key=lambda m: m.start())
    for m in matches:
        if m.start() > 0 and (lower[m.start() - 1].isalnum() or lower[m.start() - 1] == "_"):
            continue
        if _inside_quote(analysis, m.start()):
            continue
        if any(a <= m.start() < b for a, b in covered):
            continue
        s_start, s_end = _sentence_span(analysis, m.start(), m.end())
        covered.append((s_start, s_end))
        yield Hit(
            code="refusal",
            message=_(MSG_REFUSAL)
            % {"match": analysis.body[m.start():m.end()].strip()},
            start=s_start,
            end=s_end,
            excerpt=analysis.text(s_start, s_end),
        )


def check_placeholder(analysis) -> Iterator[Hit]:
    prose = analysis.prose
    hits: list[tuple[int, int]] = []
    # Brackets are read on the unmasked text: "[texte](url)" is a link, not a slot.
    for m in _BRACKET.finditer(analysis.scan):
        inner = m.group(1).strip()
        if not inner or _FOOTNOTE.match(inner):
            continue
        if _PLACEHOLDER_WORDS.search(inner) or (len(inner.split()) >= 3 and not _inside_quote(analysis, m.start())):
            hits.append((m.start(), m.end()))
    matches = [m for rx in _PLACEHOLDER_CASED for m in rx.finditer(prose)]
    matches += [m for rx in _PLACEHOLDER_LOWER for m in rx.finditer(analysis.lower)]
    for m in matches:
        before = prose[m.start() - 1] if m.start() else " "
        if (before.isalnum() and m.group(0)[0].isalnum()) or any(s <= m.start() < e for s, e in hits):
            continue
        hits.append((m.start(), m.end()))
    for start, end in sorted(hits):
        text = analysis.text(start, end)
        yield Hit(
            code="placeholder",
            message=_(MSG_PLACEHOLDER) % {"text": text[:120]},
            start=start,
            end=end,
            excerpt=text,
        )
