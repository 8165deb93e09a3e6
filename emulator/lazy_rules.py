"""Flask URL rules that compile their URL builder when a URL is first built, not when the rule is added.

Werkzeug compiles two builder functions for every rule as it is added (``Rule.compile``: an ``ast`` built
and ``compile()``d per rule): about 1 ms a rule here, a quarter of a second for a vendor's 200-odd routes
at every `serve` start, for builders the emulator never calls (it builds no URL with ``url_for``). Here
each builder is compiled at its first use instead, by Werkzeug's own code, so a built URL is the same.
"""

from __future__ import annotations

from werkzeug.routing import Rule


class LazyBuilderRule(Rule):
    def _compile_builder(self, append_unknown: bool = True):
        compiled = None

        def build(rule, *args, **kwargs):
            nonlocal compiled
            if compiled is None:
                compiled = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            return compiled(*args, **kwargs)

        return build


def use_lazy_builders() -> None:
    """Every Flask app made after this call (in this process) uses :class:`LazyBuilderRule`; nothing
    changes where Werkzeug has no ``Rule._compile_builder`` to defer."""
    from flask import Flask

    if hasattr(Rule, "_compile_builder") and Flask.url_rule_class is Rule:
        Flask.url_rule_class = LazyBuilderRule
