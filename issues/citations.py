"""관련 법령 as things: the free text a filer or an officer types, read into citations of laws and articles.

Plain Python, no import of ours. `parse("의료법 제34조, 같은 법 시행규칙 제3조")` gives two citations, the second
of "의료법 시행규칙". The rules, as Korean documents write citations:

- A law is named in 「」 or 『』, or written out and ending in a kind of rule (법, 법률, 령, 규칙, 규정, 고시,
  지침, 가이드라인, 조례 …). Parentheses are never part of a name: "(식품의약품안전처 고시)" after a name and
  "(원격의료)" after an article are skipped.
- "같은 법", "동법" name the law cited just before (its parent when that was a 시행령 or 시행규칙); "같은 법
  시행령", "동법 시행규칙", "동 시행령" its decree or rule; "같은 영", "같은 규칙" the decree or rule cited before.
- Every article after a name is an article of that law until another name comes: "제6조, 제12조";
  "제2항" or "제3호" alone continue the article before. "별표 1", "별지 제1호 서식" and a name cited without
  an article give a citation whose article is None.
- Names are written as 국가법령정보센터 writes them: spaces collapsed, "시행령"/"시행규칙" set apart by one space,
  the middle dots (ㆍ, ・, •) written "·", and the common short names and spellings of _OFFICIAL_NAMES
  ("개인정보보호법", "정보통신망법") replaced by the official name.
- In running text a name ends where a particle is glued to it ("의료법상", "항공안전법에 따라", "식품위생법
  시행규칙에서"): the name is the word before it, its 시행령/시행규칙, the words of a title ("…에 관한 법률") and
  the words of a known official name; words ending in 은/는 and "관련" before a name are not part of it.
- "제3조부터 제5조까지", "제3조~제5조" and "제3조 내지 제5조" cite every article from 3 to 5.
- 목 ("제1호 가목"), 본문, 단서, 전단 and 후단 are read past: a citation goes down to the 호 only.
- 부칙 is skipped: "의료법 부칙 제2조" cites 의료법 as a whole, since an article of a 부칙 belongs to one
  amendment and is not the law's article of that number; the articles after 부칙 are its articles too, until
  another name.
- law_url knows the three collections of 국가법령정보센터: 법령 (acts, decrees, rules), 행정규칙 (고시, 훈령,
  예규, 지침, 가이드라인, 공고) and 자치법규 (a city's or district's 조례 and 규칙).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

LAW_SITE = "https://www.law.go.kr"


@dataclass(frozen=True)
class Citation:
    law: str
    article: int | None = None
    article_sub: int | None = None  # the 2 of 제28조의2
    paragraph: int | None = None  # 항
    item: int | None = None  # 호
    # The span of the normalised input it was read from; two citations of the same article are equal.
    text: str = field(default="", compare=False)


# The official name (국가법령정보센터) by law_key of what filers type: names whose spacing is not guessable and the
# short names (약칭) used in applications.
_OFFICIAL_NAMES = {
    "개인정보보호법": "개인정보 보호법",
    "여객자동차운수사업법": "여객자동차 운수사업법",
    "여객자동차법": "여객자동차 운수사업법",
    "화물자동차운수사업법": "화물자동차 운수사업법",
    "화물자동차법": "화물자동차 운수사업법",
    "산업융합촉진법": "산업융합 촉진법",
    "도시교통정비촉진법": "도시교통정비 촉진법",
    "정보통신망법": "정보통신망 이용촉진 및 정보보호 등에 관한 법률",
    "정보통신망이용촉진및정보보호등에관한법률": "정보통신망 이용촉진 및 정보보호 등에 관한 법률",
    "전자상거래법": "전자상거래 등에서의 소비자보호에 관한 법률",
    "전자상거래등에서의소비자보호에관한법률": "전자상거래 등에서의 소비자보호에 관한 법률",
    "국토계획법": "국토의 계획 및 이용에 관한 법률",
    "국토의계획및이용에관한법률": "국토의 계획 및 이용에 관한 법률",
    "위치정보법": "위치정보의 보호 및 이용 등에 관한 법률",
    "위치정보의보호및이용등에관한법률": "위치정보의 보호 및 이용 등에 관한 법률",
    "신용정보법": "신용정보의 이용 및 보호에 관한 법률",
    "신용정보의이용및보호에관한법률": "신용정보의 이용 및 보호에 관한 법률",
    "건강기능식품법": "건강기능식품에 관한 법률",
    "건강기능식품에관한법률": "건강기능식품에 관한 법률",
    "자본시장법": "자본시장과 금융투자업에 관한 법률",
    "자본시장과금융투자업에관한법률": "자본시장과 금융투자업에 관한 법률",
    "정보통신융합법": "정보통신 진흥 및 융합 활성화 등에 관한 특별법",
    "정보통신진흥및융합활성화등에관한특별법": "정보통신 진흥 및 융합 활성화 등에 관한 특별법",
    "규제자유특구법": "규제자유특구 및 지역특화발전특구에 관한 규제특례법",
    "식품표시광고법": "식품 등의 표시·광고에 관한 법률",
    "식품등의표시·광고에관한법률": "식품 등의 표시·광고에 관한 법률",
    "건축물대장의기재및관리등에관한규칙": "건축물대장의 기재 및 관리 등에 관한 규칙",
}

_CIRCLED = {chr(0x2460 + n): f"제{n + 1}항" for n in range(20)}  # ① … ⑳ as Korean statutes number 항
_DOTS = str.maketrans({"ㆍ": "·", "・": "·", "･": "·", "•": "·", "‧": "·", "∙": "·"})
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff]")

_PARENTHESES = re.compile(r"\([^()]*\)")
_MASKED = r"(?:\s*\x00+)*"  # a parenthesised title or kind, hidden by _mask_parentheses
_MASKED_TAIL = re.compile(_MASKED)
_PARAGRAPH = r"(?:\s*(?:제\s*)?(?P<para>\d+)\s*항)?"
_ITEM = r"(?:\s*(?:제\s*)?(?P<item>\d+)\s*호)?"
_TOKEN = re.compile(
    r"(?P<addenda>부\s*칙)"
    r"|(?P<bracket>[「『](?P<bracketed>[^」』]*)[」』])"
    r"|(?P<annex>별표(?:\s*\d+(?:\s*의\s*\d+)?)?\]?|별지\s*(?:제\s*)?\d+\s*호(?:\s*서식)?)"
    # "1조 원" is money, not an article.
    r"|(?P<article>(?:제\s*)?(?P<art>\d+)\s*조(?![원억천백])(?:\s*의\s*(?P<sub>\d+))?"
    + _MASKED + _PARAGRAPH + _MASKED + _ITEM + _MASKED + ")"
    r"|(?P<paragraph>제\s*(?P<para_only>\d+)\s*항"
    + _MASKED + _ITEM.replace("<item>", "<para_item>") + _MASKED + ")"
    r"|(?P<item_only>제\s*(?P<item_alone>\d+)\s*호" + _MASKED + ")"
)
# Between two articles: what separates names (commas, lines, colons, parentheses) ...
_PIECES = re.compile(r"[^,;:\n\x00]+")
# ... what may stand around a name without being part of it ...
_LEADING = re.compile(
    r"^(?:[\s·/\-*\[\]<>○◦▶▷※]|및|또는|그리고|혹은|내지|(?:관련|관계|근거|해당)\s*법령\s*(?:은|는|으로는)?"
    r"|(?:\d+|[가-하])\s*[.)](?=\s))+"  # the numbers of a list: "1. ", "가. "
)
_TRAILING = re.compile(r"(?:[\s·/\-*\[\]<>]|\s등|에\s*따른|에\s*의한|에\s*따라|의|에|상)+$")
# ... and what joins two names ("의료법 및 약사법", "의료법·약사법", "의료법과 약사법").
_JOINS = re.compile(r"\s*(?:및|또는|그리고|·|/|&)\s*|(?<=[법령칙정시침률])(?:과|와|이나)\s+")
_KIND = re.compile(
    r"(?:법|법률|령|규칙|규정|고시|지침|가이드라인|조례|훈령|예규|기준|요령|협약|조약|공고|안내서|해설서)$"
)
_GENERIC = re.compile(
    r"(?:관련|관계|해당|현행|기타|근거|각종|개별|모든)*"
    r"(?:법|법령|법률|법규|규정|규칙|령|시행령|시행규칙|고시|지침|가이드라인|조례|기준|법령등|규제)"
)
_REFERENCE = re.compile(
    r"(?:같은|동)\s*(?:(?P<law>법률|법)\s*(?P<law_kind>시행령|시행규칙)?|(?P<kind>시행령|시행규칙|영|규칙))"
)
_DECREE_SUFFIX = re.compile(r"\s*(시행령|시행규칙)$")
# Between two articles, a range: "제3조부터 제5조까지", "제3조~제5조", "제3조 내지 제5조".
_RANGE = re.compile(r"\s*(?:부터|~|∼|〜|내지)\s*")
_RANGE_MOST = 50  # a longer "range" is a typo, not 50 articles
# A particle glued to the end of a name, in running text: "의료법상 …", "항공안전법에 따라 …".
_GLUED = re.compile(
    r"(?:(?<=법)|(?<=법률)|(?<=령)|(?<=규칙)|(?<=규정)|(?<=고시)|(?<=지침)|(?<=조례)|(?<=라인)|(?<=예규)|(?<=기준)"
    r"|(?<=공고))"
    r"(?:상|에서는|에서도|에서의|에서|에는|에도|에\s*따라|에\s*따르면|에\s*따른|에\s*의하면|에\s*의한|에\s*의해|에\s*의거"
    r"|에|으로|로|이|가|은|는|을|를|의|와|과)(?=\s|$)(?!\s*(?:관한|대한|위한|관하여))"
)
# The words of a title that stand between its nouns: "국토의 계획 및 이용에 관한 법률".
_TITLE_JOINS = frozenset({"및", "등", "등의", "등에", "또는", "관한", "대한", "위한"})
# Prose before a name: "원격의료는 의료법", "드론 관련 항공안전법".
_PROSE = re.compile(r"^(?:.*\s)?(?:\S+[은는]|관련|관계|따른|따라|의한|위반)\s+")
# Kinds of rule too common a word to be read as one in running text.
_PROSE_KIND = re.compile(r"(?:기준|요령|협약|조약|안내서|해설서)$")
# Common words that end like a law but are none.
_COMMON_WORDS = frozenset({
    "방법", "기법", "용법", "문법", "어법", "불법", "편법", "합법", "위법", "적법", "탈법", "입법", "해법", "수법",
    "비법", "화법", "요법", "공법", "사법", "대통령", "명령", "지령", "발령", "수령", "사령", "연령", "고령", "노령",
})
_KNOWN_KEYS = frozenset({re.sub(r"\s+", "", name).lower() for pair in _OFFICIAL_NAMES.items() for name in pair})
_ADMINISTRATIVE = re.compile(r"(?:고시|훈령|예규|지침|가이드라인|공고)$")
_LOCAL = re.compile(r"^[가-힣]+(?:특별시|광역시|특별자치시|특별자치도|도|시|군|구)\s.*(?:조례|규칙)$")


def parse(text: str | None) -> list[Citation]:
    """The citations of `text`, in the order written, each once."""
    if not text or not text.strip():
        return []
    source = _normalise_text(text)
    reader = _Reader(source, _mask_parentheses(source))
    position = 0
    for match in _TOKEN.finditer(reader.masked):
        reader.read_names(position, match.start())
        reader.read_token(match)
        position = match.end()
    reader.read_names(position, len(source))
    reader.close()
    seen, citations = set(), []
    for citation in reader.citations:
        if citation not in seen:
            seen.add(citation)
            citations.append(citation)
    return citations


def law_key(name: str) -> str:
    """The key that groups the spellings of one law: its normalised name without spaces."""
    return re.sub(r"\s+", "", normalise_law_name(name)).lower()


def normalise_law_name(name: str) -> str:
    """A law's name as 국가법령정보센터 writes it, as far as the spelling typed allows."""
    name = unicodedata.normalize("NFKC", _INVISIBLE.sub("", name.translate(_DOTS)))
    name = re.sub(r"[「」『』\x00]", "", name)
    name = re.sub(r"\s*·\s*", "·", re.sub(r"\s+", " ", name)).strip()
    name = re.sub(r"시행\s+(령|규칙)$", r"시행\1", name)
    base, kind = _split_kind(name)
    base = _OFFICIAL_NAMES.get(re.sub(r"\s+", "", base), base)
    return f"{base} {kind}" if kind else base


def parent_law(name: str) -> str:
    """The act a 시행령 or 시행규칙 carries out ("의료법 시행규칙" → "의료법"); any other name itself."""
    return _split_kind(normalise_law_name(name))[0]


def format_citation(citation: Citation) -> str:
    """As Korean documents cite it: "의료법 제34조", "개인정보 보호법 제28조의2 제1항"."""
    words = [citation.law]
    if citation.article is not None:
        sub = f"의{citation.article_sub}" if citation.article_sub is not None else ""
        words.append(f"제{citation.article}조{sub}")
        if citation.paragraph is not None:
            words.append(f"제{citation.paragraph}항")
        if citation.item is not None:
            words.append(f"제{citation.item}호")
    return " ".join(words)


def law_url(name: str) -> str:
    """The law's page on 국가법령정보센터 by its URL pattern, nothing requested: /법령/<name> for acts, decrees
    and rules, /행정규칙/<name> for 고시, 훈령, 예규, 지침, 가이드라인 and 공고, /자치법규/<name> for the 조례
    and 규칙 of a city or district ("서울특별시 …조례")."""
    name = normalise_law_name(name)
    return f"{LAW_SITE}/{quote(law_collection(name))}/{quote(name, safe='')}"


def law_collection(name: str) -> str:
    """Which of 국가법령정보센터's collections holds the law: 법령, 행정규칙 or 자치법규."""
    name = normalise_law_name(name)
    if _LOCAL.match(name) or name.endswith("조례"):
        return "자치법규"
    if _ADMINISTRATIVE.search(name):
        return "행정규칙"
    return "법령"


def _split_kind(name: str) -> tuple[str, str]:
    match = _DECREE_SUFFIX.search(name)
    if not match or match.start() == 0:
        return name, ""
    return name[: match.start()], match.group(1)


def _normalise_text(text: str) -> str:
    # Circled numbers and dots first: NFKC would turn ① into a bare 1 and ㆍ into a conjoining vowel.
    text = "".join(_CIRCLED.get(char, char) for char in text).translate(_DOTS)
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")


def _mask_parentheses(text: str) -> str:
    """`text` with every parenthesised part, nested or not, replaced by as many NULs: offsets stay those of `text`."""
    while True:
        masked = _PARENTHESES.sub(lambda match: "\x00" * len(match.group()), text)
        if masked == text:
            return masked
        text = masked


def _is_law_name(name: str) -> bool:
    compact = re.sub(r"\s+", "", name)
    return (
        len(compact) >= 2
        and re.search("[가-힣]", compact) is not None
        and _KIND.search(compact) is not None
        and _GENERIC.fullmatch(compact) is None
        and compact not in _COMMON_WORDS
    )


class _Reader:
    """Walks the tokens of one text, keeping the law being cited and the article cited last."""

    def __init__(self, source: str, masked: str):
        self.source, self.masked = source, masked
        self.citations: list[Citation] = []
        self.law: str | None = None
        self.law_span = (0, 0)
        self.is_law_pending = False  # named but no article of it read yet
        self.last: Citation | None = None
        self.range_from: Citation | None = None  # the article a range ("제3조부터") starts at
        self.is_addenda = False  # after 부칙: its articles are not the law's
        self.range_start = 0  # where the article cited last was written

    def read_names(self, start: int, end: int) -> None:
        if self.last is not None and _RANGE.fullmatch(self.masked, start, end):
            self.range_from = self.last  # the next article ends the range
            return
        for piece in _PIECES.finditer(self.masked, start, end):
            piece_start = piece.start()
            text = piece.group()
            lead = _LEADING.match(text)
            lead_length = lead.end() if lead else 0
            trail = _TRAILING.search(text, lead_length)
            trimmed_end = trail.start() if trail else len(text)
            if trimmed_end <= lead_length:
                continue
            self._read_piece(piece_start + lead_length, piece_start + trimmed_end)

    def _read_piece(self, start: int, end: int) -> None:
        """A piece of text between separators: a name, names joined by 및 or ·, or running text with names
        glued to particles ("의료법상 원격의료 금지")."""
        text = self.masked[start:end]
        glued = list(_GLUED.finditer(text))
        if not glued:
            self._read_names_in(start, end, glued=False)
            return
        position = 0
        for particle in glued:
            self._read_names_in(start + position, start + particle.start(), glued=True)
            position = particle.end()
        self._read_names_in(start + position, end, glued=False, is_prose=True)

    def _read_names_in(self, start: int, end: int, *, glued: bool, is_prose: bool = False) -> None:
        """Names in `text`; in running text (`glued`, `is_prose`) not those ending in a word as common as
        기준 ("정한 시설기준")."""
        text = self.masked[start:end]
        parts, position = [], 0
        for join in _JOINS.finditer(text):
            parts.append((position, join.start()))
            position = join.end()
        parts.append((position, len(text)))
        if len(parts) > 1:
            names = [self._name_of(text[a:b]) for a, b in parts]
            if all(name for name, _skip in names):
                for (a, b), (name, skip) in zip(parts, names, strict=True):
                    self._name_law(name, start + a + skip, start + b)
                return
        name, skip = self._glued_name(text) if glued else self._name_of(text)
        if name and (glued or is_prose) and _PROSE_KIND.search(name):
            return
        if name:
            self._name_law(name, start + skip, start + len(text.rstrip()))

    def _name_of(self, text: str) -> tuple[str | None, int]:
        """The law `text` names, and how many of its characters come before the name (prose, spaces)."""
        skip = len(text) - len(text.lstrip())
        text = re.sub(r"시행\s+(령|규칙)", r"시행\1", text.strip())
        reference = _REFERENCE.fullmatch(text)
        if reference:
            return self._resolve(reference), skip
        if _is_law_name(text):
            prose = _PROSE.match(text)
            if prose and _is_law_name(text[prose.end():]):
                return normalise_law_name(text[prose.end():]), skip + prose.end()
            return normalise_law_name(text), skip
        return None, skip

    def _glued_name(self, text: str) -> tuple[str | None, int]:
        """The law whose name ends `text`, in running text where a particle follows: the last word, with its
        시행령/시행규칙, a title's words ("…에 관한 법률") and a known name's words ("개인정보 보호법")."""
        words = list(re.finditer(r"\S+", text))
        if not words:
            return None, 0
        for count in (3, 2, 1):
            if len(words) >= count:
                name, _skip = self._name_of(text[words[-count].start():])
                if name and _REFERENCE.match(text[words[-count].start():].strip()):
                    return name, words[-count].start()
        first = len(words) - 1
        if words[first].group() in ("시행령", "시행규칙") and first > 0:
            first -= 1
        is_title = first > 0 and words[first - 1].group() in ("관한", "대한", "위한")
        while first > 0:
            word, before = words[first].group(), words[first - 1].group()
            in_title = word in _TITLE_JOINS or (is_title and (before in _TITLE_JOINS or before.endswith(("의", "에"))))
            if not in_title and law_key(text[words[first - 1].start():]) not in _KNOWN_KEYS:
                break
            first -= 1
        name, skip = self._name_of(text[words[first].start():])
        if name is None and not is_title:
            # "비대면진료 시범사업 지침에 따라": the last word alone is only a kind of rule.
            return self._name_of(text)
        return name, words[first].start() + skip

    def _resolve(self, reference: re.Match) -> str | None:
        if self.law is None:
            return None
        parent = parent_law(self.law)
        if reference.group("law"):
            kind = reference.group("law_kind")
            return f"{parent} {kind}" if kind else parent
        kind = {"영": "시행령", "규칙": "시행규칙"}.get(reference.group("kind"), reference.group("kind"))
        return self.law if self.law.endswith(kind) else f"{parent} {kind}"

    def _name_law(self, name: str, start: int, end: int) -> None:
        self.close()
        end = _MASKED_TAIL.match(self.masked, end).end()
        self.law, self.law_span, self.is_law_pending, self.last = name, (start, end), True, None
        self.range_from, self.is_addenda = None, False

    def read_token(self, match: re.Match) -> None:
        range_from, self.range_from = self.range_from, None
        if match.group("addenda"):
            self.is_addenda, self.last = True, None
            return
        if match.group("bracket"):
            name = normalise_law_name(match.group("bracketed"))
            if name:
                self._name_law(name, *match.span())
            return
        if match.group("paragraph") or match.group("item_only"):
            self._continue_article(match)
            return
        if self.law is None or self.is_addenda:
            return
        start = self.law_span[0] if self.is_law_pending else match.start()
        text = self.source[start : match.end()].strip()
        if match.group("annex"):
            citation = Citation(self.law, text=text)
        else:
            article, sub, paragraph, item = (_number(match, group) for group in ("art", "sub", "para", "item"))
            citation = Citation(self.law, article, sub, paragraph, item, text=text)
            if range_from is not None and range_from.law == self.law:
                self._fill_range(range_from, citation, self.source[self.range_start : match.end()].strip())
        self.citations.append(citation)
        self.last = citation if citation.article is not None else None
        self.range_start = match.start()
        self.is_law_pending = False

    def _fill_range(self, first: Citation, last: Citation, text: str) -> None:
        """The articles strictly between the two ends of a range: 4 in 제3조부터 제5조까지, 제17조의3 in
        제17조의2부터 제17조의4까지."""
        if first.article == last.article and first.article_sub is not None and last.article_sub is not None:
            between = [(first.article, sub) for sub in range(first.article_sub + 1, last.article_sub)]
        elif 0 < last.article - first.article <= _RANGE_MOST:
            between = [(article, None) for article in range(first.article + 1, last.article)]
        else:
            between = []
        self.citations.extend(Citation(self.law, article, sub, text=text) for article, sub in between)

    def _continue_article(self, match: re.Match) -> None:
        last = self.last
        if last is None or self.is_law_pending:
            return
        text = self.source[match.start() : match.end()].strip()
        if match.group("paragraph"):
            paragraph, item = _number(match, "para_only"), _number(match, "para_item")
        else:
            paragraph, item = last.paragraph, _number(match, "item_alone")
        citation = Citation(last.law, last.article, last.article_sub, paragraph, item, text=text)
        self.citations.append(citation)
        self.last = citation

    def close(self) -> None:
        """A law named and left without an article is cited as a whole."""
        if self.law is not None and self.is_law_pending:
            start, end = self.law_span
            self.citations.append(Citation(self.law, text=self.source[start:end].strip()))
        self.is_law_pending = False


def _number(match: re.Match, group: str) -> int | None:
    value = match.group(group)
    return int(value) if value is not None else None
