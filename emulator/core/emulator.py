"""One emulated vendor: its tenants, clock, journal, faults and deliveries, and its WSGI app."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..config import CREDENTIAL_KEYS, Config, TenantConfig
from .clock import Clock
from .deliveries import Deliveries
from .faults import Faults
from .hints import Hints
from .journal import Journal
from .targets import allowed_hosts
from .tenants import Tenant, Tenants

if TYPE_CHECKING:
    from .memo import AnswerMemo
    from .persist import Persistence, Restored
    from .vendor import Vendor


class Emulator:
    def __init__(self, vendor: "Vendor", config: Config | None = None) -> None:
        self.vendor = vendor
        self.config = config or Config()
        self.clock = Clock()
        self.journal = Journal(self.config.journal_capacity)
        self.faults = Faults()
        self.deliveries = Deliveries(now=self.clock.now_untracked, allowed_for=self._webhook_hosts)
        self.hints = Hints(vendor.hints)
        self.tenants = Tenants()
        self.base_url = ""  # set by the server once the port is known
        #: whole answers of repeated reads (core/memo.py); `serve` turns it on, where every change arrives as
        #: a request or a table write. In-process users (the pytest plugin) change state by direct calls too.
        self.memo: "AnswerMemo | None" = None
        #: with a data dir (config.data_dir), every tenant is stored and read back on start (core.persist)
        self.persist: "Persistence | None" = None
        if self.config.data_dir:
            from .persist import Persistence

            self.persist = Persistence(self.config.data_dir, vendor)
            self.persist.restore_clock(self.clock)
            self.persist.db.reading_whole(True)
        try:
            tenant_configs = self.config.tenants_for(vendor.name) or vendor.demo_tenants()
            for tenant_config in tenant_configs:
                self.add_tenant(self._with_credentials(tenant_config), origin="configured")
            self._configured_tenants = [t.name for t in self.tenants]
            if self.persist is not None:  # then the tenants the control API made, as they were
                for restored in self.persist.created(set(self._configured_tenants)):
                    self._add(restored.config, restored, "created")
                self.persist.db.reading_whole(False)
        except BaseException:
            if self.persist is not None:
                self.persist.close()
            raise
        self._app = None

    def _webhook_hosts(self, tenant_name: str) -> tuple[str, ...]:
        tenant = self.tenants.get(tenant_name)
        return allowed_hosts(tenant) if tenant is not None else ()

    def _with_credentials(self, config: TenantConfig) -> TenantConfig:
        """A configured tenant's missing credentials, generated as for one the control API creates."""
        missing = [key for key in CREDENTIAL_KEYS + self.vendor.credential_keys if getattr(config, key) is None]
        if not missing or self.vendor.new_tenant is None:
            return config
        given = {k: v for k, v in config.to_dict().items() if v is not None}
        generated = self.vendor.new_tenant(config.name, given)
        return dataclasses.replace(config, **{key: getattr(generated, key) for key in missing})

    def add_tenant(self, tenant_config: TenantConfig, origin: str = "created") -> Tenant:
        """A new tenant; a configured one comes back as stored when the data dir holds it (a tenant the
        control API creates replaces any stored tenant of that name the config no longer declares)."""
        restored = self.persist.restore(tenant_config) if self.persist and origin == "configured" else None
        return self._add(restored.config if restored else tenant_config, restored, origin)

    def _add(self, tenant_config: TenantConfig, restored: "Restored | None", origin: str) -> Tenant:
        tenant = Tenant(self.vendor, tenant_config, self.clock, self.config.seed, services=self, restored=restored)
        self.tenants.add(tenant)
        if self.persist is not None:
            try:
                self.persist.attach(tenant, restored, origin)
            except BaseException:
                self.tenants.remove(tenant.name)
                raise
        return tenant

    @property
    def app(self):
        if self._app is None:
            from .app import make_vendor_app

            self._app = make_vendor_app(self)
        return self._app

    def reset(self, pristine: bool = False) -> None:
        """Every tenant back to its seed, journal/faults/deliveries cleared, clock real again.

        ``pristine`` (the pytest plugin, between tests) also undoes what a test may have changed
        about the tenants themselves: tenants it created are removed, reseeded tenants go back to
        their configured seed and sizes, snapshots are dropped.
        """
        for tenant in self.tenants:
            if pristine and tenant.name not in self._configured_tenants:
                self.tenants.remove(tenant.name)
                if self.persist is not None:
                    self.persist.removed(tenant.name)
            elif pristine:
                tenant.reset_to_configured()
            else:
                tenant.reset()
        self.journal.clear()
        self.faults.clear()
        self.deliveries.clear()
        self.clock.reset()

    def close(self) -> None:
        self.deliveries.stop()
        if self.persist is not None:
            self.persist.close()
