"""``python -m primer descend``: the primer's printout, its flags, and its errors."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_descent import primers_own_loop

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "primer", *args], cwd=ROOT, capture_output=True, text=True,
        timeout=60,
    )


def test_defaults_print_exactly_the_primers_run():
    done = cli("descend")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines() == primers_own_loop(0.5, 2.0, 0.8, 0.1, 20)
    assert done.stdout.splitlines()[-2:] == ["Weight:0.4000036561584401", "*****"]


def test_flags_set_every_number():
    done = cli("descend", "--weight", "0", "--input", "1.1", "--goal", "0.8", "--alpha", "1",
               "--iterations", "4")
    assert done.stdout.splitlines() == primers_own_loop(0.0, 1.1, 0.8, 1.0, 4)


def test_overflow_prints_what_it_computed_and_says_where_it_stopped():
    done = cli("descend", "--input", "3", "--alpha", "1.5", "--iterations", "500")
    assert done.returncode == 0
    assert done.stdout.count("*****") == 141
    assert "Stopped at iteration 141" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("descend", "--alpha", "x"),
        ("descend", "--weight", "nan"),
        ("descend", "--input", "inf"),
        ("descend", "--iterations", "1.5"),
        ("descend", "--iterations", "-1"),
        ("descend", "--nonsense", "1"),
        ("teleport",),
        (),
    ],
)
def test_invalid_arguments_give_one_line_and_status_2(args):
    done = cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "error" in done.stderr


# ---------------------------------------------------------------- python -m primer deep


def books_lines(every=10, **settings) -> list[str]:
    """What the book's chapter 6 code prints, from the loop written out in tests/test_deep.py."""
    from tests.test_deep import books_loop

    errors = books_loop(**settings)[0]
    return ["Error:" + str(e) for i, e in enumerate(errors) if i % every == every - 1]


def test_deep_defaults_print_the_books_errors_with_all_of_pythons_digits():
    done = cli("deep")
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "Error:0.6342311598444467"  # the book shows 0.634231159844
    assert lines == books_lines()
    assert len(lines) == 6


def test_deep_flags_set_every_number():
    done = cli("deep", "--hidden", "7", "--alpha", "0.05", "--passes", "33", "--seed", "4242",
               "--every", "4")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines() == books_lines(every=4, hidden=7, alpha=0.05, passes=33,
                                                   seed=4242)
    every_pass = cli("deep", "--passes", "3", "--every", "1").stdout.splitlines()
    assert every_pass == books_lines(every=1, passes=3)


@pytest.mark.parametrize(
    "args, words",
    [(("--hidden", "0"), "from 1 to 16"), (("--hidden", "10000"), "from 1 to 16"),
     (("--hidden", "two"), "whole number"), (("--passes", "0"), "from 1 to 1,000"),
     (("--seed", "-1"), "from 0 to 4,294,967,295"), (("--seed", "1.5"), "whole number"),
     (("--alpha", "nan"), "from 0 to 10"), (("--alpha", "x"), "not a number"),
     (("--every", "0"), "less than 1"), (("--keras", "yes"), "unrecognized"),
     (("--activation", "tanh"), "invalid choice")],
)
def test_deep_bad_flags_give_one_line_and_status_2(args, words):
    done = cli("deep", *args)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "error" in done.stderr and words in done.stderr


def test_deep_without_activation_overflows_prints_what_it_computed_and_says_where():
    done = cli("deep", "--activation", "linear", "--alpha", "1", "--passes", "500", "--every", "1")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    from primer.deep import train_deep

    run = train_deep(alpha=1.0, passes=500, activation="linear")
    assert run.stopped_at == len(lines) and lines == books_lines(
        every=1, alpha=1.0, passes=run.stopped_at, activation="linear")
    assert done.stderr.strip() == run.stop_reason
    assert f"Stopped at pass {run.stopped_at}" in done.stderr
