"""Request parsing and validation, before anything is written: the request as Rails reads it
(``request``), single values (``values``), and the field rules of users and groups (``users``) and of
content and assignments (``content``). Every validator raises :class:`LessonlyError` and changes
nothing, so a refused request never leaves a partial write."""

from .content import assignees, callback_settings, due, lesson_changes, user_assignables
from .request import paging, params, parse_body, to_i
from .users import associations, custom_fields, group_ids, group_name, user_fields
from .values import entries, integer, iso_date, ruby_int, text, timestamp, truthy

__all__ = ["assignees", "associations", "callback_settings", "custom_fields", "due", "entries", "group_ids",
           "group_name", "integer", "iso_date", "lesson_changes", "paging", "params", "parse_body", "ruby_int",
           "text", "timestamp", "to_i", "truthy", "user_assignables", "user_fields"]
