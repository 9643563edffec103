"""A simulated line on each non-impCentral backend, end to end through the real flow.

The shift reconciles (every PASS imported and locked once, or registered with exactly one
activation code whose printed label decodes to that serial ID and code; nothing else in the cloud),
the banner's TargetsUpdated names the backend's zone and product, a cloud outage holds the unit and
it is done once, and the reconcile is not vacuous: a tampered cloud is reported.
"""

from __future__ import annotations

import pytest

from station.events import Event, TargetsUpdated
from station.sim.line_clouds import particle_device_id
from station.sim.shift import reconcile, run_shift
from station.sim.world import SimulatedWorld
from tests.conftest import eventually


@pytest.mark.parametrize("backend", ["particle", "libelium"])
def test_a_shift_reconciles_and_the_banner_shows_the_backend(backend: str) -> None:
    with SimulatedWorld(slots=2, backend=backend) as world:
        banners: list[TargetsUpdated] = []
        world.station.bus.subscribe(lambda e: banners.append(e) if isinstance(e, TargetsUpdated) else None)
        report = run_shift(world, 10, timeout_s=300)
        assert report.problems == [], report.problems
        assert report.outcomes.get("PASS", 0) >= 5 and report.outcomes.get("ERROR", 0) == 0
        banner = banners[0]
        assert banner.zone == "test" and banner.fixture_group_name and banner.fixture_group_name.startswith(backend)
        if backend == "particle":
            assert "31001" in banner.fixture_group_name and "firmware v7" in (banner.production_target_name or "")
            passed = next(r for r in world.station.results() if r.outcome and r.outcome.value == "PASS")
            world.particle.service.devices[particle_device_id(passed.serial)].flashes += 1  # a second OTA
            assert any("flashed 2 times" in p for p in reconcile(world))
        else:
            assert "SO-DEMO-0001" in (banner.production_target_name or "")
            world.libelium.service.register({"serial_id": "FFFFFFFFFFFFFFFF", "activation_code": _code(),
                                             "sales_order": "SO-DEMO-0001"}, None)
            assert any("FFFFFFFFFFFFFFFF" in p for p in reconcile(world))


def _code() -> str:
    from station.cloud.libelium import codes

    return codes.new_code()


@pytest.mark.parametrize("backend", ["particle", "libelium"])
def test_cloud_down_at_make_product_holds_then_done_once(backend: str) -> None:
    with SimulatedWorld(slots=1, backend=backend, population_faults=False) as world:
        events: list[Event] = []
        world.station.bus.subscribe(events.append)
        world.station.start(sync_interval_s=30.0)
        world.station.sign_in("OP-1")
        down = {"done": False}

        def outage(event: Event) -> None:  # the cloud goes down when the unit reaches the bless stage
            if getattr(event, "stage", None) == "blessing" and not down["done"]:
                down["done"] = True
                world.cloud_down(True)
        world.station.bus.subscribe(outage)
        assert world.station.scan("DEMO00901") == 1
        eventually(lambda: any(getattr(e, "stage", None) == "held" for e in events), "the unit to be held")
        world.cloud_down(False)
        eventually(lambda: bool(world.station.results()), "the unit to finish")
        [record] = world.station.results()
        assert record.outcome is not None and record.outcome.value == "PASS", record.failure_reason
        assert reconcile(world) == []


def test_particle_cloud_down_when_the_unit_is_identified_holds_then_passes() -> None:
    """The serial lookup is the first cloud call of a Particle unit: an outage there holds the unit (as
    BlinkUp's enrollment grant does on impCentral) instead of making a good unit an ERROR."""
    with SimulatedWorld(slots=1, backend="particle", population_faults=False) as world:
        events: list[Event] = []
        world.station.bus.subscribe(events.append)
        world.station.start(sync_interval_s=30.0)
        world.station.sign_in("OP-1")
        eventually(lambda: world.station.parts.sync.can_bless()[0], "the product to be synced")
        world.cloud_down(True)
        assert world.station.scan("DEMO00902") == 1
        eventually(lambda: any(getattr(e, "stage", None) == "held" and "identity" in getattr(e, "detail", "")
                               for e in events), "the unit to be held while it is identified")
        assert not world.station.results(), "held, not ended"
        world.cloud_down(False)
        eventually(lambda: bool(world.station.results()), "the unit to finish")
        [record] = world.station.results()
        assert record.outcome is not None and record.outcome.value == "PASS", record.failure_reason
        assert reconcile(world) == []
