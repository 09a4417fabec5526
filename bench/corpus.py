"""A synthetic corpus of N text documents made by varying the real ones.

Each variant of a corpus text gets a new symbol, its dates moved (whole years plus a
number of days), its numbered paragraphs' bodies shuffled, its briefers' Latin names
renamed from a bounded pool (so that people recur across meetings, as they do), and the
symbols it cites pointed at other synthetic documents (so that "cited by" links exist).
About one document in 500 is large: a text's numbered paragraphs repeated and
renumbered to ~500 paragraphs. Files are written as UTF-8 text, to be ingested through
the real ingest service (the parser is part of what is measured).

`archive/management/commands/bench_search.py` has a generator of its own, but it writes
database rows directly (no parse, no ingest) and is not importable as a library, so this
module is separate; it does reuse that command's `corpus_pieces` idea of not hard-coding
anything about the samples: the symbol and names come from parsing each text.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.parsers.symbols import find_symbols
from ingest.readers import read_document

_PARA = re.compile(r"^\s{0,4}(\d{1,3})\.\s", re.M)
_FULL_DATE = re.compile(r"(\d{4})(\s*年\s*)(\d{1,2})(\s*月\s*)(\d{1,2})(\s*日)")
_MONTH_DAY = re.compile(r"(?<![\d年])(\s)(\d{1,2})(\s*月\s*)(\d{1,2})(\s*日)")
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?=\s*年)")
_LATIN_WORD = re.compile(r"\b[A-Z][a-z]{2,}\b")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,8}){1,3}$")
_MONTHS = "January February March April May June July August September October November December"
_EN_DATE = re.compile(r"\b(\d{1,2}) (" + _MONTHS.replace(" ", "|") + r") (\d{4})\b")
_CJK_SYLLABLES = (
    "阿 巴 卡 达 法 加 哈 贾 拉 马 纳 帕 萨 塔 瓦 扎 布 库 鲁 苏 图 努 穆 维 莱 里 米 尼 西".split()
)
_SYLLABLES = "ka lo mi ra ne so tu va be di fo ga hi ju ly ma no pe qu ri sa te zo".split()


@dataclass
class Template:
    name: str
    text: str
    symbol: str
    names: list[str]  # Latin words of the briefers' names
    cjk_names: list[str]  # briefers' names written in Chinese (巴巴卡尔·盖伊)
    cited: list[str]
    year: int


def load_templates(corpus_dir: Path) -> list[Template]:
    """The corpus texts, each with its symbol, briefer names and citations (parsed)."""
    out = []
    for path in sorted(Path(corpus_dir).glob("*.txt")):
        data = path.read_bytes()
        parsed = read_document(data, path.name)
        text = data.decode("utf-8")
        names, cjk = set(), set()
        for meeting in parsed.meetings:
            for briefer in meeting.briefers:
                names.update(_LATIN_WORD.findall(briefer.name))
                if _CJK_NAME.match(briefer.name):
                    cjk.add(briefer.name)
        cited = sorted({c for b in parsed.blocks for c in b.citations} - {parsed.symbol})
        year = parsed.date.year if parsed.date else 2010
        out.append(
            Template(path.name, text, parsed.symbol, sorted(names), sorted(cjk), cited, year)
        )
    return out


def person_pool(size: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Latin surnames and Chinese transliterated names (given·family) to rename people."""

    def word():
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    def cjk():
        return "·".join(
            "".join(rng.choice(_CJK_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(2)
        )

    size = max(4, size)
    return [word() for _ in range(size)], [cjk() for _ in range(size)]


def new_symbol(template: Template, index: int, year: int) -> str:
    if template.symbol.startswith("A/"):
        return f"A/{year - 1945}/{5000 + index}"
    return f"S/{year}/{5000 + index}"


def vary(template: Template, index: int, rng: random.Random, pool, symbols, large=False):
    """One variant: (file name, text, symbol)."""
    dy = rng.randint(-12, 8)
    year = template.year + dy
    shift = rng.randrange(365)
    symbol = new_symbol(template, index, year)
    text = template.text
    if large:
        text = _enlarge(text, 500)
    text = _shuffle_paragraphs(text, rng)
    text = _move_dates(text, dy, shift)
    latin, chinese = pool
    names = {w: rng.choice(latin) for w in template.names}
    names.update({n: rng.choice(chinese) for n in template.cjk_names})
    if names:
        text = re.sub(
            "(?<![A-Za-z])("
            + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
            + ")(?![a-z])",
            lambda m: names[m[1]],
            text,
        )
    targets = {c: rng.choice(symbols) for c in template.cited} if symbols else {}
    text = _replace_symbols(text, {template.symbol: symbol, **targets})
    return f"{symbol.replace('/', '_')}.zh.txt", text, symbol


def _replace_symbols(text, mapping):
    parts, pos = [], 0
    for match in find_symbols(text):
        if match.start < pos or match.symbol not in mapping:
            continue
        parts += [text[pos : match.start], mapping[match.symbol]]
        pos = match.end
    return "".join(parts) + text[pos:]


def _segments(text):
    starts = [m.start() for m in _PARA.finditer(text)]
    return starts


def _shuffle_paragraphs(text, rng):
    """Permute the bodies of numbered paragraphs (the numbers stay in place)."""
    starts = _segments(text)
    if len(starts) < 3:
        return text
    # the last numbered paragraph runs into whatever follows: keep it in place
    spans = list(zip(starts[:-1], starts[1:], strict=True))
    bodies = [_PARA.sub("", text[a:b], count=1) for a, b in spans]
    heads = [_PARA.match(text, a).group(0) for a, _ in spans]
    order = list(range(len(bodies)))
    for i in range(0, len(order) - 1, 2):
        if rng.random() < 0.5:
            order[i], order[i + 1] = order[i + 1], order[i]
    pieces = [text[: starts[0]]]
    pieces += [heads[i] + bodies[j] for i, j in enumerate(order)]
    pieces.append(text[starts[-1] :])
    return "".join(pieces)


def _enlarge(text, target):
    """Repeat the numbered paragraphs, renumbered, until there are about `target`."""
    starts = _segments(text)
    if len(starts) < 3:
        return text
    body = text[starts[0] : starts[-1]]
    copies = max(1, target // (len(starts) - 1))
    big = body * copies
    counter = iter(range(1, 10**6))
    big = _PARA.sub(lambda m: m.group(0).replace(m[1], str(next(counter)), 1), big)
    last = next(counter)
    tail = _PARA.sub(lambda m: m.group(0).replace(m[1], str(last), 1), text[starts[-1] :], 1)
    return text[: starts[0]] + big + tail


def _move_dates(text, dy, shift):
    def full(m):
        d = _shifted(int(m[1]) + dy, int(m[3]), int(m[5]), shift)
        if d is None:
            return m[0]
        return f"{d.year}{m[2]}{d.month}{m[4]}{d.day}{m[6]}"

    def month_day(m):
        d = _shifted(2001, int(m[2]), int(m[4]), shift)
        if d is None:
            return m[0]
        return f"{m[1]}{d.month}{m[3]}{d.day}{m[5]}"

    def english(m):
        d = _shifted(int(m[3]) + dy, _MONTHS.split().index(m[2]) + 1, int(m[1]), shift)
        if d is None:
            return m[0]
        return f"{d.day} {_MONTHS.split()[d.month - 1]} {d.year}"

    text = _EN_DATE.sub(english, text)
    text = _FULL_DATE.sub(full, text)
    text = _MONTH_DAY.sub(month_day, text)
    # bare years ("2014 年举行"); full dates were already moved and are left alone
    return _YEAR.sub(lambda m: str(int(m[1]) + dy) if not _is_moved(m) else m[1], text)


def _is_moved(match):
    rest = match.string[match.end() : match.end() + 12]
    return bool(re.match(r"\s*年\s*\d{1,2}\s*月", rest))


def _shifted(year, month, day, shift):
    """The same day `shift` days later, wrapped within its year (so years stay put)."""
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    days_in_year = 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365
    doy = (d.timetuple().tm_yday - 1 + shift) % days_in_year
    return dt.date(year, 1, 1) + dt.timedelta(days=doy)


def generate(corpus_dir: Path, out_dir: Path, n: int, *, seed: int = 17) -> dict:
    """Write `n` synthetic text documents into `out_dir`. Returns a summary: files,
    characters, the symbol of a large document and of an ordinary one."""
    rng = random.Random(seed)
    templates = load_templates(corpus_dir)
    if not templates:
        raise ValueError(f"no *.txt documents in {corpus_dir}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = person_pool(max(8, n // 20), rng)
    biggest = max(templates, key=lambda t: len(_segments(t.text)))
    symbols, chars, large_symbol, files = [], 0, "", []
    for i in range(n):
        large = i % 500 == 7 % max(1, min(n, 500))
        template = biggest if large else templates[i % len(templates)]
        name, text, symbol = vary(template, i, rng, pool, symbols[-200:], large=large)
        (out_dir / name).write_text(text, encoding="utf-8")
        symbols.append(symbol)
        files.append(name)
        chars += len(text)
        if large and not large_symbol:
            large_symbol = symbol
    return {
        "files": len(files),
        "files_list": files,
        "characters": chars,
        "large_symbol": large_symbol,
        "symbols": symbols,
        "names": pool,
    }
