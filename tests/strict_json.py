"""JSON as the standard has it, for checking gdsim's output."""

import json


def strict_json(text: str):
    """Parses JSON, refusing the NaN and Infinity tokens that Python writes but JSON does not allow."""
    def refuse(token):
        raise ValueError(f"non-standard JSON token {token}")
    return json.loads(text, parse_constant=refuse)
