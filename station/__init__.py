"""Factory Station: scan, provision, test, bless, label and record connected devices."""

__version__ = "0.1.0"
