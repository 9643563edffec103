# Protocol core of the Factory Station fixture: framing, parsing and command dispatch.
#
# No hardware here. The core talks to a HAL object (hal_rp2040.Hal on the board, hal_sim.Hal on a
# host) and writes its output through a callable, so the same code runs on the RP2040, under the
# MicroPython unix port and under CPython. docs/fixture-protocol.md is the specification; keep the
# two in step.

import binascii

from compat import ticks_diff, ticks_ms

PROTOCOL_VERSION = (1, 1)
FIRMWARE_VERSION = "1.1.0"
MAX_LINE = 1024          # bytes per line, CRC suffix included, terminator excluded
MAX_ID_DIGITS = 9
MAX_BLINK_SYMBOLS = 8192   # per slot
MAX_BLINK_LEVELS = 10      # symbols are single digits 0-9
LIGHT_FULL = 1000          # LED light is given in thousandths of full output
DEFAULT_BLINK_LEVELS = (0, 500, 1000)   # off, half, full: what symbols 0/1/2 meant in protocol 1.0
DEFAULT_LIMIT_MA = 500
MAX_LIMIT_MA = 3000
MAX_UART_TIMEOUT_MS = 60000
BROWNOUT_FRACTION = 0.9  # 3V3 below 90 % of nominal right after power-on is a brown-out

# Numbered error codes (docs/fixture-protocol.md, "Error codes").
E_MALFORMED = 1
E_CRC = 2
E_UNKNOWN = 3
E_ARG = 4
E_TOO_LONG = 5
E_SLOT = 6
E_BUSY = 7
E_HARDWARE = 8
E_DUT_NO_REPLY = 9
E_INCOMPATIBLE = 10
E_STATE = 11

SLOT_RAILS = {"VBUS": 5.0, "3V3": 3.3, "1V8": 1.8}
FIXTURE_RAILS = {"VSUPPLY": 12.0, "VREF": 2.5}
OFFSET_LIMIT = {"CURR": 100.0}  # mA; rails allow +-1 V

_HEX = "0123456789ABCDEF"


class ProtocolError(Exception):
    """A request the core refuses; becomes `<id> ERR <code> <message>`."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------- framing helpers

def crc_hex(data):
    """CRC-32 as binascii.crc32 computes it, as 8 upper-case hex digits."""
    c = binascii.crc32(data) & 0xFFFFFFFF
    return "%08X" % c


def escape(data):
    """Escape bytes (or str, taken as UTF-8) into one token: printable ASCII, no space, no '*'."""
    if isinstance(data, str):
        data = data.encode()
    out = []
    for b in data:
        if b == 0x5C:
            out.append("\\\\")
        elif b == 0x20:
            out.append("\\s")
        elif b == 0x2A or b < 0x21 or b > 0x7E:
            out.append("\\x" + _HEX[b >> 4] + _HEX[b & 15])
        else:
            out.append(chr(b))
    return "".join(out)


def unescape(token):
    """Inverse of escape(); raises ProtocolError(E_MALFORMED) on a broken escape."""
    if "\\" not in token:
        return token.encode()
    out = bytearray()
    i = 0
    n = len(token)
    while i < n:
        ch = token[i]
        if ch != "\\":
            out.append(ord(ch))
            i += 1
            continue
        if i + 1 >= n:
            raise ProtocolError(E_MALFORMED, "dangling backslash in " + token)
        nxt = token[i + 1]
        if nxt == "\\":
            out.append(0x5C)
            i += 2
        elif nxt == "s":
            out.append(0x20)
            i += 2
        elif nxt == "x":
            hx = token[i + 2:i + 4]
            if len(hx) != 2 or not _is_hex(hx):
                raise ProtocolError(E_MALFORMED, "bad \\x escape in " + token)
            out.append(int(hx, 16))
            i += 4
        else:
            raise ProtocolError(E_MALFORMED, "unknown escape \\" + nxt)
    return bytes(out)


def _is_hex(text):
    for ch in text:
        if ch not in "0123456789abcdefABCDEF":
            return False
    return True


def split_crc(line):
    """Split `payload*XXXXXXXX` -> (payload, had_crc). Raises ProtocolError on a bad suffix/CRC."""
    star = line.rfind(b"*")
    if star < 0:
        return line, False
    suffix = line[star + 1:]
    payload = line[:star]
    if len(suffix) != 8 or not _is_hex(suffix.decode()):
        raise ProtocolError(E_MALFORMED, "bad CRC suffix: the CRC marker must be followed by 8 hex "
                                         "digits (escape a literal star as \\x2A)")
    if crc_hex(payload) != suffix.decode().upper():
        raise ProtocolError(E_CRC, "CRC mismatch")
    return payload, True


def frame(payload, with_crc):
    """One output line: payload, optional CRC suffix, newline."""
    data = payload.encode()
    if with_crc:
        return data + b"*" + crc_hex(data).encode() + b"\n"
    return data + b"\n"


class LineReader:
    """Splits a byte stream into lines at CR or LF. Lines longer than MAX_LINE are not kept:
    their first bytes are, so the request id can still be answered with ERR 5."""

    TOO_LONG = object()

    def __init__(self, max_line=MAX_LINE):
        self.max_line = max_line
        self.buf = bytearray()
        self.overflow = False

    def feed(self, data):
        """Returns a list of complete lines (bytes) and (TOO_LONG, head) tuples."""
        out = []
        for b in data:
            if b == 10 or b == 13:
                if self.overflow:
                    out.append((LineReader.TOO_LONG, bytes(self.buf)))
                elif self.buf:
                    out.append(bytes(self.buf))
                self.buf = bytearray()
                self.overflow = False
            elif self.overflow:
                continue
            elif len(self.buf) >= self.max_line:
                self.overflow = True
                self.buf = self.buf[:16]
            else:
                self.buf.append(b)
        return out

    def reset(self):
        self.buf = bytearray()
        self.overflow = False


def _fmt(value, digits):
    return ("%." + str(digits) + "f") % value


def _version_text():
    return "%d.%d" % PROTOCOL_VERSION


# ---------------------------------------------------------------- the core

class Core:
    """Parses request lines, runs them against the HAL, writes replies and events.

    `write(bytes)` sends to the host. Call `feed(bytes)` with whatever arrived and `tick()` often
    (every few ms while `busy()`, else every ~20 ms): it finishes DUT UART exchanges, BlinkUp
    sequences, and turns lid/clamp/button changes into events.
    """

    def __init__(self, hal, write):
        self.hal = hal
        self.write = write
        self.reader = LineReader()
        self.event_crc = False
        self.slots = hal.slots
        self.power = {}      # slot -> (state, value): ("OFF", None) ("ON", limit) ("TRIP", mA) ...
        self.limits = {}
        self.relays = {}
        self.pending_uart = {}   # slot -> (rid, crc, deadline_ms)
        self.blink_symbols = {}   # slot -> bytearray of digit symbols
        self.blink_levels = {}    # slot -> tuple of LED light levels, one per symbol digit
        self.blink_running = {}   # slot -> True while its LED flashes
        self.cal = {}
        self.corrupt_in = False   # simulator: flip a byte of the next request / reply (CRC tests)
        self.corrupt_out = False
        self.load_calibration()
        for s in range(1, self.slots + 1):
            self.power[s] = ("OFF", None)
            self.blink_clear(s)
        self.last_lid = hal.lid_closed()
        self.last_clamp = hal.clamp_engaged()
        self.last_buttons = hal.buttons()
        self.commands = {
            "HELLO": self.cmd_hello, "IDN": self.cmd_idn, "VER": self.cmd_ver,
            "SELFTEST": self.cmd_selftest, "RESET": self.cmd_reset, "POWER": self.cmd_power,
            "RELAY": self.cmd_relay, "VOLT": self.cmd_volt, "CURR": self.cmd_curr,
            "CAL": self.cmd_cal, "UART": self.cmd_uart, "BLINK": self.cmd_blink,
            "LID": self.cmd_lid, "BUTTONS": self.cmd_buttons, "HELP": self.cmd_help,
        }
        if getattr(hal, "simulated", False):
            self.commands["SIM"] = self.cmd_sim

    # ------------------------------------------------------------ I/O

    def boot(self):
        """Announce a (re)start. The leading newline ends any half line the host was reading."""
        self.write(b"\n")
        self.emit("BOOT", FIRMWARE_VERSION, _version_text(), str(self.slots))

    def emit(self, *tokens):
        self.write(frame("! " + " ".join(tokens), self.event_crc))

    def reply(self, rid, crc, *tokens):
        data = frame(rid + " " + " ".join(tokens), crc)
        if self.corrupt_out and crc:
            self.corrupt_out = False
            i = len(rid) + 1   # O of OK / E of ERR: the id survives, the CRC no longer matches
            data = data[:i] + bytes([data[i] ^ 0x20]) + data[i + 1:]
        self.write(data)

    def error(self, rid, crc, code, message):
        self.write(frame(rid + " ERR " + str(code) + " " + message, crc))

    def busy(self):
        if self.pending_uart:
            return True
        for slot in self.blink_running:
            if self.blink_running[slot]:
                return True
        return False

    def feed(self, data):
        for line in self.reader.feed(data):
            if isinstance(line, tuple):
                rid = _leading_id(line[1])
                self.error(rid, False, E_TOO_LONG, "line too long (max %d bytes)" % MAX_LINE)
            else:
                self.handle_line(line)

    def handle_line(self, line):
        rid = "-"
        crc = False
        if self.corrupt_in and b"*" in line:
            self.corrupt_in = False
            i = line.find(b" ") + 1   # the command's first letter changes case: CRC mismatch
            line = line[:i] + bytes([line[i] ^ 0x20]) + line[i + 1:]
        try:
            for b in line:
                if b < 0x20 or b > 0x7E:
                    rid = _leading_id(line)
                    raise ProtocolError(E_MALFORMED, "non-printable byte 0x%02X in request" % b)
            try:
                payload, crc = split_crc(line)
            except ProtocolError:
                rid = _leading_id(line)
                crc = line.rfind(b"*") >= 0
                raise
            parts = payload.decode().split()
            if not parts:
                return
            if not parts[0].isdigit() or len(parts[0]) > MAX_ID_DIGITS:
                raise ProtocolError(E_MALFORMED, "a request starts with a numeric id, e.g. '1 IDN'")
            rid = parts[0]
            if len(parts) < 2:
                raise ProtocolError(E_MALFORMED, "missing command after id " + rid)
            self.event_crc = crc
            name = parts[1].upper()
            handler = self.commands.get(name)
            if handler is None:
                raise ProtocolError(E_UNKNOWN, "unknown command " + escape(parts[1]) + " (try HELP)")
            result = handler(parts[2:], rid, crc)
            if result is not None:
                self.reply(rid, crc, "OK", *result)
        except ProtocolError as exc:
            self.error(rid, crc, exc.code, exc.message)
        except Exception as exc:  # a firmware bug must not take the fixture down
            self.error(rid, crc, E_HARDWARE, "internal error: " + escape(repr(exc)))

    # ------------------------------------------------------------ periodic work

    def tick(self):
        now = ticks_ms()
        for slot in list(self.pending_uart):
            rid, crc, deadline = self.pending_uart[slot]
            line = self.hal.uart_readline(slot)
            if line is not None:
                del self.pending_uart[slot]
                self.reply(rid, crc, "OK", escape(line))
            elif ticks_diff(now, deadline) >= 0:
                del self.pending_uart[slot]
                self.error(rid, crc, E_DUT_NO_REPLY, "no reply from DUT in slot %d" % slot)
        for slot in self.blink_running:
            if self.blink_running[slot] and not self.hal.blink_busy(slot):
                self.blink_running[slot] = False
                self.emit("BLINK", "DONE", str(slot), str(len(self.blink_symbols[slot])))
        lid = self.hal.lid_closed()
        if lid != self.last_lid:
            self.last_lid = lid
            self.emit("LID", "CLOSED" if lid else "OPEN")
            if not lid:
                self.interlock()
        clamp = self.hal.clamp_engaged()
        if clamp != self.last_clamp:
            self.last_clamp = clamp
            self.emit("CLAMP", "ENGAGED" if clamp else "RELEASED")
        buttons = self.hal.buttons()
        if buttons != self.last_buttons:
            for i in range(len(buttons)):
                if buttons[i] != self.last_buttons[i]:
                    self.emit("BUTTON", str(i + 1), "DOWN" if buttons[i] == "1" else "UP")
            self.last_buttons = buttons

    def interlock(self):
        """The lid opened: no DUT stays powered under an operator's hand."""
        for slot in range(1, self.slots + 1):
            if self.power[slot][0] == "ON":
                self.hal.set_power(slot, False, 0)
                self.power[slot] = ("OFF", None)
                self.emit("POWER", str(slot), "OFF", "INTERLOCK")

    # ------------------------------------------------------------ argument helpers

    def slot_arg(self, text):
        if not text.isdigit():
            raise ProtocolError(E_ARG, "slot must be a number, got " + escape(text))
        slot = int(text)
        if slot < 1 or slot > self.slots:
            raise ProtocolError(E_SLOT, "no slot %d (this fixture has slots 1-%d)" % (slot, self.slots))
        return slot

    def measure(self, channel, slot):
        """A calibrated reading of a rail (V) or CURR (mA) on a slot (None: fixture rail)."""
        if channel == "CURR":
            raw = self.hal.read_current_ma(slot)
        else:
            raw = self.hal.read_rail(channel, slot)
        if raw is None:
            raise ProtocolError(E_HARDWARE, "cannot read " + channel)
        gain, offset = self.cal.get(_cal_key(channel, slot), (1.0, 0.0))
        return raw * gain + offset

    # ------------------------------------------------------------ commands

    def cmd_help(self, args, rid, crc):
        return sorted(self.commands)

    def cmd_hello(self, args, rid, crc):
        if len(args) != 1:
            raise ProtocolError(E_ARG, "usage: HELLO <major.minor>")
        major = args[0].split(".")[0]
        if not major.isdigit():
            raise ProtocolError(E_ARG, "version must look like 1.0, got " + escape(args[0]))
        if int(major) != PROTOCOL_VERSION[0]:
            raise ProtocolError(E_INCOMPATIBLE, "fixture speaks protocol %s, host asked for %s"
                                % (_version_text(), escape(args[0])))
        return [_version_text(), str(self.slots), FIRMWARE_VERSION]

    def cmd_idn(self, args, rid, crc):
        vendor, model, serial = self.hal.identity()
        return [escape(vendor), escape(model), escape(serial), FIRMWARE_VERSION]

    def cmd_ver(self, args, rid, crc):
        return [_version_text()]

    def cmd_selftest(self, args, rid, crc):
        results = []
        failed = []
        for name in ("VREF", "VSUPPLY"):
            value = self.measure(name, None)
            nominal = FIXTURE_RAILS[name]
            ok = abs(value - nominal) <= nominal * 0.05
            results.append(name.lower() + "=" + _fmt(value, 3))
            if not ok:
                failed.append(name.lower() + "=" + _fmt(value, 3))
        for name, ok in self.hal.self_test():
            results.append(name + "=" + ("ok" if ok else "FAIL"))
            if not ok:
                failed.append(name)
        if failed:
            raise ProtocolError(E_HARDWARE, "self-test failed: " + " ".join(failed))
        return ["PASS"] + results

    def cmd_reset(self, args, rid, crc):
        for slot in range(1, self.slots + 1):
            self.hal.set_power(slot, False, 0)
            self.power[slot] = ("OFF", None)
        for n in list(self.relays):
            self.hal.set_relay(n, False)
        self.relays = {}
        for slot in range(1, self.slots + 1):
            self.hal.blink_stop(slot)
            self.blink_clear(slot)
        for slot in list(self.pending_uart):
            prid, pcrc, _ = self.pending_uart.pop(slot)
            self.error(prid, pcrc, E_STATE, "cancelled by RESET")
        return []

    def cmd_power(self, args, rid, crc):
        if not args or len(args) > 3:
            raise ProtocolError(E_ARG, "usage: POWER <slot> [ON [limit_mA]|OFF]")
        slot = self.slot_arg(args[0])
        if len(args) == 1:
            state, value = self.power[slot]
            return [state] + ([] if value is None else [_fmt(value, 2) if state != "ON" else str(value)])
        what = args[1].upper()
        if what == "OFF":
            if len(args) != 2:
                raise ProtocolError(E_ARG, "usage: POWER <slot> OFF")
            self.hal.set_power(slot, False, 0)
            self.power[slot] = ("OFF", None)
            return ["OFF"]
        if what != "ON":
            raise ProtocolError(E_ARG, "POWER takes ON or OFF, got " + escape(args[1]))
        limit = DEFAULT_LIMIT_MA
        if len(args) == 3:
            if not args[2].isdigit() or not 1 <= int(args[2]) <= MAX_LIMIT_MA:
                raise ProtocolError(E_ARG, "current limit must be 1-%d mA, got %s" % (MAX_LIMIT_MA, escape(args[2])))
            limit = int(args[2])
        if not self.hal.lid_closed():
            raise ProtocolError(E_STATE, "interlock: lid open, slot %d stays off" % slot)
        self.hal.set_power(slot, True, limit)
        self.limits[slot] = limit
        current = self.measure("CURR", slot)
        if current > limit:
            self.hal.set_power(slot, False, 0)
            self.power[slot] = ("TRIP", current)
            self.emit("TRIP", str(slot), _fmt(current, 2))
            return ["TRIP", _fmt(current, 2)]
        volts = self.measure("3V3", slot)
        if volts < SLOT_RAILS["3V3"] * BROWNOUT_FRACTION:
            self.hal.set_power(slot, False, 0)
            self.power[slot] = ("BROWNOUT", volts)
            self.emit("BROWNOUT", str(slot), _fmt(volts, 3))
            return ["BROWNOUT", _fmt(volts, 3)]
        self.power[slot] = ("ON", limit)
        return ["ON", str(limit)]

    def cmd_relay(self, args, rid, crc):
        if not args or len(args) > 2:
            raise ProtocolError(E_ARG, "usage: RELAY <n> [ON|OFF]")
        if not args[0].isdigit() or not 1 <= int(args[0]) <= self.hal.relay_count:
            raise ProtocolError(E_ARG, "relay must be 1-%d, got %s" % (self.hal.relay_count, escape(args[0])))
        n = int(args[0])
        if len(args) == 2:
            what = args[1].upper()
            if what not in ("ON", "OFF"):
                raise ProtocolError(E_ARG, "RELAY takes ON or OFF, got " + escape(args[1]))
            self.hal.set_relay(n, what == "ON")
            self.relays[n] = what == "ON"
        return ["ON" if self.relays.get(n) else "OFF"]

    def rail_args(self, args, usage):
        """Parse `<rail> [slot]` from the front of args; returns (rail, slot, rest)."""
        if not args:
            raise ProtocolError(E_ARG, usage)
        rail = args[0].upper()
        if rail in SLOT_RAILS or rail == "CURR":
            if len(args) < 2:
                raise ProtocolError(E_ARG, rail + " is measured per slot: " + usage)
            return rail, self.slot_arg(args[1]), args[2:]
        if rail in FIXTURE_RAILS:
            return rail, None, args[1:]
        raise ProtocolError(E_ARG, "unknown rail %s (slot rails: %s; fixture rails: %s)" % (
            escape(args[0]), " ".join(sorted(SLOT_RAILS)), " ".join(sorted(FIXTURE_RAILS))))

    def cmd_volt(self, args, rid, crc):
        usage = "usage: VOLT <rail> [slot]"
        rail, slot, rest = self.rail_args(args, usage)
        if rail == "CURR" or rest:
            raise ProtocolError(E_ARG, usage)
        return [_fmt(self.measure(rail, slot), 4)]

    def cmd_curr(self, args, rid, crc):
        if len(args) != 1:
            raise ProtocolError(E_ARG, "usage: CURR <slot>")
        slot = self.slot_arg(args[0])
        current = self.measure("CURR", slot)
        if self.power[slot][0] == "ON" and current > self.limits.get(slot, DEFAULT_LIMIT_MA):
            self.hal.set_power(slot, False, 0)
            self.power[slot] = ("TRIP", current)
            self.emit("TRIP", str(slot), _fmt(current, 2))
        return [_fmt(current, 2)]

    def cmd_cal(self, args, rid, crc):
        usage = "usage: CAL <rail|CURR> [slot] [<gain> <offset>]"
        channel, slot, rest = self.rail_args(args, usage)
        key = _cal_key(channel, slot)
        if not rest:
            gain, offset = self.cal.get(key, (1.0, 0.0))
            return [_fmt(gain, 6), _fmt(offset, 6)]
        if len(rest) != 2:
            raise ProtocolError(E_ARG, usage)
        try:
            gain = float(rest[0])
            offset = float(rest[1])
        except ValueError:
            raise ProtocolError(E_ARG, "gain and offset must be numbers")
        limit = OFFSET_LIMIT.get(channel, 1.0)
        if not 0.5 <= gain <= 2.0 or not -limit <= offset <= limit:
            raise ProtocolError(E_ARG, "calibration out of range: gain 0.5-2.0, offset +-%g" % limit)
        self.cal[key] = (gain, offset)
        self.save_calibration()
        return [_fmt(gain, 6), _fmt(offset, 6)]

    def cmd_uart(self, args, rid, crc):
        if len(args) < 2 or len(args) > 3:
            raise ProtocolError(E_ARG, "usage: UART <slot> <timeout_ms> [text]")
        slot = self.slot_arg(args[0])
        if not args[1].isdigit() or not 1 <= int(args[1]) <= MAX_UART_TIMEOUT_MS:
            raise ProtocolError(E_ARG, "timeout must be 1-%d ms, got %s" % (MAX_UART_TIMEOUT_MS, escape(args[1])))
        if slot in self.pending_uart:
            raise ProtocolError(E_BUSY, "slot %d UART is busy with request %s" % (slot, self.pending_uart[slot][0]))
        text = unescape(args[2]) if len(args) == 3 else b""
        if b"\n" in text or b"\r" in text:
            raise ProtocolError(E_ARG, "one line at a time: the text may not hold CR or LF")
        self.hal.uart_flush(slot)
        self.hal.uart_write(slot, text + b"\n")
        self.pending_uart[slot] = (rid, crc, ticks_ms() + int(args[1]))
        return None  # the reply comes from tick()

    def blink_clear(self, slot):
        self.blink_symbols[slot] = bytearray()
        self.blink_levels[slot] = DEFAULT_BLINK_LEVELS
        self.blink_running[slot] = False

    def cmd_blink(self, args, rid, crc):
        """One BlinkUp LED per slot: `BLINK <slot> CLEAR|LEVELS|LOAD|START|STOP`, or the slot's
        state with no sub-command. Without a slot number the command means slot 1 (protocol 1.0)."""
        slot = 1
        if args and args[0].isdigit():
            slot = self.slot_arg(args[0])
            args = args[1:]
        running = self.blink_running[slot]
        if not args:
            if running:
                sent, total = self.hal.blink_progress(slot)
                return ["RUNNING", str(sent), str(total)]
            return ["IDLE", str(len(self.blink_symbols[slot]))]
        sub = args[0].upper()
        busy = "slot %d BlinkUp LED is flashing (BLINK %d STOP first)" % (slot, slot)
        if sub == "CLEAR" and len(args) == 1:
            if running:
                raise ProtocolError(E_BUSY, busy)
            self.blink_clear(slot)
            return ["0"]
        if sub == "LEVELS" and len(args) >= 3:
            if running:
                raise ProtocolError(E_BUSY, busy)
            if len(args) - 1 > MAX_BLINK_LEVELS:
                raise ProtocolError(E_ARG, "at most %d levels (symbols 0-9)" % MAX_BLINK_LEVELS)
            levels = []
            for text in args[1:]:
                if not text.isdigit() or int(text) > LIGHT_FULL:
                    raise ProtocolError(E_ARG, "a level is LED light 0-%d (thousandths of full), got %s"
                                        % (LIGHT_FULL, escape(text)))
                levels.append(int(text))
            if self.blink_symbols[slot] and max(self.blink_symbols[slot]) - 0x30 >= len(levels):
                raise ProtocolError(E_STATE, "loaded symbols use more than %d levels (BLINK %d CLEAR first)"
                                    % (len(levels), slot))
            self.blink_levels[slot] = tuple(levels)
            return [str(len(levels))]
        if sub == "LOAD" and len(args) == 2:
            if running:
                raise ProtocolError(E_BUSY, busy)
            top = len(self.blink_levels[slot]) - 1
            for ch in args[1]:
                if ch < "0" or ch > "9" or int(ch) > top:
                    raise ProtocolError(E_ARG, "BlinkUp symbols are digits 0-%d (one per level of BLINK %d LEVELS)"
                                        % (top, slot))
            if len(self.blink_symbols[slot]) + len(args[1]) > MAX_BLINK_SYMBOLS:
                raise ProtocolError(E_ARG, "at most %d symbols per slot" % MAX_BLINK_SYMBOLS)
            self.blink_symbols[slot].extend(args[1].encode())
            return [str(len(self.blink_symbols[slot]))]
        if sub == "START" and len(args) == 2:
            try:
                rate = float(args[1])
            except ValueError:
                raise ProtocolError(E_ARG, "rate must be a number of Hz")
            if not 1.0 <= rate <= 1000.0:
                raise ProtocolError(E_ARG, "rate must be 1-1000 Hz (60 standard, 142 fast)")
            if running:
                raise ProtocolError(E_BUSY, "slot %d BlinkUp LED is already flashing" % slot)
            if not self.blink_symbols[slot]:
                raise ProtocolError(E_STATE, "no symbols loaded for slot %d (BLINK %d LOAD first)" % (slot, slot))
            ms = self.hal.blink_start(slot, bytes(self.blink_symbols[slot]), self.blink_levels[slot], rate)
            self.blink_running[slot] = True
            return [str(ms)]
        if sub == "STOP" and len(args) == 1:
            self.hal.blink_stop(slot)
            self.blink_running[slot] = False
            return []
        raise ProtocolError(E_ARG, "usage: BLINK [slot] [CLEAR|LEVELS <l0> <l1> ...|LOAD <digits>|"
                                   "START <rate_hz>|STOP]")

    def cmd_lid(self, args, rid, crc):
        return ["CLOSED" if self.hal.lid_closed() else "OPEN",
                "ENGAGED" if self.hal.clamp_engaged() else "RELEASED"]

    def cmd_buttons(self, args, rid, crc):
        return [self.hal.buttons()]

    def cmd_sim(self, args, rid, crc):
        """Simulator-only: drive the simulated world (faults, lid, buttons, link trouble)."""
        if not args:
            raise ProtocolError(E_ARG, "usage: SIM FAULT <spec>|CLEAR [slot]|LID OPEN|CLOSED|CLAMP ...|"
                                       "BUTTON <n>|STALL <ms>|NOISE <n>|HALF")
        sub = args[0].upper()
        if sub in ("STALL", "NOISE", "HALF"):
            self.reply(rid, crc, "OK")
        try:
            values = self.control(" ".join(args))
        except ValueError as exc:
            raise ProtocolError(E_ARG, escape(str(exc)))
        return None if sub in ("STALL", "NOISE", "HALF") else (values or [])

    def control(self, text):
        """Run one simulator control (from SIM or the host runner's control channel).
        Link trouble is made here; the simulated world is the HAL's. Raises ValueError."""
        parts = text.split()
        sub = parts[0].upper() if parts else ""
        if sub == "STALL" and len(parts) == 2 and parts[1].isdigit():
            self.hal.sleep_ms(int(parts[1]))  # the firmware hangs: nothing is read or answered
        elif sub == "NOISE" and len(parts) == 2 and parts[1].isdigit():
            self.write(self.hal.noise(int(parts[1])))
        elif sub == "CORRUPT" and len(parts) == 2 and parts[1].upper() in ("IN", "OUT"):
            if parts[1].upper() == "IN":
                self.corrupt_in = True
            else:
                self.corrupt_out = True
        elif sub == "HALF" and len(parts) == 1:
            self.write(b"99 OK 3.3")  # half a line, no terminator: the host must resynchronise
        else:
            return self.hal.sim_command(text)   # a query (SIM LIGHT) answers values
        return None

    # ------------------------------------------------------------ calibration storage

    def load_calibration(self):
        text = self.hal.load_calibration()
        for line in (text or "").split("\n"):
            parts = line.split()
            if len(parts) == 3:
                try:
                    self.cal[parts[0]] = (float(parts[1]), float(parts[2]))
                except ValueError:
                    pass

    def save_calibration(self):
        lines = [key + " " + _fmt(g, 6) + " " + _fmt(o, 6) for key, (g, o) in sorted(self.cal.items())]
        self.hal.save_calibration("\n".join(lines) + "\n")


def _cal_key(channel, slot):
    return channel if slot is None else channel + "." + str(slot)


def _leading_id(line):
    """The request id at the start of a bad line, or '-' when there is none to answer."""
    digits = bytearray()
    for b in line:
        if 0x30 <= b <= 0x39 and len(digits) < MAX_ID_DIGITS:
            digits.append(b)
        else:
            break
    if digits and (len(line) == len(digits) or line[len(digits)] == 0x20):
        return digits.decode()
    return "-"
