"""Interop fixtures between Kompress Cache (Java) and the Python package, which stores Pydantic models.

    python3 pydantic_interop.py generate OUT_DIR   # write the fixtures the Java tests read (committed)
    python3 pydantic_interop.py validate FILE...   # check JSON written by Java against the same models
    python3 pydantic_interop.py compare NAME FILE  # JSON written by Java parses into fixture NAME, equal
    python3 pydantic_interop.py judge FILE         # for each {"model", "json"} case: accept / reject lines
    python3 pydantic_interop.py dump FILE          # for each {"model", "python"} case: the JSON Pydantic writes

The models mirror io.kompress.cache.InteropTest's records field by field.
"""
import datetime as dt
import enum
import sys
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Optional

import json

from pydantic import BaseModel, Field


class Role(str, enum.Enum):
    ADMIN = "admin"
    MEMBER = "member"


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Address(BaseModel):
    street: str
    city: str
    zip_code: Optional[str] = None


class Customer(BaseModel):
    id: uuid.UUID
    name: str
    email: str
    active: bool
    visits: int
    score: float
    balance: Decimal
    role: Role
    created_at: dt.datetime
    updated_at: dt.datetime
    birthday: dt.date
    last_seen: dt.datetime
    session: dt.timedelta
    tags: List[str]
    addresses: List[Address]
    nickname: Optional[str] = None
    priority: Priority = Priority.LOW
    penalty: dt.timedelta = dt.timedelta(0)
    counts: Dict[str, int] = Field(default_factory=dict)


class CaseFields(BaseModel):
    """Two fields whose names differ only by case: each keeps its own value."""
    name: str
    Name: str


FIXTURES = {
    "customer_full": Customer(
        id=uuid.UUID("6f1c2b8e-3d4a-4e5f-9a7b-1c2d3e4f5a6b"),
        name="Zoë Ångström",
        email="zoe@example.com",
        active=True,
        visits=12345678901,
        score=97.25,
        balance=Decimal("1234.50"),
        role=Role.ADMIN,
        created_at=dt.datetime(2024, 5, 1, 12, 30, 45, 123456, tzinfo=dt.timezone.utc),
        updated_at=dt.datetime(2024, 5, 1, 14, 30, 45, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        birthday=dt.date(1990, 2, 28),
        last_seen=dt.datetime(2024, 5, 2, 8, 0, 0),
        session=dt.timedelta(hours=1, minutes=30),
        tags=["vip", "beta", "emoji-✓"],
        addresses=[Address(street="1 Main St", city="Springfield", zip_code="12345"),
                   Address(street="2 Side St", city="Shelbyville")],
        nickname="zo",
        priority=Priority.HIGH,
        penalty=dt.timedelta(hours=-23),
        counts={"a": 1, "B": -2, "ü": 12345678901},
    ),
    "customer_minimal": Customer(
        id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        name="Bob",
        email="bob@example.com",
        active=False,
        visits=0,
        score=0.5,
        balance=Decimal("0"),
        role=Role.MEMBER,
        created_at=dt.datetime(2023, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc),
        updated_at=dt.datetime(2024, 1, 1, 0, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))),
        birthday=dt.date(2000, 1, 1),
        last_seen=dt.datetime(2024, 1, 1, 0, 0, 0, 500000),
        session=dt.timedelta(seconds=90),
        tags=[],
        addresses=[],
        priority=Priority.LOW,
        penalty=dt.timedelta(seconds=-1),
        counts={},
    ),
    "case_fields": CaseFields(name="lower", Name="Upper"),
}


def box(annotation: Any) -> type:
    """A one-field model {"v": ...} of the given type, for judging one value at a time."""
    return type("Box", (BaseModel,), {"__annotations__": {"v": annotation}})


class Colour(str, enum.Enum):
    RED = "red"


BOXES = {
    "int": box(int), "long": box(int), "bool": box(bool), "double": box(float), "str": box(str),
    "instant": box(dt.datetime), "local_datetime": box(dt.datetime), "date": box(dt.date),
    "uuid": box(uuid.UUID), "decimal": box(Decimal), "duration": box(dt.timedelta),
    "int_enum": box(Priority), "str_enum": box(Colour), "str_list": box(List[str]),
    "str_int_map": box(Dict[str, int]),
}


def judge(file: str) -> int:
    for case in json.loads(Path(file).read_text(encoding="utf-8")):
        try:
            BOXES[case["model"]].model_validate_json(case["json"].encode("utf-8", "surrogatepass"))
            print("accept")
        except Exception:  # any rejection counts; the line order matches the cases
            print("reject")
    return 0


def dump(file: str) -> int:
    for case in json.loads(Path(file).read_text(encoding="utf-8")):
        value = eval(case["python"], {"dt": dt, "Decimal": Decimal, "uuid": uuid, "Priority": Priority})
        print(BOXES[case["model"]](v=value).model_dump_json())
    return 0


def generate(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, model in FIXTURES.items():
        (out_dir / f"{name}.json").write_text(model.model_dump_json(), encoding="utf-8")
        print(f"wrote {name}.json")


def validate(files: List[str]) -> int:
    failures = 0
    for f in files:
        text = Path(f).read_text(encoding="utf-8")
        try:
            Customer.model_validate_json(text)
            print(f"ok {f}")
        except Exception as e:  # report every file, not just the first
            failures += 1
            print(f"INVALID {f}: {e}")
    return 1 if failures else 0


def model_of(name: str) -> type:
    return CaseFields if name == "case_fields" else Customer


def compare(name: str, file: str) -> int:
    parsed = model_of(name).model_validate_json(Path(file).read_text(encoding="utf-8"))
    if parsed != FIXTURES[name]:
        print(f"DIFFERENT {file} vs {name}:\n  java:     {parsed!r}\n  pydantic: {FIXTURES[name]!r}")
        return 1
    print(f"equal {file} == {name}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "generate":
        generate(Path(sys.argv[2]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "validate":
        sys.exit(validate(sys.argv[2:]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "judge":
        sys.exit(judge(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "dump":
        sys.exit(dump(sys.argv[2]))
    else:
        print(__doc__)
        sys.exit(2)
