"""soulbond: a world where whatever you lose turns up on your soulmate's bedroom floor."""

__version__ = "0.1.0"
