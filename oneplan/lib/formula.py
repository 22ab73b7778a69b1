"""Safe arithmetic formulas over indicator codes, e.g. ``{TOUR-REV} / {TOUR-VISITORS} * 1000``.

Grammar (whitespace, including the non-breaking space, is ignored between tokens)::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("+" | "-") unary | primary
    primary    := number | reference | call | "(" expression ")"
    call       := ("min" | "max") "(" expression ("," expression)+ ")"
                | "abs" "(" expression ")"
                | "round" "(" expression "," places ")"    places: integer literal 0-10
    number     := digit+ ("." digit+)?                     digit: 0-9 or Thai ๐-๙
    reference  := "{" [A-Za-z0-9_.-]{1,32} "}"

Function names are case-insensitive. Limits: 500 characters (not counting whitespace) and 50
levels of nesting, where each bracket pair, function call and unary sign is one level.

User text is only ever tokenised and parsed here; it never reaches eval, exec, compile or ast.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from graphlib import CycleError, TopologicalSorter
from typing import TypeAlias

__all__ = ["Formula", "FormulaError", "Node", "evaluate_many", "evaluation_order"]

MAX_LENGTH = 500
MAX_DEPTH = 50
MAX_CODE_LENGTH = 32
MAX_ROUND_PLACES = 10

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<num>[0-9๐-๙]+(?:\.[0-9๐-๙]+)?)|(?P<ref>\{[^}]*\})"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[-+*/(),])"
)
_BAD_CODE_CHAR = re.compile(r"[^A-Za-z0-9_.-]")
_TO_ASCII = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_BINARY: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
# name -> (minimum, maximum) number of arguments; None means no upper bound.
_ARITY: dict[str, tuple[int, int | None]] = {
    "min": (2, None),
    "max": (2, None),
    "abs": (1, 1),
    "round": (2, 2),
}
_FUNCTIONS: dict[str, Callable[[list[float]], float]] = {
    "min": min,
    "max": max,
    "abs": lambda numbers: abs(numbers[0]),
}
# Enough precision that quantising any float below 2**53 to 10 places is exact.
_DECIMAL = Context(prec=40)


class FormulaError(ValueError):
    """Invalid formula text; ``position`` is the 0-based character offset of the problem."""

    def __init__(self, text: str, position: int, message: str) -> None:
        # All values go to ValueError so the exception pickles and compares cleanly.
        super().__init__(text, position, message)
        self.text = text
        self.position = position
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} at character {self.position + 1}: {self.text}"


@dataclass(frozen=True, slots=True)
class Number:
    """A numeric literal (always non-negative; a leading sign is a ``Unary``)."""

    value: float


@dataclass(frozen=True, slots=True)
class Reference:
    """The value of another indicator, written ``{CODE}``."""

    code: str


@dataclass(frozen=True, slots=True)
class Unary:
    """A sign applied to one operand: ``-x`` or ``+x``."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Chain:
    """Operators of one precedence applied left to right: ``a - b + c`` or ``a * b / c``."""

    first: Node
    rest: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class Call:
    """A call of one of the built-in functions; ``name`` is lower case."""

    name: str
    args: tuple[Node, ...]


Node: TypeAlias = Number | Reference | Unary | Chain | Call
_Rule: TypeAlias = Callable[[int], Node]


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "num", "ref", "name", "end" or the punctuation character itself
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            what = (
                "unclosed reference" if text[pos] == "{" else f"unexpected character {text[pos]!r}"
            )
            raise FormulaError(text, pos, what)
        kind, lexeme = match.lastgroup or "", match.group()
        if kind == "num":
            lexeme = lexeme.translate(_TO_ASCII)
            if not math.isfinite(float(lexeme)):
                raise FormulaError(text, pos, "number is too large")
        elif kind == "ref":
            lexeme = lexeme[1:-1]
            if not lexeme:
                raise FormulaError(text, pos, "empty reference")
            if bad := _BAD_CODE_CHAR.search(lexeme):
                raise FormulaError(
                    text, pos + 1 + bad.start(), f"invalid character {bad.group()!r} in reference"
                )
            if len(lexeme) > MAX_CODE_LENGTH:
                raise FormulaError(text, pos, f"reference longer than {MAX_CODE_LENGTH} characters")
        elif kind == "punct":
            kind = lexeme
        if kind != "space":
            tokens.append(_Token(kind, lexeme, pos))
        pos = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.codes: set[str] = set()

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def enter(self, token: _Token, depth: int) -> int:
        if depth >= MAX_DEPTH:
            raise FormulaError(self.text, token.pos, f"nested deeper than {MAX_DEPTH} levels")
        return depth + 1

    def expect_close(self, opening: _Token) -> None:
        token = self.take()
        if token.kind == "end":
            raise FormulaError(self.text, opening.pos, "unclosed parenthesis")
        if token.kind != ")":
            raise FormulaError(self.text, token.pos, f"unexpected {token.text!r}, expected ')'")

    def expression(self, depth: int) -> Node:
        return self.chain(("+", "-"), self.term, depth)

    def term(self, depth: int) -> Node:
        return self.chain(("*", "/"), self.unary, depth)

    def chain(self, ops: tuple[str, str], operand: _Rule, depth: int) -> Node:
        first = operand(depth)
        rest: list[tuple[str, Node]] = []
        while self.peek().kind in ops:
            rest.append((self.take().kind, operand(depth)))
        return Chain(first, tuple(rest)) if rest else first

    def unary(self, depth: int) -> Node:
        token = self.peek()
        if token.kind in ("+", "-"):
            inner = self.enter(token, depth)
            self.take()
            return Unary(token.kind, self.unary(inner))
        return self.primary(depth)

    def primary(self, depth: int) -> Node:
        token = self.take()
        if token.kind == "num":
            return Number(float(token.text))
        if token.kind == "ref":
            self.codes.add(token.text)
            return Reference(token.text)
        if token.kind == "(":
            node = self.expression(self.enter(token, depth))
            self.expect_close(token)
            return node
        if token.kind == "name":
            return self.call(token, depth)
        raise FormulaError(self.text, token.pos, "missing operand")

    def call(self, name_token: _Token, depth: int) -> Node:
        name = name_token.text.lower()
        opening = self.take()
        if name not in _ARITY:
            what = "function" if opening.kind == "(" else "name"
            raise FormulaError(self.text, name_token.pos, f"unknown {what} {name_token.text!r}")
        if opening.kind != "(":
            raise FormulaError(self.text, opening.pos, f"expected '(' after {name!r}")
        inner = self.enter(opening, depth)
        args: list[Node] = []
        starts: list[_Token] = []
        if self.peek().kind != ")":
            starts.append(self.peek())
            args.append(self.expression(inner))
            while self.peek().kind == ",":
                self.take()
                starts.append(self.peek())
                args.append(self.expression(inner))
        self.expect_close(opening)
        low, high = _ARITY[name]
        if len(args) < low or (high is not None and len(args) > high):
            wanted = f"exactly {low}" if low == high else f"at least {low}"
            wanted += " argument" if low == 1 else " arguments"
            raise FormulaError(
                self.text, name_token.pos, f"{name}() takes {wanted}, got {len(args)}"
            )
        if name == "round":
            places, start = args[1], starts[1]
            if not (
                isinstance(places, Number)
                and start.kind == "num"
                and "." not in start.text
                and places.value <= MAX_ROUND_PLACES
            ):
                raise FormulaError(
                    self.text,
                    start.pos,
                    f"round() places must be a whole number from 0 to {MAX_ROUND_PLACES}",
                )
        return Call(name, tuple(args))


def _evaluate(node: Node, values: Mapping[str, float]) -> float:
    match node:
        case Number(value):
            return value
        case Reference(code):
            return values[code]
        case Unary(op, operand):
            result = _evaluate(operand, values)
            return -result if op == "-" else result
        case Chain(first, rest):
            result = _evaluate(first, values)
            for op, operand in rest:
                # ZeroDivisionError from "/" is turned into None by Formula.evaluate.
                result = _BINARY[op](result, _evaluate(operand, values))
            return result
        case Call("round", (argument, Number(places))):
            return _round_half_up(_evaluate(argument, values), int(places))
        case Call(name, args):
            return _FUNCTIONS[name]([_evaluate(arg, values) for arg in args])
    raise TypeError(f"not a formula node: {node!r}")  # pragma: no cover


def _round_half_up(value: float, places: int) -> float:
    # Half away from zero on the decimal the user sees, like a spreadsheet's ROUND, so
    # round(2.675, 2) gives 2.68 rather than Python's 2.67 from the binary value.
    if not math.isfinite(value) or abs(value) >= 2**53:
        return value  # such floats are already whole numbers
    quantum = Decimal(1).scaleb(-places, _DECIMAL)
    return float(Decimal(repr(value)).quantize(quantum, ROUND_HALF_UP, _DECIMAL))


def _format_number(value: float) -> str:
    text = repr(value)
    if "e" in text:
        # The grammar has no exponent notation, so write the shortest round-trip digits out.
        text = format(Decimal(text), "f")
    return text.removesuffix(".0")


def _render(node: Node, parent: Node | None = None) -> str:
    match node:
        case Number(value):
            return _format_number(value)
        case Reference(code):
            return "{" + code + "}"
        case Unary(op, operand):
            return op + _render(operand, node)
        case Call(name, args):
            return f"{name}({', '.join(_render(arg) for arg in args)})"
    text = " ".join(
        [_render(node.first, node), *(f"{op} {_render(x, node)}" for op, x in node.rest)]
    )
    # A chain directly inside a chain or a sign exists only because the user bracketed it
    # (a product inside a sum aside); keeping the brackets makes the text re-parse to this tree.
    if parent is None or (isinstance(parent, Chain) and _additive(parent) and not _additive(node)):
        return text
    return f"({text})"


def _additive(chain: Chain) -> bool:
    return chain.rest[0][0] in "+-"


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula; equal (and hashing equal) when the parse trees are equal."""

    text: str = field(compare=False)
    tree: Node
    codes: frozenset[str] = field(compare=False)

    @classmethod
    def parse(cls, text: str) -> Formula:
        """Parse ``text``; raise ``FormulaError`` pointing at the first problem."""
        significant = [i for i, ch in enumerate(text) if not ch.isspace()]
        if not significant:
            raise FormulaError(text, 0, "empty formula")
        # Whitespace is not counted so that the normalised text, which adds spaces around
        # operators, always parses again.
        if len(significant) > MAX_LENGTH:
            raise FormulaError(
                text, significant[MAX_LENGTH], f"longer than {MAX_LENGTH} characters"
            )
        parser = _Parser(text)
        tree = parser.expression(0)
        token = parser.peek()
        if token.kind == ")":
            raise FormulaError(text, token.pos, "unmatched ')'")
        if token.kind != "end":
            raise FormulaError(text, token.pos, f"unexpected {token.text!r}")
        return cls(text, tree, frozenset(parser.codes))

    def evaluate(self, values: Mapping[str, float | None]) -> float | None:
        """The value for ``values`` (code -> value), or None if it cannot be computed.

        None when a referenced code is missing, None or not finite, on division by zero and
        when the result is not finite.
        """
        row: dict[str, float] = {}
        for code in self.codes:
            raw = values.get(code)
            if raw is None:
                return None
            try:
                number = float(raw)  # Decimal and int values from the database are fine
            except OverflowError:
                return None
            # NaN and infinity mean "no usable value" in the sources we import from.
            if not math.isfinite(number):
                return None
            row[code] = number
        try:
            result = _evaluate(self.tree, row)
        except (ZeroDivisionError, OverflowError):
            return None
        return result if math.isfinite(result) else None

    def __str__(self) -> str:
        return _render(self.tree)

    def __repr__(self) -> str:
        return f"Formula.parse({str(self)!r})"


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Codes of ``formulas`` ordered so each comes after the formula indicators it references.

    Raises ``FormulaError`` (position 0, text = the cycle joined by " → ") when formulas
    reference each other in a cycle, including a formula that references itself.
    """
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for code in sorted(formulas):
        sorter.add(code, *sorted(c for c in formulas[code].codes if c in formulas))
    try:
        sorter.prepare()
    except CycleError as err:
        cycle: list[str] = err.args[1]
        raise FormulaError(
            " → ".join(cycle), 0, "formulas reference each other in a cycle"
        ) from None
    order: list[str] = []
    while sorter.is_active():
        # Sorted batches keep the order stable from one run to the next.
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order


def evaluate_many(
    formula: Formula, columns: Mapping[str, Sequence[float | None]]
) -> list[float | None]:
    """Evaluate ``formula`` on every row of equal-length ``columns`` (code -> values)."""
    lengths = {len(column) for column in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns differ in length: {sorted(lengths)}")
    missing = sorted(code for code in formula.codes if code not in columns)
    if missing:
        raise ValueError(f"no column for {', '.join(missing)}")
    rows = lengths.pop() if lengths else 0
    codes = sorted(formula.codes)
    if not codes:
        return [formula.evaluate({})] * rows
    picked = [columns[code] for code in codes]
    return [
        formula.evaluate(dict(zip(codes, row, strict=True))) for row in zip(*picked, strict=True)
    ]
