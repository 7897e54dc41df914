"""The ``soulbond`` command: parses, calls, renders; rules live in the core."""
