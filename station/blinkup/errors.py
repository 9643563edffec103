"""Why a BlinkUp could not be decoded, said precisely enough to fix the station or the setup."""

from __future__ import annotations

from station.errors import StationError


class DecodeError(StationError):
    """The light samples do not hold a payload we can prove correct.

    A decoder raises this rather than guess: it never returns a payload its checks did not confirm.
    """
