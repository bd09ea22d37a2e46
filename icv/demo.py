"""The demo scheme: Leicester, Leicestershire and Rutland's three suites and 29 volunteers.

Loaded by `icv demo` into an empty database. Later capabilities add their demo data here.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from icv.models import Person, Role
from icv.services import people, suites

PASSWORD = "icv-demo-2016"  # noqa: S105  (the published demo password, listed in the README)

SUITES = ["Beaumont Leys", "Keyham Lane", "Euston Street"]

# 28 volunteers besides the demo volunteer, so the scheme has 29, as LLR had in 2016/17.
VOLUNTEERS = [
    "Margaret Ashby",
    "Rajesh Patel",
    "Helen Cartwright",
    "David Okafor",
    "Susan Whitmore",
    "Imran Hussain",
    "Patricia Lowe",
    "Gurpreet Kaur",
    "Colin Fairbairn",
    "Angela Brookes",
    "Mohammed Rahman",
    "Janet Sutcliffe",
    "Trevor Nightingale",
    "Priya Mistry",
    "Brian Hollis",
    "Deborah Quinn",
    "Samuel Adeyemi",
    "Linda Marsh",
    "Kevin O'Donnell",
    "Fatima Begum",
    "Graham Pickering",
    "Ruth Ellison",
    "Tariq Mahmood",
    "Carol Henshaw",
    "Neil Thornton",
    "Ayesha Siddiqui",
    "Roger Bamford",
    "Elaine Dunmore",
]

ACCOUNTS = [
    ("Sam Rivers", "coordinator@example.org", Role.COORDINATOR),
    ("Inspector Claire Booth", "force@example.org", Role.FORCE),
    ("Alex Morgan", "volunteer@example.org", Role.VOLUNTEER),
]

SIGN_INS = "\n".join(
    ["Demo sign-ins (password for each: " + PASSWORD + "):"]
    + [f"  {role.value:<12} {email}" for _, email, role in ACCOUNTS]
)


def is_empty(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Person)) == 0


def load_if_empty(session: Session) -> bool:
    if not is_empty(session):
        return False
    load(session)
    return True


def load(session: Session):
    suite_ids = [suites.add_suite(session, None, name).id for name in SUITES]
    for name, email, role in ACCOUNTS:
        people.create_person(
            session,
            None,
            name=name,
            email=email,
            role=role,
            suite_ids=suite_ids if role is Role.FORCE else (),
            password=PASSWORD,
        )
    for name in VOLUNTEERS:
        # Volunteers other than the demo one have no password: they would be invited.
        email = name.lower().replace(" ", ".").replace("'", "") + "@example.org"
        people.create_person(session, None, name=name, email=email, role=Role.VOLUNTEER)
