"""Control routes over outbound deliveries (webhooks, callbacks): list and read one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, request

from ..http import json_response
from .common import found

if TYPE_CHECKING:
    from ..emulator import Emulator


def register(bp: Blueprint, emulator: "Emulator") -> None:
    """Add these routes to the control blueprint."""

    @bp.get("/deliveries")
    def deliveries():
        items = emulator.deliveries.list(tenant=request.args.get("tenant"), kind=request.args.get("kind"))
        return json_response({"count": len(items), "deliveries": [d.to_dict() for d in items]})

    @bp.get("/deliveries/<int:delivery_id>")
    def delivery(delivery_id: int):
        return found(emulator.deliveries.get(delivery_id), lambda item: item.to_dict(),
                     f"no delivery {delivery_id}")
