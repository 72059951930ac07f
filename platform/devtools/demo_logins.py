"""The demo accounts `make run` creates; README lists the same."""

DEMO_PASSWORD = "guanjia-demo-2020"  # noqa: S105 - demo data only, printed on purpose
# The PIN every demo guard signed in by mobile number chose with their one-time code.
DEMO_PIN = "202020"

COMPANY_ROLES = ["manager", "site_manager", "guard", "cleaner", "viewer"]
DEMO_COMPANIES = {"tianshan": "天山物业", "beihua": "北华置业"}
# Each demo account's person, so the history reads "王伟 closed 西门", not a role.
DEMO_NAMES = {
    "tianshan": {
        "manager": "王伟",
        "site_manager": "陈红",
        "guard": "刘建华",
        "cleaner": "黄芳",
        "viewer": "孙明",
    },
    "beihua": {
        "manager": "林涛",
        "site_manager": "郭静",
        "guard": "何勇",
        "cleaner": "马丽",
        "viewer": "高峰",
    },
}

DEMO_LOGINS = [
    ("admin@guanjia.demo", "platform admin (/admin/)"),
    ("inspector@shwy.demo", "regulator 上海市物业中心 (长宁区, 浦东新区)"),
    *(
        (
            f"{role.replace('_', '')}@{slug}.demo",
            f"{name} {role.replace('_', ' ')} {DEMO_NAMES[slug][role]}",
        )
        for slug, name in DEMO_COMPANIES.items()
        for role in COMPANY_ROLES
    ),
]

# Guards on 天山物业's rosters who sign in by mobile number and the demo PIN.
DEMO_PHONE_LOGINS = [
    ("13916000001", "天山物业 guard 王建国 (南门)"),
    ("13916000006", "天山物业 guard 杨磊 (北门)"),
    ("13916000009", "天山物业 guard 周强 (玉屏小区 1号门)"),
    ("13916000002…08", "天山物业 guards 李秀英 … 孙丽 (README lists them)"),
]
