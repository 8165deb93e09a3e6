"""Request parsing and validation: the arguments each action takes (``arguments``), the colon path
(``colon``), one request's arguments (``request``) and the rules each argument follows (``values``).

The colon-path functions are public so shared code (the cassettes' TalentLMS path style) can reuse them:
``split_path``, ``parse_segment``, ``parse_colon_path``, ``from_base64`` and ``BASE64_KEYS``.
"""

from __future__ import annotations

from ..errors import Malformed
from .arguments import ARGUMENTS, declared
from .colon import BASE64_KEYS, PREFIX, from_base64, merge, parse_colon_path, parse_segment, raw_path, split_path
from .request import action_and_segment, check_lengths, has_body, is_json, read_params
from .values import (MAX_LONG, MAX_SHORT, as_int, ascii_digits, custom_values, dash_date, input_date,
                     input_datetime, money, need, search_value, strong, text, valid_email, yes_no)

__all__ = ["ARGUMENTS", "BASE64_KEYS", "MAX_LONG", "MAX_SHORT", "Malformed", "PREFIX", "action_and_segment", "as_int",
           "ascii_digits", "check_lengths", "custom_values", "dash_date", "declared", "from_base64", "has_body",
           "input_date", "input_datetime", "is_json", "merge", "money", "need", "parse_colon_path",
           "parse_segment", "raw_path", "read_params", "search_value", "split_path", "strong", "text",
           "valid_email", "yes_no"]
