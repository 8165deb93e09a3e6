"""Bodies of courses and course labels."""

from __future__ import annotations

from ..errors import FieldErrors, invalid_pk
from ..models import Label
from ..store import SkilljarState
from .fields import ref, Bool, Char, Choice, Field, ListOf

TIME_FORMATS = ("HOURS_MINUTES_SECONDS", "HOURS_MINUTES", "HOURS_MINUTES_VERBOSE", "MINUTES_VERBOSE")
COURSE = {
    "enforce_sequential_navigation": Bool(required=True),
    "long_description_html": Char(),
    "short_description": Char(required=True, allow_blank=False),
    "title": Char(required=True, allow_blank=False),
    "labels": ListOf(Char(allow_blank=False)),
    "display_course_and_lesson_time": Bool(),
    "manual_course_time": Char(max_length=15),
    "display_manual_course_time": Bool(),
    "course_and_lesson_time_format": Choice(TIME_FORMATS),
}
LABEL_LINK: dict[str, Field] = {"label": ref(required=True)}


def label_to_link(st: SkilljarState, label_id: str) -> Label:
    label = st.labels.get(label_id)
    if label is None:
        raise FieldErrors({"label": {"id": invalid_pk(label_id)}})
    return label
