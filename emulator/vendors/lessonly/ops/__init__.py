"""Every state change of a Lessonly company, and the only code that writes its tables (seeding aside).

Handlers validate input first (``params``) and then call these operations, which assume valid input,
so a refused request never writes anything. The SCIM profile builds on the same operations
(``create_user``, ``update_user``, ``archive_user`` for SCIM deactivate, ``restore_user`` for
reactivate). Events published on the tenant's bus: ``user.created``, ``user.updated``,
``user.archived``, ``user.restored``, ``user.deleted``, ``assignment.created``,
``assignment.completed``.
"""

from .assignments import assign, assign_group, complete_assignment, start_assignment
from .content import set_archived, update_callback_settings, update_lesson
from .groups import create_group, delete_group, update_group
from .users import (archive_user, change_memberships, create_user, delete_user, restore_user, set_group_ids,
                    update_user)

__all__ = ["archive_user", "assign", "assign_group", "change_memberships", "complete_assignment", "create_group",
           "create_user", "delete_group", "delete_user", "restore_user", "set_archived", "set_group_ids",
           "start_assignment", "update_callback_settings", "update_group", "update_lesson", "update_user"]
