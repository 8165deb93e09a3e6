"""The base of every vendor's error family.

A vendor raises its own subclass (``TalentError``, ``SkilljarError``, ``LessonlyError``) anywhere below a
route: in params, ops or handlers. Core catches it once, in the app's error handler, and hands it to the
surface that served the request (``Surface.render_error``), which turns it into the vendor's exact answer.
One place per surface, the way moto's ``call_action`` turns a service's exceptions into its responses.
"""

from __future__ import annotations


class VendorError(Exception):
    """An answer the vendor gives on purpose (a 4xx or its own error body), not a bug of the emulator."""
