"""A product's simulated DUT, described beside its script in ``sim_dut.toml`` (and ``sim_dut.py``).

The fixture firmware simulates the DUT, and the firmware can import neither the station nor a TOML
parser (it runs on MicroPython too). So the station reads and validates the TOML here, once, and
hands the firmware the result as JSON (:meth:`DutModel.wire`, written to a file the host runner
loads with ``--models``); ``fixture_firmware/sim_model.py`` interprets it. Behaviour that data
cannot say goes in a small Python class (``behaviour = "sim_dut.py"``), whose *source* travels in the
same JSON and runs inside the firmware, so it must be MicroPython-compatible plain Python.

The format is documented in docs/authoring.md, "Modelling a simulated DUT". A mistake names the
file and the line, like a limits file.
"""

from __future__ import annotations

import functools
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station.errors import InputError
from station.tomlfile import locate, read_toml

MODEL_FILE = "sim_dut.toml"
DUT_TESTS = Path(__file__).resolve().parents[2] / "dut_tests"
FIXTURE_RAILS = ("VBUS", "3V3", "1V8")  # what the fixture's ADC can read on a slot
RELAYS = range(1, 9)  # the fixture's relays
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_VERB = re.compile(r"^[A-Z][A-Z0-9_]*$")
_TOP = {"product", "firmware", "boot_ms", "latency_ms", "mac_prefix", "device_id_prefix", "rails", "rail_trim_sigma",
        "rail_noise", "current", "state", "current_adds", "loads", "commands", "faults", "behaviour", "operator"}
_COMMAND = {"reply", "value", "format", "unit", "state", "values", "range", "noun", "delay_ms", "busy_ms", "busy_ma"}
_FAULT = {"title", "one_in", "rails", "replies", "uart_silent", "current_ma", "dead_led", "pins"}


@dataclass(frozen=True, slots=True)
class ModelFault:
    """A named fault of the product, drawn by the simulated population at one unit in ``one_in``."""

    name: str
    title: str
    one_in: int
    dead_led: bool = False  # the status LED never lights: only the camera (station side) sees it

    @property
    def rate(self) -> float:
        """The share of the population built with it (0: only given by hand, --sim-faults)."""
        return 1.0 / self.one_in if self.one_in else 0.0


@dataclass(frozen=True, slots=True)
class DutModel:
    """One product's simulated DUT: the validated model and where it came from."""

    product: str
    path: Path
    data: dict[str, Any]  # the firmware's form (sim_model.py), JSON-ready
    faults: tuple[ModelFault, ...]
    operator_answers: dict[str, Any]  # how the simulated operator answers this product's prompts

    def wire(self) -> dict[str, Any]:
        """The model as the firmware reads it."""
        return self.data

    def fault(self, name: str) -> ModelFault | None:
        return next((f for f in self.faults if f.name == name), None)

    def unit_fault(self, serial: str) -> ModelFault | None:
        """The fault this unit was built with, if any: deterministic by serial number, so a demo, a
        test and a bug report all see the same unit behave the same way."""
        h = zlib.crc32(serial.encode())
        for index, fault in enumerate(f for f in self.faults if f.one_in):
            if (h >> (index * 8)) % fault.one_in == 0:
                return fault
        return None


def model_path(script_path: str | Path) -> Path:
    """Where a script's simulated DUT model lives: ``sim_dut.toml`` in the script's folder."""
    return Path(script_path).resolve().parent / MODEL_FILE


def model_for_script(script_path: str | Path, product: str) -> DutModel:
    """The model of the script's product: ``sim_dut.toml`` beside the script, else the product's
    model among the example products in dut_tests/ (a second script of a known product needs no
    copy); a clear error naming the file to write when there is none."""
    path = model_path(script_path)
    if not path.is_file() and product in _known_products():
        return load_dut_model(_known_products()[product])
    if not path.is_file():
        raise InputError(
            f"no simulated DUT for product {product!r}: write {path} (how: docs/authoring.md, "
            "'Modelling a simulated DUT'; `station new-script` scaffolds one)"
        )
    model = load_dut_model(path)
    if model.product != product:
        raise InputError(f"the model is of product {model.product!r}, the script tests {product!r}", path=str(path))
    return model


@functools.cache
def _known_products() -> dict[str, Path]:
    """{product: model file} of the products in dut_tests/."""
    found: dict[str, Path] = {}
    for candidate in sorted(DUT_TESTS.glob(f"*/{MODEL_FILE}")):
        try:
            found.setdefault(load_dut_model(candidate).product, candidate)
        except InputError:
            continue  # a broken model is reported when its own script runs
    return found


@functools.cache
def example_model() -> DutModel:
    """The imp-sensor's model: the simulated fixture's DUT when nobody names a product."""
    return load_dut_model(DUT_TESTS / "imp_sensor" / MODEL_FILE)


def load_dut_model(path: str | Path) -> DutModel:
    """Read and validate a ``sim_dut.toml``."""
    path = Path(path)
    data, text, _raw = read_toml(path, "simulated DUT model")
    return _Parser(path, text).parse(data)


class _Parser:
    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, message: str, *where: str) -> InputError:
        return InputError(message, path=str(self.path), line=locate(self.text, *where) if where else None)

    def number(self, value: Any, what: str, *where: str, low: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{what} must be a number, not {value!r}", *where)
        if low is not None and value < low:
            raise self.fail(f"{what} must be at least {low:g}, not {value!r}", *where)
        return float(value)

    def table(self, value: Any, what: str, *where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{what} must be a table", *where)
        return value

    def unknown(self, table: dict[str, Any], allowed: set[str], what: str, *where: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(f"{what}: unknown field(s) {extra} (allowed: {', '.join(sorted(allowed))})", *where)

    def condition(self, text: Any, *where: str) -> list[str]:
        """``"output=ON"`` or ``"led!=OFF"`` → [var, op, value]; empty text: always."""
        if text in (None, ""):
            return []
        if not isinstance(text, str):
            raise self.fail(f"when must be text like \"led!=OFF\", not {text!r}", *where)
        match = re.fullmatch(r"\s*([a-z][a-z0-9_]*)\s*(!=|=)\s*(\S+)\s*", text)
        if not match:
            raise self.fail(f"when {text!r}: write variable=VALUE or variable!=VALUE", *where)
        return [match.group(1), match.group(2), match.group(3)]

    def parse(self, raw: dict[str, Any]) -> DutModel:
        self.unknown(raw, _TOP, "model")
        product = raw.get("product")
        if not isinstance(product, str) or not product:
            raise self.fail("the model needs product = \"<the script's product>\"")
        out: dict[str, Any] = {
            "product": product,
            "boot_ms": int(self.number(raw.get("boot_ms", 20), "boot_ms", "boot_ms", low=0)),
            "latency_ms": int(self.number(raw.get("latency_ms", 1), "latency_ms", "latency_ms", low=0)),
            "mac_prefix": str(raw.get("mac_prefix", "0c:2a:69")),
            "device_id_prefix": str(raw.get("device_id_prefix", "30000c2a69")),
            "rail_trim_sigma": self.number(raw.get("rail_trim_sigma", 0.004), "rail_trim_sigma", low=0),
            "rail_noise": self.number(raw.get("rail_noise", 0.001), "rail_noise", low=0),
        }
        if not re.fullmatch(r"([0-9a-f]{2}:){2}[0-9a-f]{2}", out["mac_prefix"]):
            raise self.fail("mac_prefix must be three hex bytes like \"0c:2a:69\"", "mac_prefix")
        if not re.fullmatch(r"[0-9a-f]{10}|[0-9a-f]{18}", out["device_id_prefix"]):
            raise self.fail("device_id_prefix must be 10 hex digits (16-digit IDs, e.g. an imp's) or 18 (24-digit "
                            "IDs, e.g. a Particle device's)", "device_id_prefix")
        rails = self.table(raw.get("rails", {}), "[rails]", "rails")
        for rail in rails:
            if rail not in FIXTURE_RAILS:
                raise self.fail(f"rail {rail!r}: the fixture reads {', '.join(FIXTURE_RAILS)}", "rails")
        out["rails"] = [[r, self.number(rails[r], f"rail {r}", "rails", low=0)] for r in FIXTURE_RAILS if r in rails]
        out["current"] = self.currents(raw.get("current", {}))
        state = self.table(raw.get("state", {}), "[state]", "state")
        for name, value in state.items():
            if not _NAME.match(name) or not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise self.fail(f"state {name!r}: a lower-case name with a text or number value", "state")
        out["state"] = {k: str(v) for k, v in state.items()}
        out["adds"] = [self.adder(i, a) for i, a in enumerate(self.array(raw, "current_adds"))]
        out["loads"] = [self.load(i, a) for i, a in enumerate(self.array(raw, "loads"))]
        commands = self.table(raw.get("commands", {}), "[commands]", "commands")
        firmware = raw.get("firmware")
        if firmware is not None and "VERSION" not in commands:
            commands = {"VERSION": {"reply": str(firmware)}, **commands}
        out["commands"] = {verb: self.command(verb, spec, out["state"]) for verb, spec in commands.items()}
        faults, out["faults"] = self.faults(raw.get("faults", {}), out["commands"], out["state"])
        behaviour = raw.get("behaviour")
        if behaviour is not None:
            source_path = self.path.parent / str(behaviour)
            try:
                source = source_path.read_text(encoding="utf-8")
                compile(source, str(source_path), "exec")
            except OSError as exc:
                raise self.fail(f"behaviour file {source_path}: {exc.strerror}", "behaviour") from None
            except SyntaxError as exc:
                raise InputError(f"syntax error: {exc.msg}", path=str(source_path), line=exc.lineno) from None
            if not re.search(r"^class Behaviour\b", source, re.M):
                raise InputError("defines no class Behaviour", path=str(source_path))
            out["behaviour_source"] = source
        answers = self.table(raw.get("operator", {}), "[operator]", "operator")
        json.dumps(out)  # the firmware reads JSON: everything above must be plain data
        return DutModel(product=product, path=self.path, data=out, faults=faults, operator_answers=dict(answers))

    def array(self, raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{key} must be an array of tables ([[{key}]])", key)
        return value

    def currents(self, raw: Any) -> dict[str, list[float]]:
        table = self.table(raw, "[current]", "current")
        self.unknown(table, {"off", "booting", "idle"}, "[current]", "current")
        defaults = {"off": [0.0, 0.05], "booting": [48.0, 1.5], "idle": [42.0, 1.5]}
        out: dict[str, list[float]] = {}
        for state, default in defaults.items():
            spec = table.get(state)
            if spec is None:
                out[state] = default
                continue
            spec = self.table(spec, f"current.{state}", "current", state)
            self.unknown(spec, {"mean", "sigma"}, f"current.{state}", "current", state)
            out[state] = [self.number(spec.get("mean"), f"current.{state}.mean", "current", state),
                          self.number(spec.get("sigma", 0.0), f"current.{state}.sigma", "current", state, low=0)]
        if "idle" in table and "booting" not in table:
            out["booting"] = out["idle"]
        return out

    def adder(self, index: int, spec: dict[str, Any]) -> dict[str, Any]:
        self.unknown(spec, {"when", "ma"}, f"current_adds[{index}]", "current_adds")
        return {"when": self.condition(spec.get("when"), "current_adds"),
                "ma": self.number(spec.get("ma"), f"current_adds[{index}].ma", "current_adds")}

    def load(self, index: int, spec: dict[str, Any]) -> dict[str, Any]:
        self.unknown(spec, {"relay", "when", "ma", "scale"}, f"loads[{index}]", "loads")
        relay = spec.get("relay")
        if relay != "slot" and (not isinstance(relay, int) or isinstance(relay, bool) or relay not in RELAYS):
            raise self.fail(f"loads[{index}].relay must be a fixture relay 1-8 or \"slot\" (the relay numbered "
                            f"like the DUT's slot), not {relay!r}", "loads")
        out = {"relay": relay, "when": self.condition(spec.get("when"), "loads"),
               "ma": self.number(spec.get("ma"), f"loads[{index}].ma", "loads", low=0)}
        if spec.get("scale") is not None:
            if not isinstance(spec["scale"], str) or not _NAME.match(spec["scale"]):
                raise self.fail(f"loads[{index}].scale names a state variable (percent)", "loads")
            out["scale"] = spec["scale"]
        return out

    def command(self, verb: str, spec: Any, state: dict[str, str]) -> dict[str, Any]:
        if not _VERB.match(verb):
            raise self.fail(f"command {verb!r}: upper-case letters, digits and _ only", "commands", verb)
        spec = self.table(spec, f"commands.{verb}", "commands", verb)
        self.unknown(spec, _COMMAND, f"commands.{verb}", "commands", verb)
        out: dict[str, Any] = {}
        if "reply" in spec and "value" in spec:
            raise self.fail(f"commands.{verb}: a fixed reply or a drawn value, not both", "commands", verb)
        if "reply" in spec:
            out["reply"] = str(spec["reply"])
        if "value" in spec:
            value = self.table(spec["value"], f"commands.{verb}.value", "commands", verb)
            self.unknown(value, {"mean", "sigma", "from", "scale", "offset"}, f"commands.{verb}.value",
                         "commands", verb)
            drawn: dict[str, Any] = {"sigma": self.number(value.get("sigma", 0.0), "sigma", "commands", verb, low=0)}
            if "from" in value:
                source = value["from"]
                if source != "load_ma" and source not in state:
                    raise self.fail(f"commands.{verb}.value.from: 'load_ma' or a [state] variable, not {source!r}",
                                    "commands", verb)
                drawn["from"] = source
                drawn["scale"] = self.number(value.get("scale", 1.0), "scale", "commands", verb)
                drawn["offset"] = self.number(value.get("offset", 0.0), "offset", "commands", verb)
            else:
                drawn["mean"] = self.number(value.get("mean"), f"commands.{verb}.value.mean", "commands", verb)
            out["value"] = drawn
            fmt = spec.get("format", "%g")
            if fmt != "int":
                try:
                    str(fmt) % 1.5
                except (TypeError, ValueError):
                    raise self.fail(f"commands.{verb}.format {fmt!r}: \"int\" or a %-format like \"%.2f\"",
                                    "commands", verb) from None
            out["format"] = str(fmt)
            if "unit" in spec:  # what the drawn value means; the console sends bare numbers, as real firmware does
                if not isinstance(spec["unit"], str):
                    raise self.fail(f"commands.{verb}.unit must be text like \"dBm\"", "commands", verb)
                out["unit"] = spec["unit"]
        if "state" in spec:
            var = spec["state"]
            if var not in state:
                raise self.fail(f"commands.{verb}.state {var!r} is not declared in [state]", "commands", verb)
            out["state"] = var
            if "values" in spec:
                values = spec["values"]
                if not isinstance(values, list) or not values:
                    raise self.fail(f"commands.{verb}.values must be a list of accepted arguments", "commands", verb)
                out["values"] = [str(v).upper() for v in values]
            if "range" in spec:
                span = spec["range"]
                if not isinstance(span, list) or len(span) != 2:
                    raise self.fail(f"commands.{verb}.range must be [low, high]", "commands", verb)
                out["range"] = [self.number(span[0], "range", "commands", verb),
                                self.number(span[1], "range", "commands", verb)]
            if "noun" in spec:
                out["noun"] = str(spec["noun"])
            if "value" not in out:
                out.setdefault("reply", "{" + var + "}")
        for key in ("delay_ms", "busy_ms"):
            if key in spec:
                out[key] = int(self.number(spec[key], f"commands.{verb}.{key}", "commands", verb, low=0))
        if "busy_ma" in spec:
            out["busy_ma"] = self.number(spec["busy_ma"], f"commands.{verb}.busy_ma", "commands", verb)
        return out

    def faults(self, raw: Any, commands: dict[str, Any], state: dict[str, str],
               ) -> tuple[tuple[ModelFault, ...], dict[str, Any]]:
        table = self.table(raw, "[faults]", "faults")
        typed: list[ModelFault] = []
        wire: dict[str, Any] = {}
        for name, spec in table.items():
            if not _NAME.match(name):
                raise self.fail(f"fault {name!r}: lower-case letters, digits and _ only", "faults", name)
            spec = self.table(spec, f"faults.{name}", "faults", name)
            self.unknown(spec, _FAULT, f"faults.{name}", "faults", name)
            one_in = spec.get("one_in", 0)
            if isinstance(one_in, bool) or not isinstance(one_in, int) or one_in < 0:
                raise self.fail(f"faults.{name}.one_in must be a whole number ≥ 0 (0: never drawn)", "faults", name)
            effect: dict[str, Any] = {}
            rails = self.table(spec.get("rails", {}), f"faults.{name}.rails", "faults", name)
            for rail, volts in rails.items():
                if rail not in FIXTURE_RAILS:
                    raise self.fail(f"faults.{name}.rails: {rail!r} is not a fixture rail", "faults", name)
                effect.setdefault("rails", {})[rail] = self.number(volts, f"rail {rail}", "faults", name)
            replies = self.table(spec.get("replies", {}), f"faults.{name}.replies", "faults", name)
            for verb, reply in replies.items():
                if verb not in commands:
                    raise self.fail(f"faults.{name}.replies: the model has no command {verb!r}", "faults", name)
                effect.setdefault("replies", {})[verb] = str(reply)
            pins = self.table(spec.get("pins", {}), f"faults.{name}.pins", "faults", name)
            for var, value in pins.items():
                if var not in state:
                    raise self.fail(f"faults.{name}.pins: {var!r} is not declared in [state]", "faults", name)
                effect.setdefault("pins", {})[var] = str(value).upper() if isinstance(value, str) else str(value)
            if spec.get("uart_silent"):
                effect["uart_silent"] = True
            if "current_ma" in spec:
                effect["current_ma"] = self.number(spec["current_ma"], "current_ma", "faults", name, low=0)
            dead_led = bool(spec.get("dead_led", False))
            if dead_led:  # the firmware's camera view (SIM LIGHT) keeps the LED dark
                effect["dead_led"] = True
            if not effect and not dead_led:
                raise self.fail(f"faults.{name} changes nothing (give rails, replies, pins, uart_silent, "
                                "current_ma or dead_led)", "faults", name)
            wire[name] = effect
            typed.append(ModelFault(name, str(spec.get("title", name.replace("_", " "))), one_in, dead_led))
        return tuple(typed), wire


def models_file(models: list[DutModel], folder: Path, default: str | None = None) -> Path:
    """Write the firmware's ``--models`` JSON for these products into ``folder``; the first is the default."""
    if not models:
        raise InputError("no simulated DUT model given")
    by_product = {m.product: m.wire() for m in models}
    path = folder / "dut_models.json"
    path.write_text(json.dumps({"models": by_product, "default": default or models[0].product}), encoding="utf-8")
    return path
