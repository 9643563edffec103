"""``station blinkup encode|decode|simulate`` in-process: JSON out, exit 2 with a precise error."""

from __future__ import annotations

import json

from station.blinkup import js
from station.cli import main

ARGS = ["--ssid", "FactoryWiFi1", "--password", "s3cret-Passw0rd!", "--plan-id", "0123456789abcdef",
        "--token", "fedcba9876543210"]


def lab(tmp_path) -> list[str]:
    """Codec tests encode made-up tokens no cloud knows: the lab's audited override (tests/test_cloud_rules)."""
    return ["--role", "development", "--engineering-override", "codec test with a made-up token",
            "--operator", "eng-1", "--db", str(tmp_path / "audit.db")]


def test_encode_blinkup_js_json(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STATION_CLOUD_ENDPOINT", raising=False)
    assert main(["blinkup", "encode", "--mode", "blinkup-js", *ARGS, *lab(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == "blinkup-js" and out["fps"] == 60.0
    assert out["symbols"][:32] == list(js.SYNC) and set(out["symbols"]) == {0, 1, 2}
    assert out["duration_s"] == round(len(out["symbols"]) / 60, 4) == round(897 / 60, 4)


def test_simulate_then_decode_round_trip(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STATION_CLOUD_ENDPOINT", raising=False)
    samples = tmp_path / "s.txt"
    assert main(["blinkup", "simulate", "--mode", "fast", *ARGS, *lab(tmp_path), "--seed", "5",
                 "--out", str(samples)]) == 0
    capsys.readouterr()
    assert main(["blinkup", "decode", "--mode", "fast", "--samples", str(samples), "--rate", "1000", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"mode": "fast", "ssid": "FactoryWiFi1", "password": "s3cret-Passw0rd!",
                   "plan_id": "0123456789abcdef", "token": "fedcba9876543210"}


def test_bad_sample_line_names_file_and_line(tmp_path, capsys):
    samples = tmp_path / "bad.txt"
    samples.write_text("0.1\n0.2\nbright\n")
    assert main(["blinkup", "decode", "--mode", "fast", "--samples", str(samples), "--rate", "1000"]) == 2
    assert f"{samples}:3: not a number: 'bright'" in capsys.readouterr().err


def test_out_of_range_sample_and_missing_file(tmp_path, capsys):
    samples = tmp_path / "hot.txt"
    samples.write_text("0.1\n1.5\n")
    assert main(["blinkup", "decode", "--mode", "fast", "--samples", str(samples), "--rate", "1000"]) == 2
    assert "hot.txt:2: sample 1.5 is outside 0.0–1.0" in capsys.readouterr().err
    assert main(["blinkup", "decode", "--mode", "fast", "--samples", str(tmp_path / "nope"), "--rate", "1000"]) == 2
    assert "cannot read samples" in capsys.readouterr().err


def test_undecodable_samples_exit_2(tmp_path, capsys):
    samples = tmp_path / "flat.txt"
    samples.write_text("0.2\n" * 3000)
    assert main(["blinkup", "decode", "--mode", "blinkup-js", "--samples", str(samples), "--rate", "1000"]) == 2
    assert "no flashing found" in capsys.readouterr().err


def test_bad_hex_is_a_clear_error(capsys):
    assert main(["blinkup", "encode", "--mode", "fast", "--ssid", "x", "--token", "12345"]) == 2
    assert "odd number of hex digits" in capsys.readouterr().err


def test_encode_json_carries_pixels_and_levels_enough_to_show_the_flash(tmp_path, capsys, monkeypatch):
    """Another display shows ``pixels`` frame by frame; the DUT's decoder must read it back."""
    import numpy as np

    from station.blinkup import decode, fast
    from station.blinkup.channel import transmit

    monkeypatch.delenv("STATION_CLOUD_ENDPOINT", raising=False)
    assert main(["blinkup", "encode", "--mode", "fast", *ARGS, *lab(tmp_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    levels = out["levels"]
    assert [lv["symbol"] for lv in levels] == list(range(fast.LEVELS))
    assert levels[0] == {"symbol": 0, "pixel": 0.0, "value8": 0} and levels[-1] == {"symbol": 4, "pixel": 1.0,
                                                                                      "value8": 255}
    assert [lv["pixel"] for lv in levels] == sorted(lv["pixel"] for lv in levels)
    assert len(out["pixels"]) == len(out["symbols"])
    samples = transmit(out["pixels"], 60.0, rng=np.random.default_rng(3))
    payload = decode("fast", samples, 1000.0, 60.0)
    assert (payload.ssid, payload.token) == ("FactoryWiFi1", "fedcba9876543210")

    assert main(["blinkup", "encode", "--mode", "blinkup-js", *ARGS, *lab(tmp_path), "--json"]) == 0
    js_out = json.loads(capsys.readouterr().out)
    assert [lv["value8"] for lv in js_out["levels"]] == [0, js.GREY_CODE, 255]
