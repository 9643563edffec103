# A simulated DUT's behaviour, read from a model (plain data) — MicroPython and CPython alike.
#
# The firmware cannot import the station, and MicroPython has no TOML parser, so the station parses
# a product's `sim_dut.toml` and hands the firmware the result as JSON (host_main.py --models FILE:
# {"models": {product: model}, "default": product}). This module only interprets that data; the
# format is documented in docs/authoring.md ("Modelling a simulated DUT") and validated on the
# station side (station/sim/dut_model.py), so here a model is trusted to be well formed.
#
# A model may carry `behaviour_source`: Python source defining `class Behaviour` for what data
# cannot say. It is executed here (on the board or the host), never imported by the station.

GENERIC = {
    # What a DUT is when nobody said which product it is: rails and a current draw, a console that
    # knows no commands. Used by bare Hal() in unit tests of the protocol core.
    "product": "generic",
    "boot_ms": 20,
    "latency_ms": 1,
    "mac_prefix": "0c:2a:69",
    "device_id_prefix": "30000c2a69",
    "rails": [["VBUS", 5.0], ["3V3", 3.3], ["1V8", 1.8]],
    "rail_trim_sigma": 0.004,
    "rail_noise": 0.001,
    "current": {"off": [0.0, 0.05], "booting": [48.0, 1.5], "idle": [42.0, 1.5]},
    "state": {},
    "adds": [],
    "loads": [],
    "commands": {},
    "faults": {},
}


def condition_holds(cond, state):
    """`cond` is [] (always) or [var, op, value] with op '=' or '!='; values compare as text."""
    if not cond:
        return True
    var, op, value = cond
    current = str(state.get(var, ""))
    if op == "=":
        return current == value
    return current != value


def format_value(fmt, value):
    if fmt == "int":
        return str(int(value))
    return fmt % value


def load_behaviour(model):
    """The model's Behaviour class, or None: its source is executed once per model."""
    source = model.get("behaviour_source")
    if not source:
        return None
    cached = model.get("_behaviour_class")
    if cached is not None:
        return cached
    namespace = {}
    exec(source, namespace)
    cls = namespace.get("Behaviour")
    if cls is None:
        raise ValueError("model %s: behaviour source defines no class Behaviour" % model.get("product"))
    model["_behaviour_class"] = cls
    return cls


def fault_effects(model, faults):
    """Merge the generic faults (rail_x=V, uart_silent, brownout, overcurrent, dead_led) and the model's named
    faults that are active into one effect table."""
    effects = {"rails": {}, "replies": {}, "pins": {}, "uart_silent": False, "brownout": False, "overcurrent": None,
               "dead_led": False}
    named = model.get("faults", {})
    for name in faults:
        value = faults[name]
        if name.startswith("rail_"):
            effects["rails"][name[5:].upper()] = value
        elif name == "uart_silent":
            effects["uart_silent"] = True
        elif name == "brownout":
            effects["brownout"] = True
        elif name == "dead_led":
            effects["dead_led"] = True
        elif name == "overcurrent":
            effects["overcurrent"] = 900.0 if value is True else value
        elif name in named:
            fault = named[name]
            for rail in fault.get("rails", {}):
                effects["rails"][rail.upper()] = fault["rails"][rail]
            for verb in fault.get("replies", {}):
                effects["replies"][verb] = fault["replies"][verb]
            for var in fault.get("pins", {}):
                effects["pins"][var] = fault["pins"][var]
            if fault.get("uart_silent"):
                effects["uart_silent"] = True
            if fault.get("current_ma") is not None:
                effects["overcurrent"] = fault["current_ma"]
            if fault.get("dead_led"):
                effects["dead_led"] = True
    return effects
