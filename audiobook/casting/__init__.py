"""Casting: voice profiles, ready mixes of them, and which voice each character gets (kept stable
from one render to the next)."""
