"""Which rows of a long run a chart draws: the line (``thin``) and the dots (``dotted``); and
the strips of the error bowl that a click picks a weight from (``strips``)."""

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.charts import MAX_DOTS, dots_note, dotted, strips, thin


def run(n: int) -> pd.DataFrame:
    return pd.DataFrame({"iteration": range(n), "error": [(-1) ** i / (i + 1) for i in range(n)]})


@given(n=st.integers(1, 6000), max_dots=st.integers(1, 200), keep=st.lists(st.integers(0, 6000),
                                                                            max_size=3))
def test_dots_are_few_in_order_and_keep_the_ends_and_the_marked_rows(n, max_dots, keep):
    df = run(n)
    dots = dotted(df, max_dots, keep=tuple(keep))
    if n <= max_dots:
        assert dots.equals(df)  # a short run: a dot on every row
        return
    its = list(dots["iteration"])
    assert its == sorted(set(its))  # rows of the run, in order, none twice
    assert its[0] == 0 and its[-1] == n - 1
    assert {k for k in keep if k < n} <= set(its)
    assert len(its) <= max_dots + 1 + len(set(keep))


def test_the_dots_of_a_thinned_run_are_rows_of_its_line():
    line = thin(run(5000), "error")
    dots = dotted(line, keep=(4321,))
    assert set(dots["iteration"]) <= set(line["iteration"])
    assert len(dots) <= MAX_DOTS + 2


def test_the_dots_note_counts_what_is_drawn():
    assert dots_note(5000, 152, 39) == (
        "5,000 iterations: the line keeps 152 of them (each stretch's highest and lowest "
        "value, so its shape stays true), and 39 carry a dot. Hover a dot for its exact "
        "numbers; the table (Every iteration) has them all.")
    assert dots_note(120, 120, 40).startswith("120 iterations: every one is on the line, and 40 ")


@given(weights=st.lists(st.floats(-50, 50, allow_nan=False), min_size=2, max_size=60, unique=True),
       where=st.floats(0, 1))
def test_a_click_anywhere_on_the_bowl_picks_the_nearest_weight(weights, where):
    """The strips tile the curve's range without gaps or overlaps, and the strip a click
    at any x falls in belongs to the weight nearest to that x."""
    w = sorted(weights)
    t = strips(pd.Series(w)).to_pydict()
    assert t["weight"] == w
    assert all(a == b for a, b in zip(t["hi"], t["lo"][1:]))  # no gap, no overlap
    assert all(lo <= x <= hi for lo, x, hi in zip(t["lo"], w, t["hi"]))
    x = t["lo"][0] + where * (t["hi"][-1] - t["lo"][0])
    hit = next(i for i, (lo, hi) in enumerate(zip(t["lo"], t["hi"])) if lo <= x <= hi)
    assert abs(w[hit] - x) <= min(abs(v - x) for v in w) + 1e-9
