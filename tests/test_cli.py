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
