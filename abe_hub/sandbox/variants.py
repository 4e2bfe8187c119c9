"""How each system mangles the truth: the name, website, country and title variants seen in CRMs."""

from __future__ import annotations

import random

from abe_hub.sandbox.truth import Company, ascii_fold
from abe_hub.sandbox.vocabulary import LEGAL_FORM_LONG, Country


def _typo(rng: random.Random, text: str) -> str:
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 5:
        return text
    i = rng.choice(letters[1:-1])
    op = rng.random()
    if op < 0.4:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op < 0.7:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def acronym(name_without_legal_form: str) -> str:
    words = [w for w in name_without_legal_form.split() if w[:1].isalpha()]
    return "".join(w[0].upper() for w in words)


def company_name(rng: random.Random, company: Company, *, messy: float) -> str:
    """A name for the company as someone typed it into a system: mostly right, sometimes not."""
    bare = company.name[: -len(company.legal_form) - 1] if company.legal_form else company.name
    draw = rng.random()
    if draw >= messy:
        return company.name
    draw /= messy
    if draw < 0.30:
        return bare
    if draw < 0.45 and company.legal_form in LEGAL_FORM_LONG:
        return f"{bare} {LEGAL_FORM_LONG[company.legal_form]}"
    if draw < 0.55:
        return company.name.upper()
    if draw < 0.70:
        return _typo(rng, company.name)
    if draw < 0.78:
        return ascii_fold(company.name)
    if draw < 0.86 and len(bare.split()) >= 2:
        return acronym(bare)
    if draw < 0.93:
        return f"The {bare}" if rng.random() < 0.3 else bare.replace(" and ", " & ")
    return bare.lower()


def website(rng: random.Random, domain: str) -> str:
    return rng.choice((f"https://www.{domain}", f"http://{domain}", f"www.{domain}", domain, f"https://{domain}/"))


def country_label(rng: random.Random, country: Country) -> str:
    return rng.choice((country.name, country.name, country.code, country.local_name))


def title(rng: random.Random, text: str) -> str:
    draw = rng.random()
    if draw < 0.75:
        return text
    if draw < 0.85:
        return text.lower()
    if draw < 0.92:
        return text.upper()
    return text.replace("Vice President", "VP").replace(" of ", " ")
