# Host runner: the fixture firmware with the simulated hardware layer, talking on stdin/stdout.
#
# station/sim/fixture_host.py starts this under CPython or the MicroPython unix port with stdin and
# stdout on the master side of a pseudo-terminal, so the station opens the slave side exactly like
# a real fixture's /dev/ttyACM0.
#
#   micropython host_main.py [--slots N] [--faults SPEC] [--seed S] [--ctl FIFO] [--cal FILE]
#                            [--report FIFO] [--time-scale X] [--models JSON]
#
# --models names a JSON file of the products' simulated DUT models the station wrote from their
# sim_dut.toml ({"models": {product: model}, "default": product}); see sim_model.py.
#
# --ctl names a FIFO of simulator controls, one per line (FAULT spec, CLEAR, LID OPEN, BUTTON 2,
# STALL 2000, NOISE 40, HALF, DUT 2 SN123 [product], QUEUE SN124 uart_silent [product]), so tests can
# change the world without touching the serial line. --report names a FIFO the simulated world writes
# to, one line each: FLASH (the light a slot's BlinkUp LED gave off, for the host runner's simulated
# DUT, which needs numpy and HTTP that MicroPython lacks), PLACED, POWER, QUEUED. --time-scale shortens
# BlinkUp flashes in wall-clock time (the light keeps its nominal rate). "READY" on stderr says the
# firmware is serving.

import sys

from compat import IS_MICROPYTHON, disable_ctrl_c
from hal_sim import Hal, load_models
from protocol import Core
from serve import make_writer, serve, stderr_log


def parse_args(argv):
    opts = {"slots": "4", "faults": "", "seed": "1", "ctl": None, "cal": None, "report": None, "time-scale": "1",
            "models": None}
    i = 0
    while i < len(argv):
        key = argv[i]
        if not key.startswith("--") or key[2:] not in opts or i + 1 >= len(argv):
            raise ValueError("usage: host_main.py [--slots N] [--faults SPEC] [--seed S] [--ctl FIFO] [--cal FILE] "
                             "[--report FIFO] [--time-scale X] [--models JSON]")
        opts[key[2:]] = argv[i + 1]
        i += 2
    return opts


def line_writer(path):
    """write(line) onto the report FIFO (the host runner holds it open, so opening never blocks)."""
    if IS_MICROPYTHON:
        out = open(path, "wb")   # unbuffered on the unix port (and flush() on a FIFO is EINVAL there)
    else:
        out = open(path, "wb", 0)

    def write(line):
        out.write(line.encode() + b"\n")
    return write


def main(argv):
    disable_ctrl_c()
    try:
        opts = parse_args(argv)
        models, default = load_models(opts["models"]) if opts["models"] else (None, None)
        reporter = line_writer(opts["report"]) if opts["report"] else None
        hal = Hal(slots=int(opts["slots"]), faults=opts["faults"], seed=int(opts["seed"]), cal_path=opts["cal"],
                  time_scale=float(opts["time-scale"]), reporter=reporter, models=models, default=default)
    except (ValueError, OSError) as exc:
        stderr_log("ERROR " + str(exc))
        return 2
    ctl = open(opts["ctl"], "rb") if opts["ctl"] else None
    out = sys.stdout.buffer
    core = Core(hal, make_writer(out))
    stderr_log("READY")
    serve(core, sys.stdin.buffer, ctl, stderr_log)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
