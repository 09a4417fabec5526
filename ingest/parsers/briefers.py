"""People who brief a meeting: `[organization][title][name][honorific]` phrases.

Chinese UN text writes a briefer as a role, then a name, then an honorific or rank:
`联合国军事顾问巴巴卡尔·盖伊将军`, `维持和平行动部政策、评价和培训司司长 David Haeri 先生`,
`反恐怖主义委员会执行局副执行主任陈伟雄`. Names are transliterations with a middle dot,
Latin names, or Chinese names (two or three characters after a title word). The title
vocabulary (UN-DOCUMENTS.md, "People and roles") marks where the role ends and the name
begins. English text: `Mr. X, Director of ...`.
"""

import re
import unicodedata

from .types import ParsedBriefer

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
DOTS = "·・‧•∙⋅･"

# Titles that end a role, longest first so that 副秘书长 wins over 秘书长.
TITLES = sorted(
    set(
        """
        副秘书长 助理秘书长 秘书长 司长 处长 科长 组长 股长 局长 署长 厅长 部长 院长 校长 会长
        军事顾问 警务顾问 顾问 参谋长 常驻代表 常驻副代表 副代表 代表 高级代表 特别代表 特使
        执行主任 主任 副团长 团长 主席 副主席 大使 专员 警务专员 指挥官 部队指挥官 司令 司令官
        协调员 主管 干事 总干事 官员 专家 研究员 教授 总裁 首席 书记 总监 经理 负责人 发言人
        观察员 总理 总统 外长 大臣 议员 成员 检察官 检察长 法官 特派员 联络官 参赞 公使 领事
        队长 营长 师长 军长
        """.split()
    ),
    key=len,
    reverse=True,
)
HONORIFICS = sorted(
    set(
        "先生 女士 夫人 小姐 大使 阁下 将军 准将 少将 中将 上将 上校 中校 少校 教授 博士 法官".split()
    ),
    key=len,
    reverse=True,
)
# Frequent Chinese surnames: a dotless name after a title must start with one.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔汤欧庞温章刘鲁葛伍申"
)
# Characters that end a transliterated name in running text (not used in transliteration).
_NAME_STOP = set(
    "的和与及为在是作代出就向表说等应也还分将已对称指强回以并则于由均曾一同担任主介通提讲致率领参做进阐概汇报谈宣"
)
_TITLE_RE = "|".join(map(re.escape, TITLES))
_HONORIFIC_RE = "|".join(map(re.escape, HONORIFICS))
_CONNECTORS = ("以及", "及", "和", "与", "、", "，", "同")
_LEAD_VERBS = ("听取了", "听取", "邀请了", "邀请", "包括", "分别是", "是", "由", "请")

_LATIN_WORD = r"[A-Z][A-Za-z\u00c0-\u024f'’\-]*\.?"
_LATIN_PARTICLE = r"(?:de|da|del|della|di|do|dos|du|van|von|der|den|le|la|bin|ben|al|el|ibn)"
_LATIN_NAME = re.compile(
    rf"(?<![A-Za-z\u00c0-\u024f])({_LATIN_WORD}(?:[ \t]+(?:{_LATIN_PARTICLE}[ \t]+)*{_LATIN_WORD})+)"
)
# Start only where a run of Han characters starts (possessive): a long run without a
# middle dot must fail once, not once per start position (quadratic; found by fuzzing).
_DOT_NAME = re.compile(rf"(?<![{CJK}])[{CJK}]++(?:\s*[{DOTS}]\s*[{CJK}]+)+")
# A lookahead, so that one candidate does not hide the next: 主管副秘书长苏和
_TITLE_THEN_CHINESE_NAME = re.compile(rf"(?=({_TITLE_RE})([{CJK}]{{2,3}}))")


def briefer_key(name: str) -> str:
    """Identity of a person's name for matching: NFKC, no spaces or middle dots, Latin casefolded.

    `Renata  Dwan` == `renata dwan`; `巴巴卡尔·盖伊` == `巴巴卡尔・盖伊` == `巴巴卡尔盖伊`.
    """
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(rf"[\s{DOTS}.\-‐‑–]", "", text)
    return text.casefold()


def clean_text(text: str) -> str:
    """One line: PDF line breaks removed (none between two CJK characters), spaces single."""
    text = unicodedata.normalize("NFC", text or "")
    text = re.sub(
        rf"(?<=[{CJK}{DOTS}（(）)、，。：；“”])\s*\n\s*(?=[{CJK}{DOTS}（(）)、，。：；“”])",
        "",
        text,
    )
    text = re.sub(rf"(?<=[{DOTS}])\s+|\s+(?=[{DOTS}])", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _split_honorific(text: str) -> tuple[str, str]:
    """`巴巴卡尔·盖伊将军` -> (`巴巴卡尔·盖伊`, `将军`)."""
    match = re.search(rf"\s*({_HONORIFIC_RE})$", text)
    if match and match.start() > 0:
        return text[: match.start()].rstrip(), match.group(1)
    return text, ""


def _last_title_end(text: str) -> int:
    """Index just after the last title word in `text`, or -1."""
    end = -1
    for title in TITLES:
        position = text.rfind(title)
        if position >= 0:
            end = max(end, position + len(title))
    return end


def tidy_role(role: str) -> tuple[str, str]:
    """A role as printed, without connectors; a trailing `大使` becomes the honorific.

    `摩洛哥常驻联合国代表、大使` -> (`摩洛哥常驻联合国代表`, `大使`).
    """
    role = (role or "").strip(" \t\n,，、:：;；。")
    for connector in _CONNECTORS:
        if role.startswith(connector):
            role = role[len(connector) :].lstrip()
    honorific = ""
    match = re.search(r"[、，,\s]*(大使)$", role)
    if match and match.start() > 0:
        role, honorific = role[: match.start()], match.group(1)
    return role.strip(" \t,，、"), honorific


def parse_briefer(phrase: str) -> ParsedBriefer | None:
    """One briefer phrase, role first: None when the phrase names nobody.

    `联合国军事顾问巴巴卡尔·盖伊将军` -> name `巴巴卡尔·盖伊`, role `联合国军事顾问`, honorific `将军`.
    A phrase that is only a role (`主管维持和平行动副秘书长`) names nobody.
    """
    text = clean_text(phrase).strip(" ,，、。；;：:")
    if not text:
        return None
    body, honorific = _split_honorific(text)
    name = ""
    role = ""
    latin = next(reversed(list(_LATIN_NAME.finditer(body))), None)
    if latin and latin.end() == len(body):
        name, role = latin.group(1), body[: latin.start()]
    else:
        dotted = next(reversed(list(_DOT_NAME.finditer(body))), None)
        if dotted and dotted.end() == len(body):
            head = body[: dotted.start()]
            first, rest = _split_first_segment(dotted.group(0))
            name = first + rest
            cut = _last_title_end(first)
            if cut > 0:
                head, name = head + first[:cut], first[cut:] + rest
            elif len(first) > 6:
                return None
            role = head
        else:
            cut = _last_title_end(body)
            tail = body[cut:] if cut > 0 else ""
            if 2 <= len(tail) <= 3 and tail[0] in SURNAMES and re.fullmatch(f"[{CJK}]+", tail):
                name, role = tail, body[:cut]
    if not name or not re.search(rf"[{CJK}A-Za-z]", name):
        return None
    role, role_honorific = tidy_role(role)
    return ParsedBriefer(name=_tidy_name(name), role=role, honorific=honorific or role_honorific)


def _split_first_segment(dotted: str) -> tuple[str, str]:
    """`联合国军事顾问巴巴卡尔·盖伊` -> (`联合国军事顾问巴巴卡尔`, `·盖伊`)."""
    match = re.search(rf"\s*[{DOTS}]", dotted)
    return dotted[: match.start()], dotted[match.start() :]


def _tidy_name(name: str) -> str:
    name = re.sub(rf"\s*[{DOTS}]\s*", "·", name.strip())
    return re.sub(r"\s+", " ", name)


# --- Briefers in running text ------------------------------------------------------------

_CUES = ("简报", "通报", "介绍", "发言", "嘉宾", "出席", "主讲", "brief", "speaker", "presentation")
_ROLE_BOUNDARY = re.compile(r"[，。；：！？“”\";:!?\n]")


def mentions_briefing(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(cue in lowered for cue in _CUES)


def find_briefers(text: str) -> list[ParsedBriefer]:
    """Every named person in `text` with the role written before the name.

    Meant for sentences that report a briefing (see `mentions_briefing`).
    """
    text = clean_text(text)
    found: list[ParsedBriefer] = []
    previous_end = 0
    for start, end, name in _name_spans(text):
        if start < previous_end:
            continue
        honorific = ""
        after = re.match(rf"\s*({_HONORIFIC_RE})", text[end:])
        if after:
            honorific = after.group(1)
        role_text = _role_before(text, previous_end, start)
        role, role_honorific = tidy_role(role_text)
        if _last_title_end(role) < 0 and not re.search(r"[A-Za-z]", role):
            role = ""  # a role ends with a title; 讨论会由 is not one
        found.append(
            ParsedBriefer(name=_tidy_name(name), role=role, honorific=honorific or role_honorific)
        )
        previous_end = end + (after.end() if after else 0)
    return found + find_english_briefers(text)


def _name_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of names in running Chinese text, in order."""
    spans = []
    for match in _DOT_NAME.finditer(text):
        spans.extend(_dotted_names(text, match.start(), match.end()))
    for match in _LATIN_NAME.finditer(text):
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip()
        titled = re.search(rf"({_TITLE_RE})$", before) is not None
        honoured = re.match(_HONORIFIC_RE, after) is not None
        if titled or honoured:
            spans.append((match.start(), match.end(), match.group(1)))
    for match in _TITLE_THEN_CHINESE_NAME.finditer(text):
        for length in (3, 2):
            name = match.group(2)[:length]
            end = match.start(2) + length
            if any(span[0] <= match.start(2) < span[1] for span in spans):
                break
            if len(name) < length or name[0] not in SURNAMES:
                continue
            following = text[end : end + 2]
            if (
                not following
                or following[0] in "，。；、：）) \n"
                or following[0] in _NAME_STOP
                or any(following.startswith(h[:2]) for h in HONORIFICS)
            ):
                spans.append((match.start(2), end, name))
                break
    spans.sort()
    return spans


def _given_start(segment: str) -> int | None:
    """Where a given name starts in the run of characters before its first dot."""
    cut = _last_title_end(segment)
    if cut < 0:
        stop = max((i for i, c in enumerate(segment) if c in _NAME_STOP), default=-1)
        cut = stop + 1
    if len(segment) - cut > 6 or len(segment) == cut:
        return None
    return cut


def _name_boundary(segment: str) -> int:
    """Where a family name ends in the run after its last dot: at the first character no
    transliteration uses (的, 和, 为 ...) or at an honorific; len(segment) if none."""
    for i, char in enumerate(segment):
        if char in _NAME_STOP or any(segment.startswith(h, i) for h in HONORIFICS):
            return i
    return len(segment)


def _dotted_names(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Names in one run such as `阿塔·耶尼京先生和军事厅参谋长让·巴约`: two names."""
    pieces = re.split(rf"(\s*[{DOTS}]\s*)", text[start:end])
    # pieces: segment, dot, segment, dot, ... with absolute offsets
    offsets = []
    position = start
    for piece in pieces:
        offsets.append(position)
        position += len(piece)
    spans = []
    given = _given_start(pieces[0])
    name_start = None if given is None else offsets[0] + given
    for index in range(2, len(pieces), 2):
        segment = pieces[index]
        boundary = _name_boundary(segment)
        last = index == len(pieces) - 1
        if boundary == len(segment) and not last:
            continue  # a middle part: 马苏德·本·穆明
        if name_start is not None and boundary > 0:
            name_end = offsets[index] + boundary
            spans.append((name_start, name_end, text[name_start:name_end]))
        rest = segment[boundary:]
        given = _given_start(rest) if rest else None
        name_start = None if given is None else offsets[index] + boundary + given
    return spans


def _role_before(text: str, floor: int, start: int) -> str:
    """The role written just before a name: from the last boundary to the name."""
    window = text[floor:start]
    cut = 0
    for match in _ROLE_BOUNDARY.finditer(window):
        cut = match.end()
    # A role ends at a title (or honorific) followed by a connector: 处长以及摩洛哥常驻联合国代表
    for match in re.finditer(rf"(?:{_TITLE_RE}|{_HONORIFIC_RE})\s*(以及|及|和|与|、)", window):
        remainder = window[match.end() :].strip()
        if remainder and remainder not in ("大使",) and match.end() > cut:
            cut = match.end()
    for verb in _LEAD_VERBS:
        position = window.rfind(verb, cut)
        if position >= 0 and _last_title_end(window[position + len(verb) :]) > 0:
            cut = max(cut, position + len(verb))
    return window[cut:]


_ENGLISH = re.compile(
    r"\b(Mr\.|Ms\.|Mrs\.|Dr\.|Ambassador|General|Lieutenant General|Major General|Brigadier General"
    r"|Colonel|Professor|Judge)\s+((?:[A-Z][\w'’\-]*\.?\s*)+?)(?:,\s*([^,;.()]+(?:\([^)]*\))?[^,;.]*))?(?=[,;.]|\s+and\b|$)"
)


def find_english_briefers(text: str) -> list[ParsedBriefer]:
    """`Mr. Hervé Ladsous, Under-Secretary-General for Peacekeeping Operations, briefed ...`."""
    found = []
    for match in _ENGLISH.finditer(text):
        name = match.group(2).strip()
        if not name:
            continue
        role = (match.group(3) or "").strip()
        found.append(ParsedBriefer(name=name, role=role, honorific=match.group(1)))
    return found
