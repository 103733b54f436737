"""The tokens of a typed formula: numbers, names, operators, superscripts and parentheses.

Characters pasted from slides (−, ×, ·, ÷, π, superscript digits) are read as what they mean;
anything else that cannot start a token ends the stream in an ERROR token that says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gdsim.model.expressions import messages
from gdsim.model.expressions.errors import ExpressionError
from gdsim.model.messages import Template

_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPT_VALUE = re.compile(r"-?[0-9]+\Z")
_OPERATOR_ALIASES = {"−": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/"}  # pasted from slides
_CHARACTERS_WITH_HINTS = {"√": messages.ROOT_SIGN, "|": messages.BAR}
_OTHER_LETTERS = re.compile(r"[^\W\d_]+")  # θ, λ: reported as unknown names, not as odd characters

NUM, NAME, OP, LPAREN, RPAREN, SUP, END, ERROR = "num", "name", "op", "(", ")", "sup", "end", "error"


@dataclass(frozen=True)
class Token:
    kind: str
    text: str  # as typed
    start: int  # 0-based index into the text
    value: Any = None  # NUM: the number's text; OP: the operator (** is ^); SUP: int; ERROR: the error

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def column(self) -> int:
        return self.start + 1


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, ending in END, or in an ERROR token where the text stops making sense.

    The error is raised only when the parser reaches it, so the leftmost problem is reported.
    """
    tokens: list[Token] = []
    i, n = 0, len(text)

    def error(template: Template, **arguments) -> list[Token]:
        tokens.append(Token(ERROR, "", i, ExpressionError(template, i + 1, **arguments)))
        return tokens

    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif "0" <= ch <= "9" or (ch == "." and i + 1 < n and "0" <= text[i + 1] <= "9"):
            match = _NUMBER.match(text, i)
            end = match.end()
            if end < n and text[end] == ".":
                garbage = re.compile(r"[0-9A-Za-z_.]*").match(text, i).group()
                return error(messages.MALFORMED_NUMBER, number=garbage)
            tokens.append(Token(NUM, match.group(), i, match.group()))
            i = end
        elif ch == ".":
            attribute = _NAME.match(text, i + 1)
            if attribute:
                return error(messages.ATTRIBUTE, name=attribute.group())
            return error(messages.UNEXPECTED, text=".")
        elif ch.isascii() and (ch.isalpha() or ch == "_"):
            match = _NAME.match(text, i)
            tokens.append(Token(NAME, match.group(), i, match.group()))
            i = match.end()
        elif ch == "π":
            tokens.append(Token(NAME, ch, i, "pi"))
            i += 1
        elif ch.isalpha():
            match = _OTHER_LETTERS.match(text, i)
            tokens.append(Token(NAME, match.group(), i, match.group()))
            i = match.end()
        elif ch == "*" and text.startswith("**", i):
            tokens.append(Token(OP, "**", i, "^"))
            i += 2
        elif ch in "+-*/^":
            tokens.append(Token(OP, ch, i, ch))
            i += 1
        elif ch in _OPERATOR_ALIASES:
            tokens.append(Token(OP, ch, i, _OPERATOR_ALIASES[ch]))
            i += 1
        elif ch in _SUPERSCRIPT_CHARS:
            end = i
            while end < n and text[end] in _SUPERSCRIPT_CHARS:
                end += 1
            typed = text[i:end]
            digits = typed.translate(_SUPERSCRIPT_DIGITS)
            if not _SUPERSCRIPT_VALUE.match(digits):
                return error(messages.UNEXPECTED, text=typed)
            tokens.append(Token(SUP, typed, i, int(digits)))
            i = end
        elif ch == "(":
            tokens.append(Token(LPAREN, ch, i))
            i += 1
        elif ch == ")":
            tokens.append(Token(RPAREN, ch, i))
            i += 1
        elif ch in "'\"`‘’“”":
            return error(messages.QUOTE)
        elif ch in "[]{}":
            return error(messages.BRACKET, bracket=ch)
        elif ch == ",":
            return error(messages.COMMA)
        elif ch == "=":
            return error(messages.EQUALS)
        elif ch == ";":
            return error(messages.SEMICOLON)
        elif ch in _CHARACTERS_WITH_HINTS:
            return error(_CHARACTERS_WITH_HINTS[ch])
        else:
            shown = ch if ch.isprintable() else ch.encode("unicode_escape").decode()
            return error(messages.UNEXPECTED_CHARACTER, character=shown)
    tokens.append(Token(END, "", n))
    return tokens
