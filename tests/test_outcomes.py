"""Every outcome primer can report has a look on the page."""

import enum
import importlib
import pkgutil

import primer
from dashboard.outcomes import FACTS, STYLE, headline


def primer_enums() -> list[type[enum.Enum]]:
    found = []
    for info in pkgutil.iter_modules(primer.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"primer.{info.name}")
        found += [v for v in vars(module).values()
                  if isinstance(v, type) and issubclass(v, enum.Enum) and v is not enum.Enum
                  and v.__module__ == module.__name__]
    return found


def test_every_member_of_every_outcome_enum_has_a_style():
    enums = primer_enums()
    assert enums, "no outcome Enum found in primer"
    missing = [m for e in enums if e not in FACTS for m in e if m not in STYLE]
    assert not missing, f"outcomes without a style in dashboard/outcomes.py: {missing}"


def test_headlines_read_as_sentences():
    for kind in STYLE:
        text = headline(kind)
        assert text[0].isupper() and text.endswith(".") and kind.value in text, text
