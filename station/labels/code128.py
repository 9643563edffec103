"""Code 128 symbol encoding for the label preview.

The printer encodes ``^BC`` itself; the preview must draw the same symbol so an engineer sees (and a
test can decode) the label before it prints. No dependency we ship draws Code 128 (qrcode does QR
only, OpenCV and zxing-cpp only read), and the encoding is a short, fixed table, so it lives here.
Subsets B and C only: the station's data is printable ASCII, plus Latin-1 letters, each carried as
FNC4 + (letter − 128) in subset B (ISO/IEC 15417 §4.3.4.2; :func:`station.labels.zpl.check_code128_data`),
with runs of digits packed two per symbol like the printer's automatic mode.
"""

from __future__ import annotations

# Bar/space widths in modules for symbol values 0…106 (ISO/IEC 15417, table 1); 106 is STOP.
PATTERNS = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", "221312",
    "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", "221231", "213212",
    "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321", "232121",
    "111323", "131123", "131321", "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331",
    "132131", "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131", "311123",
    "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224", "111422", "121124",
    "121421", "141122", "141221", "112214", "112412", "122114", "122411", "142112", "142211", "241211", "221114",
    "413111", "241112", "134111", "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
]
START_B = 104
START_C = 105
CODE_B = 100
FNC4_B = 100  # in subset B, value 100 is FNC4 (in subset C it is CODE B)
CODE_C = 99
STOP = 106


def _digit_run(data: str, i: int) -> int:
    j = i
    while j < len(data) and data[j].isdigit():
        j += 1
    return j - i


def encode_values(data: str) -> list[int]:
    """Symbol values for ``data``, start code and checksum included, stop excluded.

    Raises ``ValueError`` for characters outside printable ASCII and Latin-1 (U+00A0…U+00FF).
    """
    for ch in data:
        if not (0x20 <= ord(ch) <= 0x7E or 0xA0 <= ord(ch) <= 0xFF):
            raise ValueError(f"Code 128 cannot encode {ch!r}")
    values: list[int] = []
    i = 0
    run = _digit_run(data, 0)
    starts_with_pairs = run % 2 == 0 and (run >= 4 or run == len(data) >= 2)
    subset = "C" if starts_with_pairs else "B"
    values.append(START_C if subset == "C" else START_B)
    while i < len(data):
        run = _digit_run(data, i)
        if subset == "C":
            if run >= 2:
                values.append(int(data[i : i + 2]))
                i += 2
                continue
            subset = "B"
            values.append(CODE_B)
            continue
        # Subset B: switch to C for a long enough even digit run (≥6 inside, ≥4 at the end).
        at_end = i + run == len(data)
        if run >= 6 or (at_end and run >= 4):
            if run % 2:
                values.append(ord(data[i]) - 32)
                i += 1
            subset = "C"
            values.append(CODE_C)
            continue
        code = ord(data[i])
        if code >= 0xA0:  # Latin-1: FNC4 shifts the next character up by 128
            values.append(FNC4_B)
            code -= 128
        values.append(code - 32)
        i += 1
    checksum = values[0] + sum(pos * v for pos, v in enumerate(values[1:], start=1))
    values.append(checksum % 103)
    return values


def encode_modules(data: str) -> list[int]:
    """Alternating bar/space widths (in modules, bar first) of the full symbol, stop included."""
    widths: list[int] = []
    for value in [*encode_values(data), STOP]:
        widths.extend(int(c) for c in PATTERNS[value])
    return widths


def symbol_width_modules(data: str) -> int:
    """Width of the symbol in modules (no quiet zone: ZPL does not add one either)."""
    return sum(encode_modules(data))
