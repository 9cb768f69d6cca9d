"""Proposal lists for officials: the columns of CONTRACT.md, in order, and the files built from them.

The Korean headers are part of the outer interface (ministries fill in the same spreadsheet and send
it back, see the answers import), so they are fixed here rather than left to the translation
catalogue; the English ones are used when the page is in English."""

# (key, Korean header, English header)
COLUMNS = [
    ("number", "번호", "No."),
    ("title", "과제명", "Title"),
    ("field", "분야", "Field"),
    ("company", "건의기업", "Proposing company"),
    ("problem", "현황 및 문제점", "Current situation and problem"),
    ("improvement", "개선 방안", "Requested improvement"),
    ("related_law", "관련 법령", "Related laws"),
    ("ministry", "소관 부처", "Competent ministry"),
    ("state", "상태", "State"),
    ("meetings", "논의 간담회", "Discussed at"),
    ("filed_on", "접수일", "Filed"),
    ("proposed_on", "건의일", "Proposed"),
    ("answer", "정부 회신", "Government answer"),
    ("remarks", "비고", "Remarks"),
]
