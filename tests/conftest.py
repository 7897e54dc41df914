"""Hypothesis profiles: ``dev`` (quick, the default) and ``ci`` (thorough); pick with HYPOTHESIS_PROFILE."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=500, stateful_step_count=30, deadline=None)
settings.register_profile("dev", max_examples=50, stateful_step_count=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
