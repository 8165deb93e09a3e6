"""Tenants, and the registry that finds one from a request's credentials.

A tenant owns its state, its event bus, its rate limiter, its lock and its snapshots. State is
replaced whole (reset, restore, import, reseed) under the tenant's lock, so a request sees either the
old state or the new one, never a half-cleared store. Reset is the exception: under the same lock the
state undoes what changed since it was seeded, so it costs what the test changed, not the tenant's size.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
import time
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Callable

from ..config import ConfigError, TenantConfig
from . import imports
from .clock import Clock
from .events import Event, EventBus
from .memo import ObservedDict, unseen
from .ratelimit import RateLimiter
from .seeding import Seeder
from .store import State

if TYPE_CHECKING:
    from .persist import Restored, TenantLog
    from .vendor import Vendor


class Tenant:
    def __init__(self, vendor: "Vendor", config: TenantConfig, clock: Clock, global_seed: int,
                 services: Any = None, restored: "Restored | None" = None) -> None:
        self.vendor = vendor
        self.config = config
        self.clock = clock
        self.services = services  # the Emulator (journal, deliveries...) for subscribers that need it
        self.lock = threading.RLock()
        self.bus = EventBus()
        self.global_seed = global_seed
        self.switches = ObservedDict(resolve_switches(vendor, config))  # a change drops kept answers (core/memo.py)
        config.settings = ObservedDict(config.settings or {})
        for key, allowed in vendor.config_choices.items():  # a tenant made over the control API too
            if getattr(config, key, None) not in (None, *allowed):
                raise ConfigError(f"{key} = {getattr(config, key)!r}: allowed {', '.join(map(str, allowed))}")
        plan = config.plan or vendor.default_plan
        if plan != "unlimited" and plan not in vendor.plans:
            raise ConfigError(f"{vendor.name} has no plan {plan!r}; plans: {sorted(vendor.plans)} or 'unlimited'")
        self.plan = plan
        self.limiter = RateLimiter([] if plan == "unlimited" else vendor.plans[plan], clock)
        self.snapshots: dict[str, bytes] = {}
        self._baseline_chunks: list[bytes] | None = []
        self._read_baseline: Callable[[], list[bytes]] | None = None
        self._spare: Future | None = None  # a state dropped by a whole rebuild, being freed in the background
        self._configured = (config.seed, dict(config.sizes or {}))
        #: runtime tweaks (e.g. a webhook retry policy set through a control route) live in
        #: config.settings; every reset puts the configured ones back
        self._configured_settings = copy.deepcopy(config.settings or {})
        #: serialises whole-state operations (reset, reseed, restore, import) with one another
        self._admin = threading.RLock()
        #: with a data dir, what stores this tenant's writes and whole-state swaps (core.persist)
        self.persist: "TenantLog | None" = None
        if restored is None:
            self.state: State = self._seed_state(config.seed if config.seed is not None else global_seed,
                                                 config.sizes)
        else:  # read back from a data dir: no seeding; resets go back to what it was declared with
            self._configured = (restored.declared.seed, dict(restored.declared.sizes or {}))
            self._configured_settings = copy.deepcopy(restored.declared.settings or {})
            self.state = restored.state
            self._baseline_chunks, self._read_baseline = None, restored.baseline
            self.snapshots = dict(restored.snapshots)
        if vendor.subscribe:
            vendor.subscribe(self)

    @property
    def name(self) -> str:
        return self.config.name

    def declared(self) -> TenantConfig:
        """The config as declared or created: before any reseed or runtime setting."""
        seed, sizes = self._configured
        return dataclasses.replace(self.config, seed=seed, sizes=dict(sizes),
                                   settings=copy.deepcopy(self._configured_settings))

    @property
    def _baseline(self) -> list[bytes]:
        """The seeded baseline as small pickles (what a reset rebuilds the state from). A tenant read back
        from a data dir reads it on first use (its first reset, which rebuilds the state anyway), not at
        start-up: tens of MB a 100,000-user tenant would otherwise hold from start-up on."""
        chunks = self._baseline_chunks
        if chunks is None:
            chunks = self._baseline_chunks = self._read_baseline()
        return chunks

    @_baseline.setter
    def _baseline(self, chunks: list[bytes]) -> None:
        self._baseline_chunks = chunks

    def switch(self, name: str) -> Any:
        return self.switches[name]

    def publish(self, type_: str, **data: Any) -> None:
        self.bus.publish(Event(type_, data, self.clock.now()))

    # whole-state operations
    def _seed_state(self, seed: int, sizes: dict[str, int]) -> State:
        state = self.vendor.state_class()
        merged = {**self.vendor.default_sizes, **(sizes or {})}
        self.vendor.seed(state, Seeder(seed, self.vendor.name, self.config.name), merged, self.config)
        self._baseline = state.dumps_chunks()
        state.record()  # a reset undoes what changed since (decision 002)
        return state

    def wait_spare(self, timeout: float | None = None) -> None:
        """Block until a state dropped by a whole rebuild is freed (benchmarks; tests never need it)."""
        if self._spare is not None:
            self._spare.exception(timeout)

    def reset(self) -> None:
        """Back to the seeded baseline, atomically; rate windows start afresh.

        The state undoes what changed since it was seeded (or last rebuilt), in O(changes): a reset after a
        test that only read does no state work. A state that cannot undo (read back from a data dir, after
        a restore or import, or one whose log gave up after too many writes) is rebuilt whole from the
        baseline, once: the rebuilt state records, so the resets after it undo again.
        """
        with self._admin:
            with self.lock:
                if self.state.undo():
                    self._after_reset()
                    return
            spare = self.vendor.state_class.loads_chunks(self._baseline)
            spare.record()
            with self.lock:
                old, self.state = self.state, spare
                self._after_reset()
            self._discard(old)  # freed in the background, a batch at a time
            del old

    def _after_reset(self) -> None:  # under the lock
        self.limiter.reset()
        if self.config.settings != self._configured_settings:
            self.config.settings = ObservedDict(copy.deepcopy(self._configured_settings))
        self._stored("reset")

    def _discard(self, old: State) -> None:
        """Free a state dropped by a whole-state swap in a background thread, a batch at a time: dropping
        the last reference to a big state at once holds the GIL for as long as freeing every row takes."""
        future: Future = Future()

        def free() -> None:
            nonlocal old
            try:
                with unseen():  # a state no request sees any more: its clearing leaves kept answers good
                    old.discard(pause=_yield_gil)
            finally:
                del old
                future.set_result(None)

        self._spare = future
        threading.Thread(target=free, daemon=True, name=f"discard-{self.name}").start()

    def reset_to_configured(self) -> None:
        """Back to the seed and sizes the tenant was created with (undoing any reseed), snapshots gone."""
        with self._admin:
            seed, sizes = self._configured
            if (self.config.seed, self.config.sizes) != (seed, sizes):
                self.config.seed, self.config.sizes = seed, dict(sizes)
                self.reseed()
                self.config.settings = ObservedDict(copy.deepcopy(self._configured_settings))
            else:
                self.reset()
            with self.lock:
                if self.snapshots:
                    self.snapshots.clear()
                    self._stored_snapshots()
                if self.persist is not None:
                    self.persist.config_changed()

    def reseed(self, seed: int | None = None, sizes: dict[str, int] | None = None) -> None:
        with self._admin:
            if seed is not None:
                self.config.seed = seed
            if sizes is not None:
                self.config.sizes = {**self.config.sizes, **sizes}
            state = self._seed_state(self.config.seed if self.config.seed is not None else self.global_seed,
                                     self.config.sizes)
            with self.lock:
                self.state = state
                self.limiter.reset()
                self._stored("reseed")

    def snapshot(self, name: str) -> None:
        with self.lock:
            self.snapshots[name] = self.state.dumps()
            self._stored_snapshots()

    def drop_snapshot(self, name: str) -> bool:
        """Delete a snapshot; False when there is none by that name."""
        with self.lock:
            if self.snapshots.pop(name, None) is None:
                return False
            self._stored_snapshots()
            return True

    def restore(self, name: str) -> None:
        with self._admin:
            state = State.loads(self.snapshots[name])
            with self.lock:
                self.state = state
                self._stored("restore", name)

    def export(self) -> dict:
        with self.lock:
            return self.state.export()

    def import_(self, data: dict) -> None:
        with self._admin:
            template = {**self.vendor.state_class.meta_defaults, **self.state.meta}
            imports.check(data, template)  # nothing a later read cannot serve (ValueError)
            state = self.vendor.state_class.from_export(data)  # raises ValueError; old state untouched
            with self.lock:
                self.state = state
                self._stored("import")

    # with a data dir: the swap just made (under the lock), stored in one transaction before it is answered
    def _stored(self, how: str, snapshot: str | None = None) -> None:
        if self.persist is not None:
            self.persist.swapped(how, snapshot)

    def _stored_snapshots(self) -> None:
        if self.persist is not None:
            self.persist.snapshots_changed()


def _yield_gil() -> None:
    time.sleep(0)


def resolve_switches(vendor: "Vendor", config: TenantConfig) -> dict[str, Any]:
    values = {name: sw.default for name, sw in vendor.switches.items()}
    for name, value in (config.switches or {}).items():
        if name not in vendor.switches:
            raise ConfigError(f"{vendor.name} has no switch {name!r}; switches: {sorted(vendor.switches)}")
        choices = vendor.switches[name].choices
        if choices is not None and value not in choices:
            raise ConfigError(f"switch {name!r} takes one of {list(choices)}, not {value!r}")
        values[name] = value
    return values


class Tenants:
    """A vendor's tenants by name, with credential indexes for authentication."""

    def __init__(self) -> None:
        self._by_name: dict[str, Tenant] = {}
        self._lock = threading.Lock()

    def add(self, tenant: Tenant) -> Tenant:
        with self._lock:
            if tenant.name in self._by_name:
                raise ConfigError(f"tenant {tenant.name!r} exists already")
            for other in self._by_name.values():
                for key in ("api_key", "scim_token"):
                    mine = getattr(tenant.config, key)
                    if mine and mine == getattr(other.config, key):
                        raise ConfigError(f"tenant {tenant.name!r} reuses the {key} of {other.name!r}")
            self._by_name[tenant.name] = tenant
        return tenant

    def __iter__(self):
        return iter(list(self._by_name.values()))

    def remove(self, name: str) -> None:
        with self._lock:
            self._by_name.pop(name, None)

    def __len__(self) -> int:
        return len(self._by_name)

    def get(self, name: str) -> Tenant | None:
        return self._by_name.get(name)

    def first(self) -> Tenant | None:
        return next(iter(self._by_name.values()), None)

    def find(self, **match: Any) -> Tenant | None:
        """The tenant whose config fields equal every given value (e.g. ``api_key=...``)."""
        for tenant in self._by_name.values():
            if all(value is not None and getattr(tenant.config, key) == value for key, value in match.items()):
                return tenant
        return None
