"""Operator prompts answered with the fixture's buttons, for a station without a screen.

Button 1 answers yes / pass / confirm, button 2 answers no / fail. When several slots wait, the
question asked first is answered first (the line's output says which slot asks). Only yes/no
questions can be answered this way; ``station line`` refuses scripts that ask anything else at
start, and :meth:`ButtonAnswers.refuse_other_kinds` cancels any such prompt that still comes (the
step fails with the reason, so the run ends as ERROR, never as the unit's FAIL).
"""

from __future__ import annotations

import threading

from station.drivers.fixture import FixtureClient, FixtureEvent
from station.events import Event, PromptAnswered, PromptRequested
from station.flow.station import Station
from station.runner.prompt_scan import BUTTON_KINDS

YES_BUTTON = 1
NO_BUTTON = 2
NO_SCREEN = "this station has no screen: it answers yes/no questions with the fixture's buttons only"


class ButtonAnswers:
    def __init__(self, station: Station, fixture: FixtureClient) -> None:
        self.station = station
        self._order: list[str] = []  # prompt keys, oldest first
        self._lock = threading.Lock()
        station.bus.subscribe(self._on_event)
        self._unsubscribe = fixture.on_event(self._on_fixture)

    def close(self) -> None:
        self._unsubscribe()
        self.station.bus.unsubscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        with self._lock:
            if isinstance(event, PromptRequested):
                self._order.append(event.prompt_id)
            elif isinstance(event, PromptAnswered) and event.prompt_id in self._order:
                self._order.remove(event.prompt_id)

    def _on_fixture(self, event: FixtureEvent) -> None:
        if event.name != "BUTTON" or event.args[1:2] != ("DOWN",) or not event.args[0].isdigit():
            return
        button = int(event.args[0])
        if button in (YES_BUTTON, NO_BUTTON):
            self.press(button == YES_BUTTON)

    def press(self, yes: bool) -> int | None:
        """Answer the oldest yes/no question waiting; the slot answered, or None if none was asking."""
        waiting = {}
        for slot, responder in enumerate(self.station.prompts, start=1):
            prompt = responder.waiting
            if prompt is not None and prompt.kind in BUTTON_KINDS:
                waiting[prompt.key] = (slot, prompt)
        with self._lock:
            ordered = [key for key in self._order if key in waiting] + [k for k in waiting if k not in self._order]
        for key in ordered:
            slot, _prompt = waiting[key]
            if self.station.answer_prompt(slot, key, yes):
                return slot
        return None

    def refuse_other_kinds(self) -> None:
        """Cancel any waiting prompt the buttons cannot answer (called periodically by the line)."""
        for responder in self.station.prompts:
            prompt = responder.waiting
            if prompt is not None and prompt.kind not in BUTTON_KINDS:
                responder.cancel(f"{NO_SCREEN}; this step asks for {prompt.kind}")
