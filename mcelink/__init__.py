"""mcelink: localizing Korea's semiconductor materials, components and equipment."""

__version__ = "0.1.0"
