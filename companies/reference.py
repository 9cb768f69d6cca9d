"""The reference data every installation starts with: the program's industry fields and the central
ministries that answer proposals. A data migration loads it; `ensure_reference_data` loads it again
into empty tables after `flush` (which empties them, e.g. between transactional tests), and leaves
tables that hold anything alone, so officers' own edits stand."""

FIELDS = [
    ("ai", "인공지능(AI)", "Artificial intelligence"),
    ("robotics", "로봇", "Robotics"),
    ("bio", "바이오", "Bio"),
    ("healthcare", "디지털 헬스케어", "Digital healthcare"),
    ("fintech", "핀테크", "Fintech"),
    ("digital_finance", "디지털 금융", "Digital finance"),
    ("mobility", "모빌리티", "Mobility"),
    ("proptech", "프롭테크", "Proptech"),
    ("xr", "확장현실(XR)", "Extended reality (XR)"),
    ("media", "미디어", "Media"),
    ("webtoon", "웹툰", "Webtoon"),
    ("games", "게임", "Games"),
    ("beauty_fashion", "뷰티·패션", "Beauty and fashion"),
    ("other", "기타", "Other"),
]

MINISTRIES = [
    ("과학기술정보통신부", "Ministry of Science and ICT"),
    ("보건복지부", "Ministry of Health and Welfare"),
    ("식품의약품안전처", "Ministry of Food and Drug Safety"),
    ("국토교통부", "Ministry of Land, Infrastructure and Transport"),
    ("금융위원회", "Financial Services Commission"),
    ("농림축산식품부", "Ministry of Agriculture, Food and Rural Affairs"),
    ("산업통상자원부", "Ministry of Trade, Industry and Energy"),
    ("해양수산부", "Ministry of Oceans and Fisheries"),
    ("중소벤처기업부", "Ministry of SMEs and Startups"),
    ("문화체육관광부", "Ministry of Culture, Sports and Tourism"),
    ("행정안전부", "Ministry of the Interior and Safety"),
    ("고용노동부", "Ministry of Employment and Labor"),
    ("환경부", "Ministry of Environment"),
    ("기획재정부", "Ministry of Economy and Finance"),
    ("개인정보보호위원회", "Personal Information Protection Commission"),
    ("방송통신위원회", "Korea Communications Commission"),
    ("경찰청", "Korean National Police Agency"),
]


def load_reference_data(field_model, organization_model) -> None:
    for position, (code, name, name_en) in enumerate(FIELDS):
        field_model.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "position": position})
    for name, name_en in MINISTRIES:
        organization_model.objects.get_or_create(name=name, defaults={"name_en": name_en, "kind": "ministry"})


def ensure_reference_data(sender, **kwargs) -> None:
    from .models import Field, Organization

    if not Field.objects.exists() and not Organization.objects.exists():
        load_reference_data(Field, Organization)
