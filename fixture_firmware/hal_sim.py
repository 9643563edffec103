# Simulated hardware layer: an electrical model of N DUT slots and the DUTs' factory firmware.
#
# It has the same methods as hal_rp2040.Hal, so the protocol core cannot tell it from the board.
# Values are deterministic for a seed (own PRNG: MicroPython's and CPython's `random` differ), and
# faults can be injected at start (--faults) or at run time (SIM FAULT ...). The fault grammar is
# documented in docs/fixture-protocol.md, "Simulator".

import binascii
import json

from compat import XorShift32, sleep_ms, ticks_diff, ticks_ms
from sim_model import GENERIC, condition_holds, fault_effects, format_value, load_behaviour

BUTTON_PRESS_MS = 100
FIXTURE_NOMINAL = {"VSUPPLY": 12.0, "VREF": 2.5}
SLOT_FAULTS = ("rail_vbus", "rail_3v3", "rail_1v8", "uart_silent", "brownout", "flaky",
               "overcurrent", "dead_led")
FIXTURE_FAULTS = ("selftest_fail", "vref", "vsupply")


def load_models(path):
    """({product: model}, default product) from the JSON the station wrote (host_main --models)."""
    with open(path) as f:
        data = json.load(f)
    models = data["models"]
    default = data.get("default")
    if default not in models:
        raise ValueError("models file %s: default product %r is not among %s" % (path, default, sorted(models)))
    return models, default


def named_faults(models):
    """Every named fault any loaded model defines (they are addressed like the generic ones)."""
    names = []
    for product in models:
        for name in models[product].get("faults", {}):
            if name not in names:
                names.append(name)
    return names


def parse_faults(spec, slots, named=()):
    """`slot2:rail_3v3=2.9,slot3:uart_silent,slot*:flaky=0.1,fixture:vref=2.2` ->
    ({slot: {name: value}}, {name: value}). Raises ValueError with a message a person can act on."""
    per_slot = {}
    fixture = {}
    for item in (spec or "").replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        where, sep, what = item.partition(":")
        if not sep or not what:
            raise ValueError("fault %r: expected slotN:name[=value] or fixture:name[=value]" % item)
        name, eq, raw = what.partition("=")
        name = name.strip().lower()
        value = True
        if eq:
            try:
                value = float(raw)
            except ValueError:
                raise ValueError("fault %r: value %r is not a number" % (item, raw))
        where = where.strip().lower()
        if where == "fixture":
            if name not in FIXTURE_FAULTS:
                raise ValueError("fault %r: fixture faults are %s" % (item, ", ".join(FIXTURE_FAULTS)))
            fixture[name] = value
            continue
        if not where.startswith("slot"):
            raise ValueError("fault %r: say where, e.g. slot2:%s or slot*:%s" % (item, name, name))
        if name not in SLOT_FAULTS and name not in named:
            raise ValueError("fault %r: slot faults are %s" % (item, ", ".join(list(SLOT_FAULTS) + list(named))))
        if name.startswith("rail_") and value is True:
            raise ValueError("fault %r: give the rail voltage, e.g. %s=2.9" % (item, name))
        if name == "flaky" and (value is True or not 0.0 <= value <= 1.0):
            raise ValueError("fault %r: flaky needs a probability 0-1, e.g. flaky=0.2" % item)
        which = where[4:]
        if which == "*":
            targets = range(1, slots + 1)
        elif which.isdigit() and 1 <= int(which) <= slots:
            targets = [int(which)]
        else:
            raise ValueError("fault %r: no slot %r (slots 1-%d or *)" % (item, which, slots))
        for s in targets:
            per_slot.setdefault(s, {})[name] = value
    return per_slot, fixture


def _num(value):
    """A rate as short text: 60 -> "60", 142.5 -> "142.5" (same on MicroPython and CPython)."""
    if value == int(value):
        return str(int(value))
    return "%.3f" % value


def dut_identity(dut_seed, mac_prefix="0c:2a:69", device_id_prefix="30000c2a69"):
    """(mac, device_id) of a simulated DUT; dut_seed is any string (a serial, or 'seed-slot').
    The prefixes come from the DUT's model (its vendor's OUI and device-ID family)."""
    rng = XorShift32(binascii.crc32(dut_seed.encode()) & 0xFFFFFFFF)
    a = rng.next()
    b = rng.next()
    tail = "%06x" % (a & 0xFFFFFF)
    mac = mac_prefix + ":" + tail[0:2] + ":" + tail[2:4] + ":" + tail[4:6]
    device_id = device_id_prefix + "%06x" % (b & 0xFFFFFF)
    return mac, device_id


class SimDut:
    """One DUT in one slot, as its product's model says: power, current draw by state and by the
    loads the fixture's relays switch, rails, LED, and its factory-firmware console."""

    def __init__(self, dut_seed, model=None, relays=None, slot=1):
        self.relays = relays if relays is not None else [False] * 9
        self.slot = slot  # a load wired "per slot" hangs on the relay numbered like the slot
        self.reseed(dut_seed, model or GENERIC)

    def reseed(self, dut_seed, model=None):
        if model is not None:
            self.model = model
        model = self.model
        self.seed = dut_seed
        self.rng = XorShift32(binascii.crc32(("noise" + dut_seed).encode()) & 0xFFFFFFFF)
        self.mac, self.device_id = dut_identity(dut_seed, model["mac_prefix"], model["device_id_prefix"])
        # Each unit's rails sit a little off nominal, like real regulators.
        self.nominal = {}
        self.rail_trim = {}
        for rail, volts in model["rails"]:
            self.nominal[rail] = volts
            self.rail_trim[rail] = self.rng.gauss(0.0, model["rail_trim_sigma"])
        self.powered = False
        self.powered_at = 0
        self.rx = bytearray()
        self.outbox = []          # [(due_ms, line)]
        self.busy_until = 0
        self.busy_ma = 0.0
        self.reset_state()
        cls = load_behaviour(model)
        self.behaviour = cls(self) if cls is not None else None

    def reset_state(self):
        self.state = {}
        initial = self.model["state"]
        for name in initial:
            self.state[name] = initial[name]

    @property
    def led(self):
        return self.state.get("led", "OFF")

    def power(self, on):
        if on and not self.powered:
            self.powered_at = ticks_ms()
        if not on:
            self.reset_state()
            self.rx = bytearray()
            self.outbox = []
        self.powered = on

    def booted_at(self):
        return self.powered_at + self.model["boot_ms"]

    def load_ma(self):
        """Current drawn by the loads the fixture's relays connect (and the DUT's state enables)."""
        total = 0.0
        for load in self.model["loads"]:
            relay = self.slot if load["relay"] == "slot" else load["relay"]
            if relay >= len(self.relays) or not self.relays[relay] or not condition_holds(load["when"], self.state):
                continue
            ma = load["ma"]
            scale = load.get("scale")
            if scale:
                try:
                    ma = ma * float(self.state.get(scale, 0)) / 100.0
                except ValueError:
                    ma = 0.0
            total += ma
        return total

    def current_ma(self, faults):
        currents = self.model["current"]
        if not self.powered:
            mean, sigma = currents["off"]
            return abs(self.rng.gauss(mean, sigma))
        effects = fault_effects(self.model, faults)
        if effects["overcurrent"] is not None:
            return self.rng.gauss(effects["overcurrent"], 5.0)
        now = ticks_ms()
        mean, sigma = currents["booting"] if ticks_diff(now, self.booted_at()) < 0 else currents["idle"]
        for add in self.model["adds"]:
            if condition_holds(add["when"], self.state):
                mean += add["ma"]
        if ticks_diff(self.busy_until, now) > 0:
            mean += self.busy_ma
        if self.behaviour is not None and hasattr(self.behaviour, "current_ma"):
            mean = self.behaviour.current_ma(mean)
        return self.rng.gauss(mean, sigma) + self.load_ma()

    def rail(self, name, faults):
        if not self.powered:
            return abs(self.rng.gauss(0.0, 0.002))
        effects = fault_effects(self.model, faults)
        if name == "3V3" and effects["brownout"]:
            return self.rng.gauss(2.45, 0.02)
        override = effects["rails"].get(name)
        if override is not None:
            return self.rng.gauss(override, 0.003)
        nominal = self.nominal.get(name)
        if nominal is None:  # the product does not use this rail: nothing connected
            return abs(self.rng.gauss(0.0, 0.002))
        return nominal * (1.0 + self.rail_trim[name]) + self.rng.gauss(0.0, nominal * self.model["rail_noise"])

    def receive(self, data, faults):
        """Bytes from the fixture's UART TX. Whole lines become commands; replies are queued."""
        if not self.powered:
            return
        self.rx.extend(data)
        while b"\n" in self.rx:
            i = self.rx.index(b"\n")
            line = bytes(self.rx[:i]).strip()
            self.rx = self.rx[i + 1:]
            effects = fault_effects(self.model, faults)
            if effects["uart_silent"]:
                continue
            reply, delay = self.answer(line.decode("utf-8", "replace"), effects)
            if reply is None:
                continue
            start = self.booted_at()
            now = ticks_ms()
            if ticks_diff(now, start) > 0:
                start = now
            self.outbox.append((start + delay, reply.encode()))

    def answer(self, line, effects=None):
        """The DUT factory firmware as the model describes it: one command per line, one reply line."""
        verb, _, arg = line.strip().partition(" ")
        verb = verb.upper()
        arg = arg.strip().upper()
        if not verb:
            return None, 0
        latency = self.model["latency_ms"]
        if self.behaviour is not None and hasattr(self.behaviour, "answer"):
            custom = self.behaviour.answer(verb, arg)
            if custom is not None:
                return custom, latency
        command = self.model["commands"].get(verb)
        if command is None:
            return "ERR unknown command " + verb, latency
        delay = command.get("delay_ms", latency)
        var = command.get("state")
        if var is not None and arg:
            values = command.get("values")
            span = command.get("range")
            if values is not None and arg not in values:
                return "ERR unknown %s %s" % (command.get("noun", var), arg), latency
            if span is not None:
                try:
                    number = float(arg)
                except ValueError:
                    return "ERR %s wants a number, got %s" % (verb, arg), latency
                if not span[0] <= number <= span[1]:
                    return "ERR %s out of range %g-%g" % (verb, span[0], span[1]), latency
                arg = format_value("int", number) if number == int(number) else str(number)
            self.state[var] = arg
        pins = (effects or {}).get("pins", {})
        for name in pins:  # a fault holds this variable whatever the firmware commands (a stuck relay)
            self.state[name] = pins[name]
        if command.get("busy_ms"):
            self.busy_until = ticks_ms() + command["busy_ms"]
            self.busy_ma = command.get("busy_ma", 0.0)
        override = (effects or {}).get("replies", {}).get(verb)
        if override is not None:
            return override, delay
        value = command.get("value")
        if value is not None:
            source = value.get("from")
            if source == "load_ma":
                mean = self.load_ma() * value.get("scale", 1.0) + value.get("offset", 0.0)
            elif source:
                mean = float(self.state.get(source, 0)) * value.get("scale", 1.0) + value.get("offset", 0.0)
            else:
                mean = value["mean"]
            return format_value(command.get("format", "%g"), self.rng.gauss(mean, value.get("sigma", 0.0))), delay
        reply = command.get("reply", "OK")
        return self.fill(reply), delay

    def fill(self, text):
        """Replace {mac}, {device_id}, {serial} and {state variable} in a reply."""
        if "{" not in text:
            return text
        fields = {"mac": self.mac, "device_id": self.device_id, "serial": self.seed}
        for name in self.state:
            fields[name] = self.state[name]
        for name in fields:
            text = text.replace("{" + name + "}", str(fields[name]))
        return text

    def readline(self):
        if not self.outbox:
            return None
        due, line = self.outbox[0]
        if ticks_diff(ticks_ms(), due) < 0:
            return None
        self.outbox.pop(0)
        return line


class Hal:
    """The simulated fixture board: N slots, 8 relays, 4 buttons, lid and clamp, a BlinkUp LED per slot."""

    simulated = True
    relay_count = 8
    button_count = 4

    def __init__(self, slots=4, faults="", seed=1, cal_path=None, time_scale=1.0, reporter=None, models=None,
                 default=None):
        if slots < 1 or slots > 16:
            raise ValueError("slots must be 1-16")
        self.slots = slots
        self.seed = seed
        self.cal_path = cal_path
        self.cal_text = ""
        # The products' DUT models ({product: model}); a slot holds a DUT of `default` until a
        # `DUT <slot> <seed> <product>` control says otherwise.
        self.models = models or {"generic": GENERIC}
        self.default_product = default if default is not None else list(self.models)[0]
        self.named = named_faults(self.models)
        self.slot_faults, self.fixture_faults = parse_faults(faults, slots, self.named)
        self.rng = XorShift32(seed)
        self.relays = [False] * (self.relay_count + 1)
        self.duts = {}
        for s in range(1, slots + 1):
            self.duts[s] = SimDut("%d-%d" % (seed, s), self.models[self.default_product], self.relays, s)
        self.lid = True
        self.clamp = True
        self.pressed_until = [0] * self.button_count
        if not 0.0 < time_scale <= 1.0:
            raise ValueError("time_scale must be more than 0 and at most 1")
        self.time_scale = time_scale
        self.reporter = reporter   # write(line) of the world-report channel, or None
        self.blink = {}          # slot -> (symbols, levels, rate, start_ms, period_ms) while flashing
        self.blink_log = []      # [(slot, symbols, rate)] of the last sequences started
        self.queue = []          # units the simulated operator scanned: [(serial, faults, product)], placed at POWER ON

    # -- identity, housekeeping
    def identity(self):
        return "FactoryStation", "SimFixture", "SIM-%04d" % self.seed

    def sleep_ms(self, ms):
        sleep_ms(ms)

    def noise(self, n):
        out = bytearray()
        while len(out) < n:
            b = self.rng.next() & 0xFF
            if b not in (10, 13):
                out.append(b)
        return bytes(out)

    def faults(self, slot):
        return self.slot_faults.get(slot, {})

    def product_named(self, product, what):
        """`product` if a model of it is loaded (None: the default product), else a clear error."""
        if product is None:
            return self.default_product
        if product not in self.models:
            raise ValueError("%s: no model of product %s (loaded: %s)" % (what, product, ", ".join(sorted(self.models))))
        return product

    def contact_open(self, slot):
        p = self.faults(slot).get("flaky")
        return p is not None and self.rng.uniform() < p

    # -- power and measurement
    def set_power(self, slot, on, limit_ma):
        dut = self.duts[slot]
        if on and not dut.powered and self.queue:
            self.place(slot, *self.queue.pop(0))
        self.report("POWER %d %s" % (slot, "ON" if on else "OFF"))  # every request: the relay clicks
        dut.power(on)

    def place(self, slot, serial, faults, product=None):
        """The operator puts the unit `serial` of `product` (None: the product the slot holds, so a
        mixed line's slot keeps its product; built with fault names `faults`, e.g.
        "rail_3v3=3.12,uart_silent", or "-") into `slot`, replacing the unit there."""
        dut = self.duts[slot]
        was_powered = dut.powered
        dut.reseed(serial, self.models[product] if product else None)
        dut.power(was_powered)
        self.slot_faults.pop(slot, None)
        if faults and faults != "-":
            spec = ",".join("slot%d:%s" % (slot, f) for f in faults.split(","))
            self.slot_faults[slot] = parse_faults(spec, self.slots, self.named)[0].get(slot, {})
        self.report("PLACED %d %s %s %s %s %s" % (slot, serial, dut.mac, dut.device_id, faults or "-",
                                                  dut.model["product"]))

    def set_relay(self, n, on):
        self.relays[n] = on

    def read_rail(self, rail, slot):
        if slot is None:
            override = self.fixture_faults.get(rail.lower())
            nominal = FIXTURE_NOMINAL[rail] if override is None else override
            return self.rng.gauss(nominal, nominal * 0.0005)
        if self.contact_open(slot):
            return abs(self.rng.gauss(0.0, 0.002))
        return self.duts[slot].rail(rail, self.faults(slot))

    def read_current_ma(self, slot):
        if self.contact_open(slot):
            return 0.0
        return self.duts[slot].current_ma(self.faults(slot))

    def self_test(self):
        ok = "selftest_fail" not in self.fixture_faults
        return [("adc", ok), ("relays", True), ("uart", True)]

    # -- DUT UART
    def uart_flush(self, slot):
        dut = self.duts[slot]
        now = ticks_ms()
        dut.outbox = [(due, line) for (due, line) in dut.outbox if ticks_diff(due, now) > 0]

    def uart_write(self, slot, data):
        self.duts[slot].receive(data, self.faults(slot))

    def uart_readline(self, slot):
        line = self.duts[slot].readline()
        if line is not None and self.contact_open(slot):
            return None  # the reply was lost on a bad contact
        return line

    # -- BlinkUp LEDs: one per slot, each with its own symbols, levels and rate
    def blink_start(self, slot, symbols, levels, rate):
        """Start the slot's LED; returns how long it will flash in ms (wall clock: the simulator's
        time_scale shortens it, the light the DUT sees keeps the nominal rate)."""
        period_ms = 1000.0 / rate * self.time_scale
        self.blink[slot] = (symbols, levels, rate, ticks_ms(), period_ms)
        self.blink_log.append((slot, symbols, rate))
        del self.blink_log[:-8]
        return int(len(symbols) * period_ms + 0.5)

    def blink_stop(self, slot):
        state = self.blink.get(slot)
        if state is not None:
            sent = self.blink_progress(slot)[0]
            self.blink[slot] = None
            self._played(slot, state, sent)

    def blink_progress(self, slot):
        state = self.blink.get(slot)
        if state is None:
            return 0, 0
        symbols, _, _, start, period_ms = state
        sent = int(ticks_diff(ticks_ms(), start) / period_ms)
        return min(sent, len(symbols)), len(symbols)

    def blink_busy(self, slot):
        if self.blink.get(slot) is None:
            return False
        sent, total = self.blink_progress(slot)
        if sent >= total:
            state = self.blink[slot]
            self.blink[slot] = None
            self._played(slot, state, total)
            return False
        return True

    def _played(self, slot, state, sent):
        """Tell the host runner what light the slot's LED gave off, for the DUT watching it."""
        symbols, levels, rate, _, _ = state
        dut = self.duts[slot]
        played = symbols[:sent].decode() if sent else "-"
        self.report("FLASH %d %s %d %s %s %s %s" % (
            slot, _num(rate), 1 if dut.powered else 0, dut.mac, dut.device_id,
            ",".join(str(v) for v in levels), played))

    def report(self, line):
        """A line on the world-report channel (host_main --report), if there is one."""
        if self.reporter is not None:
            try:
                self.reporter(line)
            except OSError:
                pass  # the host runner went away: the fixture itself keeps working

    # -- operator-side inputs
    def lid_closed(self):
        return self.lid

    def clamp_engaged(self):
        return self.clamp

    def buttons(self):
        now = ticks_ms()
        return "".join("1" if ticks_diff(t, now) > 0 else "0" for t in self.pressed_until)

    # -- calibration storage (a file when given, else memory)
    def load_calibration(self):
        if self.cal_path:
            try:
                with open(self.cal_path) as f:
                    return f.read()
            except OSError:
                return ""
        return self.cal_text

    def save_calibration(self, text):
        self.cal_text = text
        if self.cal_path:
            with open(self.cal_path, "w") as f:
                f.write(text)

    # -- the simulator's own controls (SIM ... and the host runner's control channel)
    def sim_command(self, text):
        parts = text.split()
        if not parts:
            raise ValueError("empty SIM command")
        sub = parts[0].upper()
        args = parts[1:]
        if sub == "FAULT" and len(args) == 1:
            per_slot, fixture = parse_faults(args[0], self.slots, self.named)
            for s in per_slot:
                self.slot_faults.setdefault(s, {}).update(per_slot[s])
            self.fixture_faults.update(fixture)
        elif sub == "CLEAR" and len(args) <= 1:
            if not args:
                self.slot_faults = {}
                self.fixture_faults = {}
            elif args[0].isdigit() and 1 <= int(args[0]) <= self.slots:
                self.slot_faults.pop(int(args[0]), None)
            else:
                raise ValueError("SIM CLEAR [slot]: no slot " + args[0])
        elif sub == "LID" and len(args) == 1 and args[0].upper() in ("OPEN", "CLOSED"):
            self.lid = args[0].upper() == "CLOSED"
        elif sub == "CLAMP" and len(args) == 1 and args[0].upper() in ("ENGAGED", "RELEASED"):
            self.clamp = args[0].upper() == "ENGAGED"
        elif sub == "BUTTON" and len(args) == 1 and args[0].isdigit() and 1 <= int(args[0]) <= self.button_count:
            self.pressed_until[int(args[0]) - 1] = ticks_ms() + BUTTON_PRESS_MS
        elif sub == "QUEUE" and len(args) in (1, 2, 3):
            faults = args[1] if len(args) >= 2 else "-"
            product = self.product_named(args[2], "SIM QUEUE") if len(args) == 3 else None
            if faults != "-":  # check now
                parse_faults(",".join("slot1:" + f for f in faults.split(",")), self.slots, self.named)
            self.queue.append((args[0], faults, product))
            self.report("QUEUED %s %d" % (args[0], len(self.queue)))
        elif sub == "LIGHT" and len(args) == 1 and args[0].isdigit() and 1 <= int(args[0]) <= self.slots:
            # What a camera above the slot sees of the DUT's status LED (a dead LED stays dark even
            # when the DUT's firmware believes it is lit): for a simulated camera in another process.
            slot = int(args[0])
            dut = self.duts[slot]
            dead = fault_effects(dut.model, self.faults(slot))["dead_led"]
            lit = dut.powered and dut.led != "OFF" and not dead
            return [dut.led if lit else "DARK"]
        elif sub == "DUT" and len(args) in (2, 3) and args[0].isdigit() and 1 <= int(args[0]) <= self.slots:
            product = self.product_named(args[2] if len(args) == 3 else None, "SIM DUT")
            dut = self.duts[int(args[0])]
            was_powered = dut.powered
            dut.reseed(args[1], self.models[product])
            dut.power(was_powered)
        else:
            raise ValueError("unknown SIM command: " + text)
