"""The industry fields of the program and the central ministries that answer proposals."""

from django.db import migrations

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


def seed(apps, schema_editor):
    Field = apps.get_model("companies", "Field")
    Organization = apps.get_model("companies", "Organization")
    for position, (code, name, name_en) in enumerate(FIELDS):
        Field.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "position": position})
    for name, name_en in MINISTRIES:
        Organization.objects.get_or_create(name=name, defaults={"name_en": name_en, "kind": "ministry"})


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
