"""The live view of a headless run: each step and its measurements against limits, as they finish."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from station.events import Event, LogRecorded, RunFinished, RunStarted, StepFinished, StepStarted
from station.testkit.checks import Outcome

STYLE = {
    Outcome.PASS: "bold green",
    Outcome.FAIL: "bold red",
    Outcome.ERROR: "bold magenta",
    Outcome.ABORTED: "bold yellow",
    Outcome.UNSET: "bold red",
    Outcome.SKIPPED: "dim",
}


class LiveView:
    """An event-bus subscriber that prints to a rich console (stderr when stdout carries JSON)."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def __call__(self, event: Event) -> None:
        c = self.console
        if isinstance(event, RunStarted):
            r = event.record
            c.print(
                f"[bold]{r.script_name}[/] {r.script_version} · serial [bold]{r.serial}[/] · "
                f"slot {r.slot} · run {r.run_id[:8]}"
            )
        elif isinstance(event, StepStarted) and event.attempt > 1:
            c.print(f"  [yellow]↻ {event.step}: attempt {event.attempt}[/]")
        elif isinstance(event, StepFinished):
            s = event.result
            line = Text("  ")
            line.append(f"{s.outcome.value:<7}", style=STYLE.get(s.outcome, ""))
            line.append(f" {s.name}")
            line.append(f"  {s.duration_s * 1000:.0f} ms", style="dim")
            if s.error:
                line.append(f"  {s.error}", style="magenta")
            c.print(line)
            for m in s.measurements:
                value = "—" if m.value is None else f"{m.value}"
                row = Text("      ")
                row.append(f"{m.outcome.value:<6}", style=STYLE.get(m.outcome, ""))
                row.append(f" {m.name} = {value} {m.unit}".rstrip())
                row.append(f"   [{m.check.describe()}]", style="dim")
                if m.marginal:
                    row.append("  marginal", style="yellow")
                if m.reason and m.outcome is not Outcome.PASS:
                    row.append(f"  {m.reason}", style="red")
                c.print(row)
        elif isinstance(event, LogRecorded) and event.line.level == "WARNING" and "\n" not in event.line.message:
            c.print(f"  [yellow]{event.line.level}[/] {event.line.message}")
        elif isinstance(event, RunFinished):
            text = Text(f"{event.outcome.value}", style=STYLE.get(event.outcome, "") + " reverse")
            if event.failure_reason:
                text.append(f"  {event.failure_reason}", style="")
            c.print(text)
