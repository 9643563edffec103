# Hardware layer for an RP2040 fixture board (MicroPython rp2 port).
#
# Same methods as hal_sim.Hal; the protocol core never touches `machine` itself. Pin numbers are
# the reference board's (PINS below); change them here, nowhere else. Rails are read through
# resistor dividers on the ADC inputs, slot currents through a shunt amplifier per slot behind
# an analogue multiplexer, DUT consoles through the two hardware UARTs behind a 1-of-N UART mux
# (one slot's console at a time on each UART; the core serialises exchanges per slot anyway).

import machine
from machine import ADC, PWM, UART, Pin, Timer

from compat import sleep_ms, ticks_diff, ticks_ms

PINS = {
    "power": (2, 3, 4, 5),            # load-switch enables, slot 1-4
    "relays": (6, 7, 8, 9, 10, 11, 12, 13),
    "mux": (14, 15, 16),              # analogue mux select (8 channels)
    "uart_sel": (17, 18),             # DUT console mux: slot = sel + 1
    "lid": 19, "clamp": 20,           # switches to GND, pulled up
    "buttons": (21, 22),              # buttons to GND, pulled up
    "blink_led": (23, 24, 25, 29),    # BlinkUp LED above each slot (PWM), slot 1-4
    "uart_tx": 0, "uart_rx": 1,       # UART0 to the DUT console mux
}
ADC_RAIL = 26      # ADC0 through the mux: slot rails
ADC_CURRENT = 27   # ADC1 through the mux: slot shunt amplifiers
ADC_VSUPPLY = 28   # ADC2: 12 V input / 5.7 divider

ADC_FULL_SCALE = 3.3
DIVIDER = {"VBUS": 2.0, "3V3": 2.0, "1V8": 1.0, "VSUPPLY": 5.7, "VREF": 1.0}
MUX_CHANNEL = {"VBUS": 0, "3V3": 1, "1V8": 2}
SHUNT_MA_PER_VOLT = 1000.0         # INA181 x50 on 20 mOhm: 1 V = 1 A
CAL_FILE = "calibration.txt"


class Hal:
    simulated = False
    relay_count = 8
    button_count = 2

    def __init__(self, slots=4):
        self.slots = slots
        self.power_pins = [Pin(p, Pin.OUT, value=0) for p in PINS["power"][:slots]]
        self.relay_pins = [Pin(p, Pin.OUT, value=0) for p in PINS["relays"]]
        self.mux_pins = [Pin(p, Pin.OUT, value=0) for p in PINS["mux"]]
        self.uart_sel = [Pin(p, Pin.OUT, value=0) for p in PINS["uart_sel"]]
        self.lid_pin = Pin(PINS["lid"], Pin.IN, Pin.PULL_UP)
        self.clamp_pin = Pin(PINS["clamp"], Pin.IN, Pin.PULL_UP)
        self.button_pins = [Pin(p, Pin.IN, Pin.PULL_UP) for p in PINS["buttons"]]
        self.adc_rail = ADC(Pin(ADC_RAIL))
        self.adc_current = ADC(Pin(ADC_CURRENT))
        self.adc_supply = ADC(Pin(ADC_VSUPPLY))
        self.uart = UART(0, baudrate=115200, tx=Pin(PINS["uart_tx"]), rx=Pin(PINS["uart_rx"]), timeout=0)
        self.uart_slot = 0
        self.rx = {}
        self.leds = []
        self.timers = []
        for p in PINS["blink_led"][:slots]:
            led = PWM(Pin(p))
            led.freq(20000)
            led.duty_u16(0)
            self.leds.append(led)
            self.timers.append(Timer())
        self.blink = {}     # slot -> [symbols, index, duties]

    def identity(self):
        uid = machine.unique_id()
        return "FactoryStation", "RP2040-Fixture", "".join("%02X" % b for b in uid)

    def sleep_ms(self, ms):
        sleep_ms(ms)

    # -- power and measurement
    def set_power(self, slot, on, limit_ma):
        # The load switch has its own hardware limit; the firmware limit is enforced by the core.
        self.power_pins[slot - 1].value(1 if on else 0)
        if on:
            sleep_ms(5)  # soft start before the core reads current and rails

    def set_relay(self, n, on):
        self.relay_pins[n - 1].value(1 if on else 0)

    def _mux(self, channel):
        for i, pin in enumerate(self.mux_pins):
            pin.value((channel >> i) & 1)
        sleep_ms(1)  # settle

    def _volts(self, adc, samples=8):
        total = 0
        for _ in range(samples):
            total += adc.read_u16()
        return total / samples / 65535 * ADC_FULL_SCALE

    def read_rail(self, rail, slot):
        if slot is None:
            if rail == "VSUPPLY":
                return self._volts(self.adc_supply) * DIVIDER[rail]
            if rail == "VREF":
                # An external 2.500 V reference sits on mux channel 7 (shared by all slots).
                self._mux(7)
                return self._volts(self.adc_rail) * DIVIDER[rail]
            return None
        # The slot-select lines pick the slot's analogue bank and its console together.
        self._select_slot(slot)
        self._mux(MUX_CHANNEL[rail])
        return self._volts(self.adc_rail) * DIVIDER[rail]

    def read_current_ma(self, slot):
        self._select_slot(slot)
        self._mux(3)
        return self._volts(self.adc_current) * SHUNT_MA_PER_VOLT

    def _select_slot(self, slot):
        sel = slot - 1
        for i, pin in enumerate(self.uart_sel):
            pin.value((sel >> i) & 1)
        if self.uart_slot != slot:
            self.uart_slot = slot
            self.uart.read()  # drop bytes of the previous slot's console

    def self_test(self):
        checks = []
        # Relay coils have no read-back on this board; VREF and VSUPPLY are checked by the core.
        checks.append(("relays", True))
        checks.append(("uart", self.uart is not None))
        return checks

    # -- DUT UART (one console at a time through the mux)
    def uart_flush(self, slot):
        self._select_slot(slot)
        self.uart.read()
        self.rx[slot] = b""

    def uart_write(self, slot, data):
        self._select_slot(slot)
        self.uart.write(data)

    def uart_readline(self, slot):
        if self.uart_slot != slot:
            return None
        chunk = self.uart.read()
        buf = self.rx.get(slot, b"") + (chunk or b"")
        if b"\n" not in buf:
            self.rx[slot] = buf
            return None
        line, _, rest = buf.partition(b"\n")
        self.rx[slot] = rest
        return line.rstrip(b"\r")

    # -- BlinkUp LEDs: one PWM LED per slot, each stepped by its own timer at its own rate.
    # LED light is linear in PWM duty, so a level (thousandths of full light) is a duty directly.
    def blink_start(self, slot, symbols, levels, rate):
        duties = [v * 65535 // 1000 for v in levels]
        self.blink[slot] = [symbols, 0, duties]
        timer = self.timers[slot - 1]
        timer.init(freq=rate, mode=Timer.PERIODIC, callback=lambda t, s=slot: self._blink_step(s))
        return int(len(symbols) * 1000 / rate + 0.5)

    def _blink_step(self, slot):
        state = self.blink.get(slot)
        if state is None:
            return
        symbols, i, duties = state
        if i >= len(symbols):
            self.timers[slot - 1].deinit()
            self.leds[slot - 1].duty_u16(0)
            return
        self.leds[slot - 1].duty_u16(duties[symbols[i] - 0x30])
        state[1] = i + 1

    def blink_stop(self, slot):
        self.timers[slot - 1].deinit()
        self.leds[slot - 1].duty_u16(0)
        self.blink[slot] = None

    def blink_progress(self, slot):
        state = self.blink.get(slot)
        if state is None:
            return 0, 0
        return min(state[1], len(state[0])), len(state[0])

    def blink_busy(self, slot):
        state = self.blink.get(slot)
        if state is None:
            return False
        if state[1] >= len(state[0]):
            self.blink_stop(slot)
            return False
        return True

    # -- operator-side inputs (switches pull to GND)
    def lid_closed(self):
        return self.lid_pin.value() == 0

    def clamp_engaged(self):
        return self.clamp_pin.value() == 0

    def buttons(self):
        return "".join("1" if p.value() == 0 else "0" for p in self.button_pins)

    # -- calibration in the board's flash filesystem
    def load_calibration(self):
        try:
            with open(CAL_FILE) as f:
                return f.read()
        except OSError:
            return ""

    def save_calibration(self, text):
        with open(CAL_FILE + ".tmp", "w") as f:
            f.write(text)
        import os
        os.rename(CAL_FILE + ".tmp", CAL_FILE)
