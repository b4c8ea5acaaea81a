"""Fisher's exact test, Wilson intervals and Benjamini-Hochberg against published values."""

from __future__ import annotations

import pytest

from journal.core.stats import benjamini_hochberg, fisher_exact, wilson_interval

# --- Fisher's exact test ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "alternative", "expected"),
    [
        # Fisher's lady tasting tea (The Design of Experiments, 1935): 3 of 4 milk-first cups
        # named right. Of the C(8,4) = 70 ways to pick 4 cups, 16 give 3 right and 1 gives 4:
        # one-sided p = 17/70; the two-sided test adds the as-extreme 1 and 0 right: 34/70.
        ((3, 1, 1, 3), "greater", 17 / 70),
        ((3, 1, 1, 3), "two-sided", 34 / 70),
        ((4, 0, 0, 4), "greater", 1 / 70),
        ((3, 1, 1, 3), "less", 69 / 70),
        # SciPy's documented example [[6, 2], [1, 4]]: margins 8 and 7 of 13, C(13, 8) = 1287;
        # a = 6 has C(7,6)C(6,2) = 105 tables and a = 7 has 6: greater p = 111/1287 (0.0862);
        # the tables no likelier than 105 are a = 2 (21), 6 (105) and 7 (6): 132/1287 (0.1026).
        ((6, 2, 1, 4), "greater", 111 / 1287),
        ((6, 2, 1, 4), "two-sided", 132 / 1287),
        # margins that leave one table possible
        ((0, 5, 0, 7), "greater", 1.0),
        ((5, 0, 7, 0), "two-sided", 1.0),
    ],
)
def test_fisher_exact(table: tuple[int, int, int, int], alternative: str, expected: float) -> None:
    assert fisher_exact(*table, alternative=alternative) == pytest.approx(expected, rel=1e-9)


def test_fisher_exact_stays_a_probability_on_a_long_diary() -> None:
    # 20 years of evenings: the log-gamma sums must neither overflow nor leave [0, 1]
    p = fisher_exact(900, 2700, 1400, 2300, "greater")
    assert 0.0 <= p <= 1.0
    assert fisher_exact(2700, 900, 1400, 2300, "greater") < 1e-12


@pytest.mark.parametrize("bad", [(-1, 0, 0, 0), (0, 0, 0, -2)])
def test_fisher_exact_refuses_negative_counts(bad: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError):
        fisher_exact(*bad)


def test_fisher_exact_refuses_an_unknown_alternative() -> None:
    with pytest.raises(ValueError):
        fisher_exact(1, 2, 3, 4, "bigger")


# --- Wilson score intervals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # Newcombe, Statistics in Medicine 1998;17:857-72, Table I, method 3 (score, no
        # continuity correction), to the 4 decimals published.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(
    successes: int, trials: int, low: float, high: float
) -> None:
    lo, hi = wilson_interval(successes, trials)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


def test_wilson_interval_is_symmetric_and_bounded() -> None:
    lo, hi = wilson_interval(3, 10)
    lo2, hi2 = wilson_interval(7, 10)
    assert lo == pytest.approx(1 - hi2) and hi == pytest.approx(1 - lo2)
    assert wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_interval_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


# --- Benjamini-Hochberg -------------------------------------------------------------------------

# Benjamini and Hochberg (JRSS B 1995), section 4: 15 p-values from a trial; at q = 0.05 the
# procedure keeps the 4 smallest.
BH_1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
    0.5719, 0.6528, 0.7590, 1.0000,
]  # fmt: skip


def test_benjamini_hochberg_keeps_the_four_the_paper_keeps() -> None:
    q = benjamini_hochberg(BH_1995)
    assert [i for i, value in enumerate(q) if value <= 0.05] == [0, 1, 2, 3]


def test_benjamini_hochberg_by_hand() -> None:
    # q(i) = min over j >= i of p(j) * 15 / j:
    # 1: 0.0001*15 = 0.0015; 4: 0.0095*15/4 = 0.035625; 5: 0.0201*3 = 0.0603;
    # 6: 0.0278*2.5 = 0.0695, but 7 gives 0.0298*15/7 = 0.063857..., which is smaller;
    # 10: 0.3240*1.5 = 0.486; 15: 1.0
    q = benjamini_hochberg(BH_1995)
    assert q[0] == pytest.approx(0.0015)
    assert q[3] == pytest.approx(0.035625)
    assert q[4] == pytest.approx(0.0603)
    assert q[5] == pytest.approx(0.0298 * 15 / 7)
    assert q[6] == pytest.approx(0.0298 * 15 / 7)
    assert q[9] == pytest.approx(0.486)
    assert q[14] == 1.0


def test_benjamini_hochberg_keeps_the_given_order() -> None:
    # p = (0.04, 0.01, 0.03): sorted 0.01, 0.03, 0.04 -> 0.03, 0.045, 0.04 -> q 0.03, 0.04, 0.04
    assert benjamini_hochberg([0.04, 0.01, 0.03]) == pytest.approx([0.04, 0.03, 0.04])
    assert benjamini_hochberg([]) == []


def test_wilson_interval_at_another_confidence() -> None:
    # 90%: z = 1.6449; the Wilson formula by hand for 81/263 gives 0.263 to 0.357
    lo, hi = wilson_interval(81, 263, confidence=0.90)
    lo95, hi95 = wilson_interval(81, 263)
    assert lo95 < lo < hi < hi95
    assert (round(lo, 3), round(hi, 3)) == (0.263, 0.357)
