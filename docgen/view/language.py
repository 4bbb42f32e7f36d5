"""Swedish for generated decision text: an att-sats as a sentence written as decided.

"att fastställa årsplanen" becomes "Hälso- och sjukvårdsnämnden fastställer årsplanen". The
verbs boards use are listed; verbs ending in -era follow their rule (notera → noterar).
Any other verb is an error that asks the editor to write the sentence form.
"""

from __future__ import annotations

PRESENT_TENSE = {
    "fastställa": "fastställer",
    "godkänna": "godkänner",
    "anta": "antar",
    "uppdra": "uppdrar",
    "ge": "ger",
    "lägga": "lägger",
    "besluta": "beslutar",
    "överlämna": "överlämnar",
    "avslå": "avslår",
    "bifalla": "bifaller",
    "tillstyrka": "tillstyrker",
    "föreslå": "föreslår",
    "ställa": "ställer",
    "upphäva": "upphäver",
    "utse": "utser",
    "bevilja": "beviljar",
    "avsätta": "avsätter",
    "fördela": "fördelar",
    "anvisa": "anvisar",
    "återremittera": "återremitterar",
    "förklara": "förklarar",
    "anse": "anser",
    "hemställa": "hemställer",
    "yttra": "yttrar",
    "avge": "avger",
    "översända": "översänder",
    "tacka": "tackar",
    "uppmana": "uppmanar",
    "välja": "väljer",
    "entlediga": "entledigar",
    "genomföra": "genomför",
    "inrätta": "inrättar",
    "avveckla": "avvecklar",
    "justera": "justerar",
}


class UnknownVerb(ValueError):
    pass


def present_tense(verb: str) -> str:
    if verb in PRESENT_TENSE:
        return PRESENT_TENSE[verb]
    if verb.endswith("era"):  # notera, revidera, delegera, informera
        return verb + "r"
    raise UnknownVerb(verb)


def as_decided(clause: str, body: str) -> str:
    """'att fastställa X.' -> '<Body> fastställer X.'; several verbs joined by 'och' are all converted."""
    if not clause.startswith("att "):
        return clause
    words = clause[4:].split(" ")
    words[0] = present_tense(words[0])
    for index in range(1, len(words) - 2):  # "att fastställa X och att godkänna Y"
        if words[index] == "att" and words[index - 1] in ("och", "samt"):
            words[index + 1] = present_tense(words[index + 1])
    text = " ".join(w for i, w in enumerate(words) if not (w == "att" and i > 0 and words[i - 1] in ("och", "samt")))
    return f"{body} {text}"
