"""Libelium Services Cloud Manager: activation codes, the station's factory client and backend, the
sales-order manifest, and a local SCM emulator (``station cloud emulator --api libelium``)."""
