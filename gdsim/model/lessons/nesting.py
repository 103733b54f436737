"""How deeply a lesson file nests, judged before and after the TOML parser: its recursion, and the cost of
dotted keys, grow with the depth, and a file nested thousands of levels deep raised RecursionError."""

from __future__ import annotations

from typing import Any

from gdsim.model.limits import MAX_NESTING


def nesting_problem(text: str) -> str | None:
    """Where `text` nests its lists and inline tables, or the parts of a dotted key, more than MAX_NESTING
    deep; None when it does not. Read before the TOML parser, whose recursion and dotted keys cost grows
    with the depth (strings and comments are skipped; the parser judges everything else)."""
    stack: list[str] = []  # '[' or '{' of the open lists and inline tables
    key = True  # reading a key (or a [table] header), whose dots are levels
    parts, line, i, n = 1, 1, 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
            if not stack:
                key, parts = True, 1
        elif char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif char in "\"'":
            quotes = 3 if text.startswith(char * 3, i) else 1
            j = i + quotes
            while j < n and not (text.startswith(char * quotes, j)) and (quotes == 3 or text[j] != "\n"):
                j += 2 if char == '"' and text[j] == "\\" else 1
            j += quotes
            while quotes == 3 and j < n and text[j] == char:  # a closing """" ends with a quote in the string
                j += 1
            line += text.count("\n", i, j)
            i = j
            continue
        elif key:
            if char == ".":
                parts += 1
                if parts > MAX_NESTING:
                    return f"line {line}: a key of more than {MAX_NESTING} parts"
            elif char == "=":
                key, parts = False, 1
            elif char == "}" and stack:
                stack.pop()
                key = False
        elif char in "[{":
            stack.append(char)
            if len(stack) > MAX_NESTING:
                return f"line {line}: lists or tables nested more than {MAX_NESTING} deep"
            key = char == "{"
        elif char in "]}":
            if stack:
                stack.pop()
        elif char == "," and stack and stack[-1] == "{":
            key = True
        i += 1
    return None


def nesting_depth(data: Any) -> int:
    """How deeply tables and lists nest in `data` (a number or a text is 0), without recursion."""
    deepest, pending = 0, [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth + 1)
            if depth + 1 <= MAX_NESTING:
                pending.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest
