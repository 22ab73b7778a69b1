"""Tests for oneplan.lib.formula: parsing, evaluation, errors and formula dependency order."""

from __future__ import annotations

import builtins
import dataclasses
import math
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneplan.lib.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    Formula,
    FormulaError,
    evaluate_many,
    evaluation_order,
)


def value(text: str, **values: float | None) -> float | None:
    return Formula.parse(text).evaluate(values)


# --- arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{A} - {B} - {C}", 10 - 3 - 2),
        ("2 * 3 + 4", 10),
        ("4 + 2 * 3", 10),
        ("-{A} * 2", -20),
        ("2 / 4 / 2", 0.25),
        ("(2 + 3) * 4", 20),
        ("{A} - ({B} - {C})", 10 - (3 - 2)),
        ("2 * -3", -6),
        ("10 - -2", 12),
        ("--2", 2),
        ("+2 - +1", 1),
        ("12 / 4 * 3", 9),
    ],
)
def test_precedence_and_left_associativity(text: str, expected: float) -> None:
    assert value(text, A=10, B=3, C=2) == expected


def test_decimal_numbers_and_whitespace_including_nbsp_are_accepted() -> None:
    assert value("\u00a03.5\t*\n2\u00a0") == 7.0


def test_thai_digits_mean_the_same_as_ascii_digits() -> None:
    thai = Formula.parse("๑๒.๕ * {A} + ๑๐๐๐")
    assert thai == Formula.parse("12.5 * {A} + 1000")
    assert thai.evaluate({"A": 2}) == 1025.0
    assert str(thai) == "12.5 * {A} + 1000"


def test_examples_from_the_registry() -> None:
    tourism = "{TOUR-REV} / {TOUR-VISITORS} * 1000"
    assert value(tourism, **{"TOUR-REV": 5, "TOUR-VISITORS": 2}) == 2500.0
    assert Formula.parse("100 * {POOR} / {POP}").evaluate({"POOR": 25, "POP": 200}) == 12.5


# --- functions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2)", 3),
        ("min({A}, 0)", -4),
        ("max({A} * 2, -10)", -8),
        ("abs({A})", 4),
        ("abs(2 - 5)", 3),
        ("round(3.14159, 2)", 3.14),
        ("round(2.5, 0)", 3),
        ("round(-2.5, 0)", -3),
        ("round(1234.5678, 10)", 1234.5678),
        ("round(min(1.234, 5), 1) * 10", 12),
    ],
)
def test_each_function(text: str, expected: float) -> None:
    assert value(text, A=-4) == pytest.approx(expected)


def test_round_goes_half_away_from_zero_on_the_written_decimal() -> None:
    # Python's round(2.675, 2) is 2.67 because 2.675 is stored as 2.67499999...; users expect
    # the spreadsheet answer.
    assert value("round({A}, 2)", A=2.675) == 2.68
    assert value("round({A}, 2)", A=-2.675) == -2.68


@pytest.mark.parametrize("text", ["MIN(1, 2)", "Min(1, 2)", "mIn(1, 2)"])
def test_function_names_are_case_insensitive(text: str) -> None:
    formula = Formula.parse(text)
    assert formula.evaluate({}) == 1
    assert formula == Formula.parse("min(1, 2)")
    assert str(formula) == "min(1, 2)"


def test_other_function_names_are_case_insensitive_too() -> None:
    assert value("ABS(-1) + Round(1.26, 1) + MAX(1, 2)") == pytest.approx(1 + 1.3 + 2)


# --- values that cannot be computed ------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [{"B": 1}, {"A": None, "B": 1}, {"A": 1, "B": None}, {"A": math.nan, "B": 1}, {}],
)
def test_missing_value_gives_none(values: dict[str, float | None]) -> None:
    assert Formula.parse("{A} + {B}").evaluate(values) is None


def test_unreferenced_missing_values_do_not_matter() -> None:
    assert Formula.parse("{A} * 2").evaluate({"A": 3, "B": None}) == 6


@pytest.mark.parametrize("text", ["{A} / {B}", "1 / (2 - 2)", "{A} / ({B} * 5)", "1 / -0"])
def test_division_by_zero_gives_none(text: str) -> None:
    assert value(text, A=1, B=0) is None


def test_non_finite_result_gives_none() -> None:
    assert value("{A} * {A}", A=1e200) is None
    assert value("{A} * {A} - {A} * {A}", A=1e200) is None


def test_decimal_and_int_values_are_accepted() -> None:
    assert Formula.parse("{A} / {B}").evaluate({"A": Decimal("1.5"), "B": 3}) == 0.5  # type: ignore[dict-item]


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("", 0, "empty formula"),
        ("   ", 0, "empty formula"),
        ("1 % 2", 2, "unexpected character '%'"),
        ("1 ^ 2", 2, "unexpected character '^'"),
        ("1,000", 1, "unexpected ','"),
        ("3.", 1, "unexpected character '.'"),
        ("(1 + 2", 0, "unclosed parenthesis"),
        ("((1 + 2)", 0, "unclosed parenthesis"),
        ("1 + 2)", 5, "unmatched ')'"),
        ("min(1, 2", 3, "unclosed parenthesis"),
        ("sqrt(4)", 0, "unknown function 'sqrt'"),
        ("1 + pow(2, 3)", 4, "unknown function 'pow'"),
        ("x + 1", 0, "unknown name 'x'"),
        ("min + 1", 4, "expected '(' after 'min'"),
        ("abs(1, 2)", 0, "abs() takes exactly 1 argument, got 2"),
        ("abs()", 0, "abs() takes exactly 1 argument, got 0"),
        ("min(1)", 0, "min() takes at least 2 arguments, got 1"),
        ("max()", 0, "max() takes at least 2 arguments, got 0"),
        ("round(1)", 0, "round() takes exactly 2 arguments, got 1"),
        ("round(1, 2, 3)", 0, "round() takes exactly 2 arguments, got 3"),
        ("round(1, 11)", 9, "round() places must be"),
        ("round(1, -1)", 9, "round() places must be"),
        ("round(1, 1.5)", 9, "round() places must be"),
        ("round(1, {N})", 9, "round() places must be"),
        ("1 2", 2, "unexpected '2'"),
        ("{A} {B}", 4, "unexpected 'B'"),
        ("(1)(2)", 3, "unexpected '('"),
        ("1 +", 3, "missing operand"),
        ("* 2", 0, "missing operand"),
        ("1 + * 2", 4, "missing operand"),
        ("()", 1, "missing operand"),
        ("min(1,)", 6, "missing operand"),
        ("{}", 0, "empty reference"),
        ("1 + {}", 4, "empty reference"),
        ("{A B}", 2, "invalid character ' ' in reference"),
        ("{TOUR/01}", 5, "invalid character '/' in reference"),
        ("{ภาษี}", 1, "invalid character 'ภ' in reference"),
        ("{A", 0, "unclosed reference"),
        ("{" + "X" * 33 + "}", 0, "reference longer than 32 characters"),
        ("A}", 1, "unexpected character '}'"),
        ("9" * 400, 0, "number is too large"),
    ],
)
def test_invalid_text_raises_with_position(text: str, position: int, message: str) -> None:
    with pytest.raises(FormulaError) as caught:
        Formula.parse(text)
    assert caught.value.position == position
    assert caught.value.text == text
    assert caught.value.message.startswith(message)


def test_error_message_names_the_one_based_character() -> None:
    with pytest.raises(FormulaError) as caught:
        Formula.parse("1 + * 2")
    assert str(caught.value) == "missing operand at character 5: 1 + * 2"
    assert isinstance(caught.value, ValueError)
    assert pickle.loads(pickle.dumps(caught.value)).position == 4


def test_length_limit_is_500_characters_not_counting_whitespace() -> None:
    longest = "1+" * (MAX_LENGTH // 2 - 1) + "12"
    assert len(longest) == MAX_LENGTH
    assert Formula.parse(longest).evaluate({}) == 249 + 12
    # The normalised text adds spaces, and must stay parseable.
    assert Formula.parse(str(Formula.parse(longest))) == Formula.parse(longest)
    with pytest.raises(FormulaError) as caught:
        Formula.parse(longest + "+1")
    assert caught.value.position == MAX_LENGTH
    assert caught.value.message == "longer than 500 characters"


def test_nesting_limit_is_50_levels() -> None:
    deepest = "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH
    assert Formula.parse(deepest).evaluate({}) == 1
    with pytest.raises(FormulaError) as caught:
        Formula.parse("(" + deepest + ")")
    assert caught.value.position == MAX_DEPTH
    assert caught.value.message == "nested deeper than 50 levels"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("-" * (MAX_DEPTH + 1) + "1", MAX_DEPTH),
        ("abs(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), 4 * MAX_DEPTH + 3),
    ],
)
def test_signs_and_calls_count_towards_nesting(text: str, position: int) -> None:
    with pytest.raises(FormulaError) as caught:
        Formula.parse(text)
    assert caught.value.position == position


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "__import__",
        "{A}.__class__",
        "().__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd')",
        "eval('1')",
        "lambda: 1",
        "1 if {A} else 2",
        "{A}[0]",
        "[1, 2]",
        "2 ** 3",
        "{A} == 1",
        "{__import__('os')}",
        "'1' + '2'",
        "1e3",
        "0x10",
        "1_000",
        "a.b",
        "{A}; 1",
    ],
)
def test_python_code_is_rejected(text: str) -> None:
    with pytest.raises(FormulaError):
        Formula.parse(text)


def test_parsing_and_evaluation_never_call_eval_exec_or_compile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("dynamic code execution")

    with monkeypatch.context() as patch:
        for name in ("eval", "exec", "compile"):
            patch.setattr(builtins, name, forbidden)
        formula = Formula.parse("round(max({A}, 2) / 3, 2) + abs(-1)")
        result = formula.evaluate({"A": 9})
        text = str(formula)
    assert result == 4.0
    assert text == "round(max({A}, 2) / 3, 2) + abs(-1)"


# --- codes, normalised text, identity ----------------------------------------------------------


def test_codes_are_the_referenced_indicators() -> None:
    formula = Formula.parse("{TOUR-01} + {SDG_1.2.1} * {TOUR-01} - round({x.y}, 1) + 7")
    assert formula.codes == frozenset({"TOUR-01", "SDG_1.2.1", "x.y"})
    assert Formula.parse("1 + 2").codes == frozenset()


def test_codes_are_case_sensitive() -> None:
    assert Formula.parse("{a} + {A}").codes == frozenset({"a", "A"})


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("{TOUR-REV}/{TOUR-VISITORS}*1000", "{TOUR-REV} / {TOUR-VISITORS} * 1000"),
        ("100*{POOR}/{POP}", "100 * {POOR} / {POP}"),
        ("(({A}))", "{A}"),
        ("{A} + ({B} * {C})", "{A} + {B} * {C}"),
        ("({A} + {B}) * {C}", "({A} + {B}) * {C}"),
        ("{A} - ({B} - {C})", "{A} - ({B} - {C})"),
        ("({A} - {B}) - {C}", "({A} - {B}) - {C}"),
        ("{A} / ({B} * {C})", "{A} / ({B} * {C})"),
        ("-({A} + 1)", "-({A} + 1)"),
        ("- - 3", "--3"),
        ("MAX( {A} ,1.50 ,๒ )", "max({A}, 1.5, 2)"),
        ("ROUND({A}+1,2)", "round({A} + 1, 2)"),
        ("0.000015 + 10000000000000000000000", "0.000015 + 10000000000000000000000"),
        ("007", "7"),
    ],
)
def test_str_is_normalised_and_round_trips(text: str, normalised: str) -> None:
    formula = Formula.parse(text)
    assert str(formula) == normalised
    assert formula.text == text
    again = Formula.parse(str(formula))
    assert again == formula
    values = {"A": 1.7, "B": -3.25, "C": 0.4}
    assert again.evaluate(values) == formula.evaluate(values)


def test_formula_is_immutable_hashable_and_picklable() -> None:
    formula = Formula.parse("{A} + 1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        formula.text = "2"  # type: ignore[misc]
    assert len({formula, Formula.parse("{A}+1"), Formula.parse("{A} + 2")}) == 2
    assert pickle.loads(pickle.dumps(formula)) == formula
    assert repr(formula) == "Formula.parse('{A} + 1')"


# --- evaluation order ------------------------------------------------------------------------


def formulas(**texts: str) -> dict[str, Formula]:
    return {code: Formula.parse(text) for code, text in texts.items()}


def test_evaluation_order_follows_a_chain() -> None:
    order = evaluation_order(
        formulas(D="{C} + {RAW}", C="{B} * 2", B="{A} + 1", A="{RAW} / 2", E="{RAW}")
    )
    assert sorted(order) == ["A", "B", "C", "D", "E"]
    assert order.index("A") < order.index("B") < order.index("C") < order.index("D")


def test_evaluation_order_handles_shared_dependencies_deterministically() -> None:
    given_formulas = formulas(TOTAL="{M} + {F}", M="{BASE} * 2", F="{BASE} * 3", BASE="1")
    order = evaluation_order(given_formulas)
    assert order == ["BASE", "F", "M", "TOTAL"]
    assert evaluation_order(dict(reversed(given_formulas.items()))) == order


def test_evaluation_order_rejects_a_cycle() -> None:
    with pytest.raises(FormulaError) as caught:
        evaluation_order(formulas(A="{B} + 1", B="{C}", C="{A} * 2", D="{A}"))
    cycle = caught.value.text.split(" → ")
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"A", "B", "C"}
    assert len(cycle) == 4
    assert caught.value.position == 0


def test_evaluation_order_rejects_a_self_reference() -> None:
    with pytest.raises(FormulaError) as caught:
        evaluation_order(formulas(A="{A} + 1", B="2"))
    assert caught.value.text == "A → A"
    assert caught.value.position == 0


def test_evaluation_order_of_nothing_is_empty() -> None:
    assert evaluation_order({}) == []


# --- bulk evaluation -------------------------------------------------------------------------


def test_evaluate_many_evaluates_row_by_row() -> None:
    formula = Formula.parse("100 * {POOR} / {POP}")
    columns: dict[str, list[float | None]] = {
        "POOR": [10.0, None, 5.0, 3.0],
        "POP": [200.0, 100.0, 0.0, 12.0],
        "UNUSED": [None, None, None, None],
    }
    assert evaluate_many(formula, columns) == [5.0, None, None, 25.0]


def test_evaluate_many_of_a_constant_uses_the_column_length() -> None:
    assert evaluate_many(Formula.parse("2 * 3"), {"A": [1, 2, 3]}) == [6.0, 6.0, 6.0]
    assert evaluate_many(Formula.parse("2 * 3"), {}) == []


def test_evaluate_many_matches_evaluate() -> None:
    formula = Formula.parse("round({A} / {B}, 3) - min({A}, {B})")
    a = [float(i) for i in range(-50, 50)]
    b = [float(i % 7) for i in range(100)]
    expected = [formula.evaluate({"A": x, "B": y}) for x, y in zip(a, b, strict=True)]
    assert evaluate_many(formula, {"A": a, "B": b}) == expected


def test_evaluate_many_rejects_columns_of_different_length() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        evaluate_many(Formula.parse("{A} + {B}"), {"A": [1, 2], "B": [1]})


def test_evaluate_many_rejects_a_missing_column() -> None:
    with pytest.raises(ValueError, match="no column for B"):
        evaluate_many(Formula.parse("{A} + {B}"), {"A": [1, 2]})


# --- property: agrees with an independently built expression tree ------------------------------

# A tree is an int leaf, ("neg", int) or (op, left, right) with op in "+-*".
Tree = Any
_PRECEDENCE = {"+": 1, "-": 1, "*": 2}

leaves = st.one_of(
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=9).map(lambda n: ("neg", n)),
)
trees = st.recursive(
    leaves,
    lambda children: st.tuples(st.sampled_from("+-*"), children, children),
    max_leaves=12,  # keeps every intermediate value exact in a float
)


def reference_value(tree: Tree) -> int:
    if isinstance(tree, int):
        return tree
    if tree[0] == "neg":
        return -tree[1]
    op, left, right = tree
    a, b = reference_value(left), reference_value(right)
    return a + b if op == "+" else a - b if op == "-" else a * b


def precedence(tree: Tree) -> int:
    return _PRECEDENCE[tree[0]] if isinstance(tree, tuple) and tree[0] != "neg" else 3


def render(tree: Tree, full: bool) -> str:
    """Text for ``tree`` with every bracket (``full``) or only the brackets it needs."""
    if isinstance(tree, int):
        return str(tree)
    if tree[0] == "neg":
        return f"-{tree[1]}"
    op, left, right = tree
    left_text, right_text = render(left, full), render(right, full)
    if full or precedence(left) < precedence(tree):
        left_text = f"({left_text})"
    # Equal precedence on the right needs brackets: a - (b - c) is not a - b - c.
    if full or precedence(right) <= precedence(tree):
        right_text = f"({right_text})"
    return f"{left_text} {op} {right_text}"


@given(trees, st.booleans())
def test_random_expressions_match_an_independent_tree_evaluation(tree: Tree, full: bool) -> None:
    text = render(tree, full)
    formula = Formula.parse(text)
    assert formula.evaluate({}) == reference_value(tree)
    assert Formula.parse(str(formula)) == formula
