"""The demo accounts `make run` creates; README lists the same."""

DEMO_PASSWORD = "guanjia-demo-2020"  # noqa: S105 - demo data only, printed on purpose

COMPANY_ROLES = ["manager", "site_manager", "guard", "cleaner", "viewer"]
DEMO_COMPANIES = {"tianshan": "天山物业", "beihua": "北华置业"}

DEMO_LOGINS = [
    ("admin@guanjia.demo", "platform admin (/admin/)"),
    ("inspector@shwy.demo", "regulator 上海市物业中心 (长宁区, 浦东新区)"),
    *(
        (f"{role.replace('_', '')}@{slug}.demo", f"{name} {role.replace('_', ' ')}")
        for slug, name in DEMO_COMPANIES.items()
        for role in COMPANY_ROLES
    ),
]
