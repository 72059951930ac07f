"""Cleaning figures: slot states for 1,000 areas over 31 days, and logs a cleaner's phone
posts per second over HTTP beside a plain insert into the same table.

The slot rules are pure (tenants/cleaning/slots.py): the first figure times them in memory,
the second through `slots_of_areas`, which reads the plans and logs from PostgreSQL. The HTTP
figure runs gunicorn as in production (see http_load.py) with several signed-in cleaners
posting at once, each log with its own phone-made id (goal: at least 0.9× the plain insert).

Run with `make bench` (fresh database, embedded servers), or this script alone with
`python -m devtools bench cleaning`. Prints figures; asserts nothing but that logs are made.
"""

import datetime
import os
import random
import statistics
import time
import uuid
import zoneinfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanjia.settings")
django.setup()

from bench_urls import PLAIN_LOG_PATH  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from http_load import CLIENTS, WORKERS, Endpoint, run_side_by_side, session_headers  # noqa: E402

from accounts.models import Membership, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from companies.services import create_company  # noqa: E402
from guanjia.districts import District  # noqa: E402
from tenants.cleaning.models import Area, CleaningLog, FrequencyChoice, PlanTask  # noqa: E402
from tenants.cleaning.reading import slots_of_areas  # noqa: E402
from tenants.cleaning.slots import Frequency, LogMark, TaskPlan, slot_states  # noqa: E402
from tenants.sites.models import FacilityKind, SiteKind  # noqa: E402
from tenants.sites.services import create_site  # noqa: E402

SLUG = "cleanbench"
HOST = f"{SLUG}.localhost"
LOG_PATH = "/m/cleaning/logs/"
AREAS = 1000
DAYS = 31
RUNS = 5
SLOTS_GOAL = 1.0  # seconds
RATIO_GOAL = 0.9
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
FIRST = datetime.date(2026, 11, 1)


def plans_of(area_id: int) -> list[TaskPlan]:
    """What a stairwell or a lift gets from the built-in plans: several rounds and one daily."""
    times = [datetime.time(8), datetime.time(14), datetime.time(20)]
    return [
        TaskPlan(area_id * 2, area_id, "disinfect", Frequency.FIXED_TIMES, times=times),
        TaskPlan(area_id * 2 + 1, area_id, "lift_film", Frequency.DAILY),
    ]


def in_memory_figures() -> None:
    """1,000 areas × 31 days: 124,000 slots, nine in ten done, from plain values."""
    rng = random.Random(17)
    tasks = [plan for area_id in range(AREAS) for plan in plans_of(area_id)]
    hours = {area_id: () for area_id in range(AREAS)}
    logs, log_id = [], 0
    for day in range(DAYS):
        date = FIRST + datetime.timedelta(days=day)
        for area_id in range(AREAS):
            for hour in (8, 14, 20, 23):
                if rng.random() < 0.9:
                    log_id += 1
                    kind = "lift_film" if hour == 23 else "disinfect"
                    done = datetime.datetime.combine(date, datetime.time(hour, 10), tzinfo=TZ)
                    logs.append(LogMark(log_id, area_id, kind, done))
    now = datetime.datetime.combine(FIRST + datetime.timedelta(days=DAYS), datetime.time(12), TZ)
    last = FIRST + datetime.timedelta(days=DAYS - 1)
    timings, slots = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        slots = slot_states(tasks, hours, logs, FIRST, last, now, TZ)
        timings.append(time.perf_counter() - started)
    print(
        f"slot_states, {AREAS:,} areas x {DAYS} days in memory ({len(slots):,} slots, "
        f"{len(logs):,} logs): median {statistics.median(timings) * 1000:,.0f} ms, "
        f"max {max(timings) * 1000:,.0f} ms over {RUNS} runs (goal: under {SLOTS_GOAL:.0f} s)"
    )


def set_up():
    """A company with one site of 1,000 stairwells planned three times a day since a month ago,
    a month of logs, and CLIENTS cleaners assigned to the site."""
    call_command("setup_database", verbosity=0)
    cache.clear()
    company = create_company(by=None, name="保洁物业", slug=SLUG, admin_email=f"m@{SLUG}.cn")
    cleaners = []
    for number in range(CLIENTS):
        cleaner = User.objects.create_user(f"cleaner{number}@{SLUG}.cn", full_name=f"保洁{number}")
        Membership.objects.create(user=cleaner, company=company, role=Role.CLEANER)
        cleaners.append(cleaner)
    now = timezone.now()
    planned = now - datetime.timedelta(days=DAYS + 1)
    with schema_context(company.schema_name):
        site = create_site(
            by=None, name="天山天义小区", kind=SiteKind.COMPOUND, district=District.CHANGNING,
            sub_district="天山路街道", address="天山路 1000 弄", households=860,
        )  # fmt: skip
        site.assigned_users.add(*cleaners)
        # Bulk rows: what the services would make one by one, to set up a month in seconds.
        areas = Area.objects.bulk_create(
            Area(
                site=site,
                kind=FacilityKind.STAIRWELL,
                name=f"{n // 10 + 1}号楼 {n % 10 + 1}单元 楼道",
            )
            for n in range(AREAS)
        )
        tasks = PlanTask.objects.bulk_create(
            PlanTask(area=area, kind="disinfect", frequency=FrequencyChoice.FIXED_TIMES,
                     times=["08:00", "14:00", "20:00"], valid_from=planned)
            for area in areas
        )  # fmt: skip
        today = timezone.localdate(now)
        logs = []
        for day in range(DAYS):
            date = today - datetime.timedelta(days=day + 1)
            for task in tasks:
                for hour in (8, 14, 20):
                    done = datetime.datetime.combine(date, datetime.time(hour, 5), tzinfo=TZ)
                    logs.append(CleaningLog(uuid=uuid.uuid4(), area_id=task.area_id, task=task,
                                            kind="disinfect", done_at=done))  # fmt: skip
        CleaningLog.objects.bulk_create(logs, batch_size=5000)
    return company, site, areas, tasks, cleaners


def database_figures(company, areas) -> None:
    today = timezone.localdate()
    first = today - datetime.timedelta(days=DAYS - 1)
    with schema_context(company.schema_name):
        loaded = list(
            Area.objects.filter(pk__in=[area.pk for area in areas]).select_related("facility")
        )
        timings, slots = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            slots = slots_of_areas(loaded, first, today)
            timings.append(time.perf_counter() - started)
    print(
        f"slots_of_areas, {AREAS:,} areas x {DAYS} days from the database ({len(slots):,} slots): "
        f"median {statistics.median(timings) * 1000:,.0f} ms, max {max(timings) * 1000:,.0f} ms "
        f"over {RUNS} runs (goal: under {SLOTS_GOAL:.0f} s)"
    )


def http_figures(areas, tasks, cleaners) -> None:
    sessions = [session_headers(cleaner) for cleaner in cleaners]
    rng = random.Random(3)

    def plain_body():
        task = rng.choice(tasks)
        return {"uuid": str(uuid.uuid4()), "area": task.area_id, "task": task.pk}

    def log_body():
        task = rng.choice(tasks)
        return {"uuid": str(uuid.uuid4()), "area": task.area_id, "task": task.pk,
                "done_at": timezone.now().isoformat()}  # fmt: skip

    plain = Endpoint(HOST, f"plain view inserting one row {PLAIN_LOG_PATH}", PLAIN_LOG_PATH,
                     sessions, plain_body)  # fmt: skip
    log = Endpoint(HOST, f"cleaning log, phone {LOG_PATH}", LOG_PATH, sessions, log_body)
    run_side_by_side([plain, log])
    print(
        f"Cleaning logs over HTTP: gunicorn with {WORKERS} sync workers (DEBUG off), "
        f"{CLIENTS} signed-in cleaners posting at once, each post a new log:"
    )
    for endpoint in (plain, log):
        print(endpoint.report(plain))
    print(
        f"  cleaning log / plain insert: {log.per_second / plain.per_second:.2f}× "
        f"(goal: at least {RATIO_GOAL}×)"
    )


def main():
    in_memory_figures()
    company, site, areas, tasks, cleaners = set_up()
    database_figures(company, areas)
    connection.close()  # the server's workers have the database to themselves
    http_figures(areas, tasks, cleaners)


if __name__ == "__main__":
    main()
