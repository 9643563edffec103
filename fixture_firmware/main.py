# Board entry point (copied to the RP2040 as main.py with compat.py, protocol.py, serve.py and
# hal_rp2040.py): the protocol on USB CDC (stdin/stdout), a watchdog against hangs.
#
#   mpremote connect /dev/ttyACM0 cp compat.py protocol.py serve.py hal_rp2040.py main.py :

import sys

from compat import disable_ctrl_c
from hal_rp2040 import Hal
from protocol import Core
from serve import make_writer, serve


def main():
    disable_ctrl_c()           # 0x03 on the data stream must not stop the firmware
    hal = Hal(slots=4)
    core = Core(hal, make_writer(sys.stdout.buffer))
    serve(core, sys.stdin.buffer)


main()
