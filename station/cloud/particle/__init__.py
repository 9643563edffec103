"""Particle: the station's client and backend for Particle products, and a local emulator of the
Particle Cloud API routes a factory uses (``station cloud emulator --api particle``)."""
