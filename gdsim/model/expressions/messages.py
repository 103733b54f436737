"""Every message about typed input, as a template of the "ExpressionError" context (gdsim.model.messages):
the CLI prints it in English, the window translates it. {column} is the 1-based column of the problem."""

from gdsim.model.messages import QT_TRANSLATE_NOOP

# -- characters that cannot start a token (tokens.py)
MALFORMED_NUMBER = QT_TRANSLATE_NOOP("ExpressionError", "malformed number '{number}' at column {column}")
ATTRIBUTE = QT_TRANSLATE_NOOP("ExpressionError", "attribute '.{name}' at column {column} is not allowed")
UNEXPECTED = QT_TRANSLATE_NOOP("ExpressionError", "unexpected '{text}' at column {column}")
QUOTE = QT_TRANSLATE_NOOP("ExpressionError", "quote at column {column}; strings are not allowed")
BRACKET = QT_TRANSLATE_NOOP("ExpressionError", "'{bracket}' at column {column}; use round parentheses ( ) to group")
COMMA = QT_TRANSLATE_NOOP("ExpressionError",
                          "',' at column {column}; functions take one argument and decimals use '.'")
EQUALS = QT_TRANSLATE_NOOP("ExpressionError", "'=' at column {column}; type only the expression, like x^2 + y^2")
SEMICOLON = QT_TRANSLATE_NOOP("ExpressionError", "';' at column {column}; type one expression")
UNEXPECTED_CHARACTER = QT_TRANSLATE_NOOP("ExpressionError", "unexpected character '{character}' at column {column}")
ROOT_SIGN = QT_TRANSLATE_NOOP("ExpressionError", "unexpected character '√' at column {column}; use sqrt(...)")
BAR = QT_TRANSLATE_NOOP("ExpressionError", "unexpected character '|' at column {column}; use abs(...)")

# -- the whole text (parser.py)
NOT_TEXT = QT_TRANSLATE_NOOP("ExpressionError", "the expression must be text")
TOO_LONG = QT_TRANSLATE_NOOP("ExpressionError", "the expression is too long ({length} characters; at most {limit})")
EMPTY = QT_TRANSLATE_NOOP("ExpressionError", "the expression is empty")
TOO_BIG = QT_TRANSLATE_NOOP("ExpressionError",
                            "the expression is too big; at most {limit} numbers, names and operators")
TOO_DEEP = QT_TRANSLATE_NOOP("ExpressionError", "the expression is too deeply nested")
NESTED_PARENTHESES = QT_TRANSLATE_NOOP("ExpressionError",
                                       "too many nested parentheses at column {column}; at most {limit}")
NESTED_POWERS = QT_TRANSLATE_NOOP("ExpressionError", "too many nested powers at column {column}; at most {limit}")

# -- tokens in the wrong place
UNMATCHED_CLOSING = QT_TRANSLATE_NOOP("ExpressionError", "')' at column {column} has no matching '('")
NEVER_CLOSED = QT_TRANSLATE_NOOP("ExpressionError", "'(' at column {column} is never closed")
EMPTY_PARENTHESES = QT_TRANSLATE_NOOP("ExpressionError", "empty parentheses at column {column}")
MISSING_TERM = QT_TRANSLATE_NOOP("ExpressionError", "missing a term after '{operator}' at column {column}")
MISSING_OPERATOR = QT_TRANSLATE_NOOP("ExpressionError", "missing operator before '{number}' at column {column}")

# -- names
NEEDS_PARENTHESES = QT_TRANSLATE_NOOP("ExpressionError",
                                      "function '{name}' at column {column} needs parentheses, as in {name}(x)")
UNKNOWN_FUNCTION = QT_TRANSLATE_NOOP("ExpressionError",
                                     "unknown function '{name}' at column {column}; functions are {functions}")
NOT_ALLOWED_ONE_VARIABLE = QT_TRANSLATE_NOOP(
    "ExpressionError", "'{name}' at column {column} is not allowed; type a formula in {variable}")
NOT_ALLOWED_VARIABLES = QT_TRANSLATE_NOOP(
    "ExpressionError", "'{name}' at column {column} is not allowed; type a formula in {others} and {last}")
UNKNOWN_NAME_ONE_VARIABLE = QT_TRANSLATE_NOOP(
    "ExpressionError", "unknown name '{name}' at column {column}; the variable is {variable}")
UNKNOWN_NAME_VARIABLES = QT_TRANSLATE_NOOP(
    "ExpressionError", "unknown name '{name}' at column {column}; variables are {others} and {last}")
UNKNOWN_NAME_FORGOTTEN_PARENTHESES = QT_TRANSLATE_NOOP(
    "ExpressionError", "unknown name '{name}' at column {column}; write {function}({rest})")

# -- what a constant part computes ({piece} is the part as typed, shortened)
DIVIDES_BY_ZERO = QT_TRANSLATE_NOOP("ExpressionError", "'{piece}' at column {column} divides by zero")
TOO_LARGE = QT_TRANSLATE_NOOP("ExpressionError", "'{piece}' at column {column} is too large")
UNDEFINED = QT_TRANSLATE_NOOP("ExpressionError", "'{piece}' at column {column} is undefined")
NOT_REAL = QT_TRANSLATE_NOOP("ExpressionError", "'{piece}' at column {column} is not a real number")
NUMBER_TOO_LARGE = QT_TRANSLATE_NOOP("ExpressionError", "number '{number}' at column {column} is too large")
EXPONENT_TOO_LARGE = QT_TRANSLATE_NOOP("ExpressionError",
                                       "exponent {exponent} at column {column} is too large; at most {limit}")
PART_NOT_REAL = QT_TRANSLATE_NOOP("ExpressionError", "part of the expression is not a real number")

# -- compiling (compiler.py, landscape.py)
BEYOND_FLOATING_POINT = QT_TRANSLATE_NOOP(
    "ExpressionError", "the expression cannot be computed: a number in it is beyond the range of floating point "
                       "(about 10⁻³⁰⁸ to 10³⁰⁸)")
NOT_COMPUTABLE = QT_TRANSLATE_NOOP("ExpressionError", "the expression cannot be computed ({kind})")
NO_VARIABLE = QT_TRANSLATE_NOOP("ExpressionError", "the expression has no variable; use x (and y)")

# -- a typed gradient (gradient.py)
ONE_COMPONENT = QT_TRANSLATE_NOOP("ExpressionError", "expected 1 gradient component, got {count}")
COMPONENTS = QT_TRANSLATE_NOOP("ExpressionError",
                               "expected {dim} gradient components separated by ';', got {count}")
IN_COMPONENT = QT_TRANSLATE_NOOP("ExpressionError", "∂f/∂{variable}: {problem}")

# -- where an accepted function is undefined (domain.py): a note under the expression box, not a refusal
UNDEFINED_WHERE = QT_TRANSLATE_NOOP("Domain", "undefined where {condition}")
UNDEFINED_AT = QT_TRANSLATE_NOOP("Domain", "undefined at {condition}")
UNDEFINED_EVERYWHERE = QT_TRANSLATE_NOOP("Domain", "undefined everywhere")
UNDEFINED_IN_PART = QT_TRANSLATE_NOOP("Domain", "undefined in part of the view (shaded)")
EITHER = QT_TRANSLATE_NOOP("Domain", "{first} or {second}")
