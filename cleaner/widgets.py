"""Widget DOM stripping before extraction (share bars, comments, paywall boxes ...). (Stub.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WidgetSignals:
    pass


def load_widget_signals() -> WidgetSignals:
    return WidgetSignals()
