"""Purchases, promo codes and training-credit codes: what buying or redeeming something enrolls.

- fulfilling a purchase (``POST /v1/purchases/{id}/fulfill`` with ``state: SUCCESS``) enrolls its user in
  what its offer sells and publishes ``PURCHASE_FULFILLMENT``; FAILED or CANCELLED only change its state;
- redeeming a promo code (control API) makes a free purchase of each offer of the code's pool, counts a
  use, and enrolls; a code at ``max_uses`` or inactive is refused;
- redeeming a training-credit code spends one credit per offer (its ``price_credits``, 1 when unset).
"""

from __future__ import annotations

from typing import Any

from ..errors import FieldErrors
from ..models import Record, User
from .base import OpsBase


class CommerceOps(OpsBase):
    def fulfil_purchase(self, purchase: Record, state: str, **details: Any) -> Record:
        user = self.state.users.get((purchase.data.get("user") or {}).get("id", ""))
        was = purchase.data.get("state")
        self.update_record(purchase, {"state": state, **details})
        if state == "SUCCESS" and was != "SUCCESS" and user is not None:
            offer = self.state.records.get(purchase.data.get("offer_id", ""))
            enrollment_id = self.grant_offer(offer, user) if offer is not None else None
            self.publish("PURCHASE_FULFILLMENT", user_id=user.id, enrollment_id=enrollment_id,
                         purchase_id=purchase.id)
        return purchase

    def grant_offer(self, offer: Record, user: User) -> str | None:
        """Enroll ``user`` in what ``offer`` sells (a published course, path or plan), making them a
        member of its domain first when they are not (assumption, docs/skilljar.md); the course
        enrollment's id, if any."""
        st = self.state
        data = offer.data
        published = st.published_courses.get(data.get("published_course_id") or "")
        path = st.published_paths.get(data.get("published_path_id") or "")
        plan = st.plans.get(data.get("plan_id") or "")
        target = published or path or plan
        if target is None:
            return None
        domain = st.domain(target.domain_name)
        if domain is not None and st.membership(domain.name, user.id) is None:
            self.add_to_domain(domain, user.email, None, None)
        if published is not None:
            return self.enroll(published, user)[0].id
        if path is not None:
            self.enroll_path(path, user)
        elif plan is not None:
            self.enroll_plan(plan, user)
        return None

    def _buy(self, user: User, offer: Record, promo: Record | None, price: int) -> Record:
        data = {"user": {"id": user.id}, "state": "CREATED", "purchased_at": self.now(), "payment_processor": "NONE",
                "order_id": self.state.new_id()[:8].upper(), "price_cents": price, "quantity": 1,
                "offer_id": offer.id, "offer_sku": offer.data.get("sku", ""),
                "offer_price_cents": offer.data.get("price_cents"), "currency_code": "USD",
                "promo_code": promo.data.get("code", "") if promo else "", "promo_code_quantity": 1 if promo else 0}
        return self.create_record("/v1/purchases", "/v1/purchases|", data, [user.id])

    def redeem_promo_code(self, code: Record, user: User) -> list[Record]:
        data = code.data
        if not data.get("active", True) or data.get("use_count", 0) >= data.get("max_uses", 0):
            raise FieldErrors({"code": ["This promo code is no longer valid."]})
        pool = self.state.records.get(data.get("promo_code_pool_id", ""))
        links = self.state.records_in(f"/v1/promo-code-pools/{{}}/offers|{pool.id}") if pool else []
        offers = [self.state.records.get(link.key) for link in links]
        self.update_record(code, {"use_count": data.get("use_count", 0) + 1})
        bought = []
        for offer in [o for o in offers if o is not None]:
            price = offer.data.get("price_cents", 0) or 0
            if pool is not None and pool.data.get("discount_type") == "PERCENT_OFF":
                price = price * (100 - (pool.data.get("percent_off") or 0)) // 100
            elif pool is not None and pool.data.get("discount_type") == "PRICE_OVERRIDE" \
                    and pool.data.get("price_cents") is not None:
                price = pool.data["price_cents"]
            bought.append(self.fulfil_purchase(self._buy(user, offer, code, price), "SUCCESS"))
        return bought

    def redeem_training_credits(self, code: Record, user: User) -> list[Record]:
        data = code.data
        offers = [self.state.records.get(i) for i in data.get("offers") or []]
        if data.get("available_for_all_offers"):
            offers = list(self.state.records_of("/v1/offers"))
        offers = [o for o in offers if o is not None]
        cost = sum(o.data.get("price_credits") or 1 for o in offers)
        left = data.get("credits_total", 0) - data.get("credits_used", 0)
        if not offers or cost > left:
            raise FieldErrors({"training_credit_code": ["Not enough credits left on this code."]})
        self.update_record(code, {"credits_used": data.get("credits_used", 0) + cost})
        return [self.fulfil_purchase(self._buy(user, offer, None, 0), "SUCCESS") for offer in offers]
