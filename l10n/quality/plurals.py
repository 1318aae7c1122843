"""Plural forms: the project's own table, and gettext's C expressions read safely.

Rules (pure: text in, values out):
- ``TABLE`` holds, per language (and per region where it differs), the
  ``Plural-Forms`` that tools write, by source: ``gettext`` (GNU msginit 0.21's
  table; Arabic and Chinese from the gettext manual), ``Weblate`` (its default,
  for languages GNU's table lacks or where it differs in meaning) and ``CLDR``
  (CLDR's rules as Babel >= 2.19 writes them: a "many" form for millions in es,
  pt, fr, it, ca, and CLDR's Arabic). The first is the convention: new catalogs
  get it.
- Lookup by locale, ``-`` and ``_`` alike, ``.charset`` and ``@variant`` ignored:
  the whole code, then shorter ones (``zh_Hant_TW``, ``zh_Hant``, ``zh``), so
  ``pt_BR`` finds ``pt_BR`` before ``pt``. A language missing from the table falls
  back to Babel's CLDR data, named as such; one Babel does not know has no rule.
- A formula is read by a parser of gettext's grammar (``?:``, ``||``, ``&&``,
  ``==``, ``!=``, ``<``, ``>``, ``<=``, ``>=``, ``+``, ``-``, ``*``, ``/``, ``%``,
  ``!``, parentheses, ``n``, decimal numbers) and evaluated on unsigned 64-bit
  integers as gettext does; nothing is passed to ``eval``.
- Two formulas mean the same when they pick the same form for every n in
  ``NUMBERS`` (0..10000 and a few large values). Any spelling of an accepted rule
  passes; a header that differs says for which n, as ranges.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "NUMBERS",
    "TABLE",
    "PluralForms",
    "PluralFormsError",
    "Rule",
    "accepted_nplurals",
    "conventional",
    "describe",
    "parse",
    "problems",
    "rules",
]

_MASK = (1 << 64) - 1  # gettext evaluates on unsigned long int
LARGE = (
    10**5, 10**6 - 1, 10**6, 10**6 + 1, 2 * 10**6, 10**7, 10**9, 10**9 + 1, 10**12, 10**12 + 1
)  # fmt: skip
NUMBERS: tuple[int, ...] = (*range(10001), *LARGE)


class PluralFormsError(ValueError):
    """A Plural-Forms value that cannot be read or evaluated."""


# ---------------------------------------------------------------------------
# The expression language


_TOKEN_RE = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[<>?:!()+\-*/%]))")
_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"),
)  # fmt: skip
Expression = Callable[[int], int]


def _binary(op: str, left: Expression, right: Expression) -> Expression:
    if op == "||":
        return lambda n: int(bool(left(n)) or bool(right(n)))
    if op == "&&":
        return lambda n: int(bool(left(n)) and bool(right(n)))
    if op in ("/", "%"):

        def divide(n: int) -> int:
            a, b = left(n), right(n)
            if b == 0:
                raise PluralFormsError(f"divides by zero for n = {n}")
            return a // b if op == "/" else a % b

        return divide
    apply: dict[str, Callable[[int, int], int]] = {
        "==": lambda a, b: int(a == b),
        "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b),
        ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b),
        ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: (a + b) & _MASK,
        "-": lambda a, b: (a - b) & _MASK,
        "*": lambda a, b: (a * b) & _MASK,
    }
    f = apply[op]
    return lambda n: f(left(n), right(n))


class _Parser:
    """Recursive descent over gettext's plural grammar (plural.y), C precedence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, int]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN_RE.match(text, pos)
            if m is None:
                if not text[pos:].strip():
                    break
                col = pos + len(text[pos:]) - len(text[pos:].lstrip()) + 1
                raise PluralFormsError(f'unexpected "{text[col - 1]}" at column {col} of "{text}"')
            self.tokens.append((m.group(m.lastindex or 0), m.start(m.lastindex or 0) + 1))
            pos = m.end()
        self.at = 0

    def peek(self) -> str:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else ""

    def fail(self, wanted: str) -> PluralFormsError:
        if self.at < len(self.tokens):
            token, col = self.tokens[self.at]
            return PluralFormsError(
                f'expected {wanted}, found "{token}" at column {col} of "{self.text}"'
            )
        return PluralFormsError(f'expected {wanted} at the end of "{self.text}"')

    def take(self, token: str) -> None:
        if self.peek() != token:
            raise self.fail(f'"{token}"')
        self.at += 1

    def expression(self) -> Expression:
        whole = self.ternary()
        if self.at < len(self.tokens):
            raise self.fail("an operator")
        return whole

    def ternary(self) -> Expression:
        condition = self.level(0)
        if self.peek() != "?":
            return condition
        self.at += 1
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if condition(n) else no(n)

    def level(self, depth: int) -> Expression:
        if depth == len(_LEVELS):
            return self.unary()
        left = self.level(depth + 1)
        while self.peek() in _LEVELS[depth]:
            op = self.peek()
            self.at += 1
            left = _binary(op, left, self.level(depth + 1))
        return left

    def unary(self) -> Expression:
        token = self.peek()
        if token == "!":
            self.at += 1
            operand = self.unary()
            return lambda n: int(not operand(n))
        if token == "(":
            self.at += 1
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            self.at += 1
            return lambda n: n
        if token.isdigit():
            self.at += 1
            value = int(token) & _MASK
            return lambda n: value
        raise self.fail("a number, n, ! or (")


def compile_expression(text: str) -> Expression:
    """A function of n for a C plural expression; PluralFormsError if it does not parse."""
    return _Parser(text).expression()


_HEADER_RE = re.compile(
    r"\s*nplurals\s*=\s*(?P<n>\S*?)\s*;\s*plural\s*=\s*(?P<plural>[^;]*?)\s*(?:;\s*)?", re.DOTALL
)


@dataclass(frozen=True)
class PluralForms:
    """A parsed Plural-Forms value: how many forms, and which one each n picks."""

    nplurals: int
    plural: str
    forms: tuple[int, ...]  # the form picked for each n of NUMBERS

    @property
    def header(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural};"


@lru_cache(maxsize=256)
def parse(value: str) -> PluralForms:
    """Read and evaluate a Plural-Forms value; PluralFormsError says what is wrong.

    Errors: not of the form ``nplurals=N; plural=EXPRESSION;``, N not a positive
    number, an expression that does not parse, divides by zero, or picks a form
    N or above.
    """
    m = _HEADER_RE.fullmatch(value)
    if m is None:
        raise PluralFormsError('is not "nplurals=N; plural=EXPRESSION;"')
    if not m.group("n").isdigit() or int(m.group("n")) < 1:
        raise PluralFormsError(f"has nplurals={m.group('n')}, not a number of forms")
    nplurals, plural = int(m.group("n")), m.group("plural")
    try:
        function = compile_expression(plural)
    except PluralFormsError as e:
        raise PluralFormsError(f"has a plural expression that does not parse: {e}") from None
    forms = tuple(function(n) for n in NUMBERS)
    over = [n for n, form in zip(NUMBERS, forms, strict=True) if form >= nplurals]
    if over:
        picked = forms[NUMBERS.index(over[0])]
        raise PluralFormsError(
            f"picks form {picked} for n = {_ranges(over)}, but nplurals={nplurals} "
            f"allows forms 0..{nplurals - 1}"
        )
    return PluralForms(nplurals, plural, forms)


# ---------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class Rule:
    """A Plural-Forms value and who writes it (gettext, Weblate, CLDR)."""

    source: str
    value: str


_GETTEXT, _WEBLATE, _CLDR = "gettext", "Weblate", "CLDR"
_G2 = "nplurals=2; plural=(n != 1);"
_G2_GT1 = "nplurals=2; plural=(n > 1);"
_ONE = "nplurals=1; plural=0;"
_MILLION = "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"
_MILLION_01 = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
_SLAVIC_CLDR = (
    "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : "
    "n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
)
_CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
_FILIPINO = (
    "nplurals=2; plural=n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9);"
)
_ICELANDIC = "nplurals=2; plural=(n % 10 != 1 || n % 100 == 11);"


def _each(codes: str, *accepted: Rule) -> dict[str, tuple[Rule, ...]]:
    return dict.fromkeys(codes.split(), accepted)


def _g(value: str) -> Rule:
    return Rule(_GETTEXT, value)


def _w(value: str) -> Rule:
    return Rule(_WEBLATE, value)


def _c(value: str) -> Rule:
    return Rule(_CLDR, value)


TABLE: dict[str, tuple[Rule, ...]] = {
    # two forms, 1 is singular
    **_each("bg da de el en eo et fi fo hu nb nl nn no sv tr", _g(_G2), _c(_G2)),
    **_each("af az eu gl ka kk ky ml mn ne ps sq sw ta te ur uz", _w(_G2), _c(_G2)),
    # two forms, 0 and 1 are singular
    **_each("am as bn fa gu hi hy kn pa si zu", _w(_G2_GT1), _c(_G2_GT1)),
    "fil": (_w(_FILIPINO), _c(_FILIPINO)),
    # one form
    **_each("ja ko vi", _g(_ONE), _c(_ONE)),
    **_each("id km lo ms my th", _w(_ONE), _c(_ONE)),
    "zh": (_g(_ONE), _c(_ONE)),
    # CLDR's "many" for millions (Babel >= 2.19)
    "es": (_g(_G2), _c(_MILLION)),
    "it": (_g(_G2), _c(_MILLION)),
    "ca": (_w(_G2), _c(_MILLION)),
    "fr": (_g(_G2_GT1), _c(_MILLION_01)),
    "pt": (_g(_G2), _w(_G2_GT1), _c(_MILLION_01)),
    "pt_BR": (_g(_G2_GT1), _c(_MILLION_01)),
    "pt_PT": (_g(_G2), _w(_G2_GT1), _c(_MILLION)),
    # Slavic and Baltic
    **_each("be hr ru sr uk", _g(_SLAVIC), _c(_SLAVIC_CLDR)),
    "bs": (_w(_SLAVIC), _c(_SLAVIC_CLDR)),
    "pl": (
        _g(
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        ),
        _c(
            "nplurals=3; plural=n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 "
            "&& (n % 100 < 12 || n % 100 > 14) ? 1 : 2;"
        ),
    ),
    "cs": (_g(_CZECH), _c("nplurals=3; plural=(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 2);")),
    "sk": (_g(_CZECH), _c("nplurals=3; plural=(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 2);")),
    "sl": (
        _g("nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);"),
        _c(
            "nplurals=4; plural=n % 100 == 1 ? 0 : n % 100 == 2 ? 1 : "
            "(n % 100 == 3 || n % 100 == 4) ? 2 : 3;"
        ),
    ),
    "lt": (
        _g(
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
            "n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"
        ),
        _c(
            "nplurals=3; plural=n % 10 == 1 && (n % 100 < 11 || n % 100 > 19) ? 0 : "
            "n % 10 >= 2 && n % 10 <= 9 && (n % 100 < 11 || n % 100 > 19) ? 1 : 2;"
        ),
    ),
    "lv": (
        _g("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"),
        _c(
            "nplurals=3; plural=(n % 10 == 0 || n % 100 >= 11 && n % 100 <= 19 ? 0 : "
            "n % 10 == 1 && n % 100 != 11 ? 1 : 2);"
        ),
    ),
    "mk": (_w("nplurals=2; plural=n==1 || n%10==1 ? 0 : 1;"), _c(_ICELANDIC)),
    "is": (_w("nplurals=2; plural=n%10!=1 || n%100==11;"), _c(_ICELANDIC)),
    # others
    "ro": (
        _g("nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;"),
        _c(
            "nplurals=3; plural=(n == 1 ? 0 : n == 0 || n != 1 && n % 100 >= 1 "
            "&& n % 100 <= 19 ? 1 : 2);"
        ),
    ),
    "he": (
        _g(_G2),
        _w("nplurals=4; plural=(n == 1) ? 0 : ((n == 2) ? 1 : ((n > 10 && n % 10 == 0) ? 2 : 3));"),
        _c("nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);"),
    ),
    "ga": (
        _g("nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;"),
        _c(
            "nplurals=5; plural=(n == 1 ? 0 : n == 2 ? 1 : n >= 3 && n <= 6 ? 2 : "
            "n >= 7 && n <= 10 ? 3 : 4);"
        ),
    ),
    "ar": (
        _g(
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
            "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
        ),
        _c(
            "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : "
            "n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);"
        ),
    ),
    "cy": (
        _w("nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 :(n==6) ? 4 : 5;"),
        _c(
            "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : "
            "n == 6 ? 4 : 5);"
        ),
    ),
    "mt": (
        _w(
            "nplurals=4; plural=n==1 ? 0 : n==0 || ( n%100>1 && n%100<11) ? 1 : "
            "(n%100>10 && n%100<20 ) ? 2 : 3;"
        ),
        _c(
            "nplurals=5; plural=(n == 1 ? 0 : n == 2 ? 1 : n == 0 || n % 100 >= 3 && "
            "n % 100 <= 10 ? 2 : n % 100 >= 11 && n % 100 <= 19 ? 3 : 4);"
        ),
    ),
    "gd": (
        _w(
            "nplurals=4; plural=(n==1 || n==11) ? 0 : (n==2 || n==12) ? 1 : "
            "(n > 2 && n < 20) ? 2 : 3;"
        ),
        _c(
            "nplurals=4; plural=(n == 1 || n == 11) ? 0 : (n == 2 || n == 12) ? 1 : "
            "(n >= 3 && n <= 10 || n >= 13 && n <= 19) ? 2 : 3;"
        ),
    ),
}


def _candidates(locale: str) -> list[str]:
    code = re.split(r"[.@]", locale.strip(), maxsplit=1)[0].replace("-", "_")
    parts = [p for p in code.split("_") if p]
    if not parts:
        return []
    parts[0] = parts[0].lower()
    for i, p in enumerate(parts[1:], 1):
        parts[i] = p.title() if len(p) == 4 else p.upper()
    found = ["_".join(parts[:i]) for i in range(len(parts), 0, -1)]
    if len(parts) == 3:  # zh_Hant_TW: also zh_TW
        found.insert(2, f"{parts[0]}_{parts[2]}")
    return found


@lru_cache(maxsize=64)
def rules(locale: str) -> tuple[Rule, ...]:
    """The accepted Plural-Forms for a locale, the convention first; () if none is known."""
    for code in _candidates(locale):
        if code in TABLE:
            return TABLE[code]
    return _babel_rules(locale)


def _babel_rules(locale: str) -> tuple[Rule, ...]:
    """Last resort for a language the table lacks: Babel's CLDR data."""
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return ()
    return (Rule("CLDR (Babel)", str(get_plural(parsed))),)


def conventional(locale: str) -> str | None:
    """The Plural-Forms a new catalog gets: gettext's where it has one."""
    found = rules(locale)
    return found[0].value if found else None


# ---------------------------------------------------------------------------
# Comparing by meaning


def _labels(sources: Iterable[str]) -> str:
    names = list(dict.fromkeys(sources))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _ranges(numbers: list[int], limit: int = 3) -> str:
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    shown = [f"{a}" if a == b else f"{a}..{b}" for a, b in runs[:limit]]
    text = ", ".join(shown)
    if len(runs) > limit:
        text += f" and {len(runs) - limit} more"
    return text


@dataclass(frozen=True)
class _Meaning:
    forms: PluralForms
    sources: tuple[str, ...]


@lru_cache(maxsize=64)
def _meanings(locale: str) -> tuple[_Meaning, ...]:
    """The accepted rules grouped by what they pick, each with who writes it (a table
    per locale, built once)."""
    groups: dict[tuple[int, tuple[int, ...]], tuple[PluralForms, list[str]]] = {}
    for rule in rules(locale):
        forms = parse(rule.value)
        key = (forms.nplurals, forms.forms)
        groups.setdefault(key, (forms, []))[1].append(rule.source)
    return tuple(_Meaning(forms, tuple(sources)) for forms, sources in groups.values())


def accepted_nplurals(value: str) -> int:
    """The nplurals of a value ``problems`` accepts, without evaluating its formula."""
    found = _HEADER_RE.fullmatch(value.strip())
    return int(found.group("n")) if found else parse(value.strip()).nplurals


def describe(locale: str) -> str:
    """The accepted rules in words, e.g. 'gettext: "nplurals=2; ..."; CLDR: "..."'."""
    return "; ".join(f'{_labels(m.sources)}: "{m.forms.header}"' for m in _meanings(locale))


@lru_cache(maxsize=256)  # catalogs of a locale share their header: judged once a run
def problems(value: str, locale: str) -> tuple[str, ...]:
    """What is wrong with a Plural-Forms value for ``locale``; () when it is accepted."""
    if any(rule.value == value.strip() for rule in rules(locale)):
        return ()  # the table's own spelling (every one parses): no formula to evaluate
    try:
        header = parse(value.strip())
    except PluralFormsError as e:
        return (f'header Plural-Forms "{value.strip()}" {e}',)
    meanings = _meanings(locale)
    if not meanings:
        return ()
    if any((m.forms.nplurals, m.forms.forms) == (header.nplurals, header.forms) for m in meanings):
        return ()
    same = [m for m in meanings if m.forms.nplurals == header.nplurals]
    if not same:
        return (
            f"header Plural-Forms has nplurals={header.nplurals}; for {locale}: " + describe(locale),
        )
    nearest = min(
        same, key=lambda m: sum(a != b for a, b in zip(m.forms.forms, header.forms, strict=True))
    )
    who = _labels(nearest.sources)
    verb = "picks" if len(nearest.sources) == 1 else "pick"
    groups: dict[tuple[int, int], list[int]] = {}
    for n, got, want in zip(NUMBERS, header.forms, nearest.forms.forms, strict=True):
        if got != want:
            groups.setdefault((got, want), []).append(n)
    where = "; ".join(
        f"for n = {_ranges(ns)} this header picks form {got}; {who} {verb} {want}"
        for (got, want), ns in list(groups.items())[:3]
    )
    if len(groups) > 3:
        where += f"; and {len(groups) - 3} more differences"
    return (f'header Plural-Forms is wrong for {locale}: {where} ({who}: "{nearest.forms.header}")',)
