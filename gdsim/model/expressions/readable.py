"""sympy expressions as one line of Unicode math, for labels: 0.4·x²·y² − 0.2·x + 2.1·y, √x, |x|."""

from __future__ import annotations

_ADD, _NEG, _MUL, _POW, _ATOM = range(5)
_TO_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _superscript(n: int) -> str:
    return str(n).translate(_TO_SUPERSCRIPT)


def _format_float(value: float) -> str:
    text = f"{value:.12g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}·10{_superscript(int(exponent))}"
    return text


def _integral(number) -> int | None:
    """The integer value of a sympy number that is a whole number (2 or 2.0), else None."""
    if number.is_Integer:
        return int(number)
    if number.is_Float and float(number).is_integer() and abs(float(number)) < 1e15:
        return int(number)
    return None


class _Readable:
    def __init__(self):
        import sympy as sp

        self.sp = sp

    def wrap(self, printed: tuple[str, int], at_least: int) -> str:
        text, precedence = printed
        return text if precedence >= at_least else f"({text})"

    def print(self, e) -> tuple[str, int]:
        sp = self.sp
        if e.is_Number:
            return self.number(e)
        if e is sp.pi:
            return "π", _ATOM
        if e is sp.E:
            return "e", _ATOM
        if e.is_Symbol:
            return e.name, _ATOM
        if e.is_Add:
            return self.add(e)
        if e.is_Mul:
            return self.mul(e)
        if e.is_Pow:
            return self.pow(e)
        if isinstance(e, sp.Abs):
            return f"|{self.print(e.args[0])[0]}|", _ATOM
        if isinstance(e, sp.Function):
            return f"{type(e).__name__}({', '.join(self.print(a)[0] for a in e.args)})", _ATOM
        return str(e), _ATOM

    def number(self, e) -> tuple[str, int]:
        if e.is_Integer:
            text = str(abs(int(e)))
            precedence = _ATOM
        elif e.is_Rational:
            text = f"{abs(e.p)}/{e.q}"
            precedence = _MUL
        elif e.is_Float:
            text = _format_float(abs(float(e)))
            precedence = _MUL if "·" in text else _ATOM
        else:
            text, precedence = str(e), _ATOM
        if e.is_negative:
            return "−" + text, _NEG
        return text, precedence

    def add(self, e) -> tuple[str, int]:
        parts = []
        for term in e.as_ordered_terms():
            negative = term.could_extract_minus_sign()
            text = self.wrap(self.print(-term if negative else term), _NEG + 1)
            if not parts:
                parts.append(("−" if negative else "") + text)
            else:
                parts.append((" − " if negative else " + ") + text)
        return "".join(parts), _ADD

    def mul(self, e) -> tuple[str, int]:
        sp = self.sp
        coefficient, rest = e.as_coeff_Mul()
        factors = rest.as_ordered_factors()
        if coefficient.is_negative:
            return "−" + self.wrap(self.print(-e), _MUL), _NEG
        numerator, denominator = [], []
        if coefficient.is_Rational:
            if coefficient.p != 1:
                numerator.append(sp.Integer(coefficient.p))
            if coefficient.q != 1:
                denominator.append(sp.Integer(coefficient.q))
        elif float(coefficient) != 1.0:
            numerator.append(coefficient)
        for factor in factors:
            if factor.is_Pow and factor.exp.is_Number and factor.exp.is_negative:
                denominator.append(sp.Pow(factor.base, -factor.exp, evaluate=False) if factor.exp != -1
                                   else factor.base)
            else:
                numerator.append(factor)
        top_factors = [self.print(f) for f in numerator]
        if not denominator and len(top_factors) == 1:
            return top_factors[0]
        top = "·".join(self.wrap(p, _MUL) for p in top_factors) or "1"
        if not denominator:
            return top, _MUL
        bottom_factors = [self.print(f) for f in denominator]
        if len(bottom_factors) == 1:
            bottom = self.wrap(bottom_factors[0], _POW)
        else:
            bottom = "(" + "·".join(self.wrap(p, _MUL) for p in bottom_factors) + ")"
        return f"{top}/{bottom}", _MUL

    def pow(self, e) -> tuple[str, int]:
        sp = self.sp
        base, exponent = e.args
        if exponent.is_Number and exponent.is_negative:
            positive = base if exponent == -1 else sp.Pow(base, -exponent, evaluate=False)
            return f"1/{self.wrap(self.print(positive), _POW)}", _MUL
        if exponent == sp.Rational(1, 2):
            return "√" + self.wrap(self.print(base), _ATOM), _POW
        whole = _integral(exponent) if exponent.is_Number else None
        if whole is not None:
            return self.wrap(self.print(base), _ATOM) + (_superscript(whole) if whole != 1 else ""), _POW
        return f"{self.wrap(self.print(base), _ATOM)}^{self.wrap(self.print(exponent), _ATOM)}", _POW


def readable(expr) -> str:
    """One line of Unicode math for a label: 0.4·x²·y² − 0.2·x + 2.1·y, √x, π, exp(x), |x|."""
    return _Readable().print(expr)[0]
