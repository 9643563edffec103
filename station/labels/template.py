"""Label templates: ZPL files with named fields, filled with escaped data and checked before printing.

A template is a ZPL format in which field data may hold ``{{name}}`` placeholders::

    ^XA
    ^FX dpi=203
    ^FX sample serial=SN-000001
    ^CI28^PW812^LL406
    ^FO30,30^A0N,40,40^FD{{serial}}^FS
    ^FO30,90^BY2^BCN,80,Y,N,N,A^FD{{serial}}^FS
    ^FO560,30^BQN,2,5^FDQA,{{qr}}^FS
    ^XZ

Placeholders may appear only in ``^FD`` data. Filling escapes each value for its field (``^FH_`` hex
escapes, ``>`` doubled for Code 128; see :mod:`station.labels.zpl`) and adds ``^FH_`` where the
template did not, so no data can break the format. ``^FX dpi=N`` gives the printer's resolution
(default 203), ``^FX sample name=value`` sample data used to check the layout when the template is
loaded. Every fill is laid out and anything outside ``^PW``/``^LL`` is refused with the line at fault.

Proven before printing (:mod:`station.labels.proof`): every fill is also checked for overlaps and
for each code's quiet zone, then rendered and decoded with zxing-cpp; a code that does not give back
exactly its data refuses the label, naming the field and the code. ``^FX field NAME max=N`` declares
a field's longest value (add ``ascii`` for a field that must stay ASCII-only — no FNC4 in Code 128 —
or ``hex`` for hex digits): at
load the template is filled with the longest values of every declared field and must pass the same
checks, so a layout that only works for short serials is refused before the line starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from station.labels import preview, proof
from station.labels.preview import TemplateError
from station.labels.zpl import Command, check_code128_data, escape_code128_data, escape_field_data, tokenize

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_FX_DPI = re.compile(r"^\s*dpi\s*=\s*(\d+)\s*$", re.IGNORECASE)
_FX_SAMPLE = re.compile(r"^\s*sample\s+([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$", re.IGNORECASE)
_FX_FIELD = re.compile(r"^\s*field\s+([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$", re.IGNORECASE)

#: Where the shipped templates live (``config/labels`` of the repository).
DEFAULT_TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "config" / "labels"


@dataclass(frozen=True)
class FieldUse:
    """Where a field appears: its template line and what kind of field holds it."""

    line: int
    kind: str  # "text", "code128" or "qr"


@dataclass(frozen=True)
class FieldLimit:
    """What a template promises to hold in a field (``^FX field NAME max=N [ascii|hex]``)."""

    max_length: int
    charset: str = "latin1"  # "latin1" (the default), "ascii" (no FNC4 in Code 128) or "hex"

    @property
    def ascii_only(self) -> bool:
        return self.charset != "latin1"

    def longest(self) -> list[str]:
        """The worst cases to lay out: widest in text and Code 128 (``W``), byte mode in a QR (``w``),
        Latin-1 letters (two Code 128 symbols each, with FNC4) unless ASCII-only; hex digits for hex."""
        n = self.max_length
        if self.charset == "hex":
            return ["d" * n, "8" * n]
        values = ["W" * n, "w" * n]
        if self.charset == "latin1":
            values += ["Ê" * n, "ê" * n]
        return values


@dataclass(frozen=True)
class Label:
    """A filled template: the exact ZPL to send, plus what produced it (for the run record)."""

    template: str
    fields: dict[str, str]
    zpl: str
    width: int
    length: int
    dpi: int

    @property
    def zpl_bytes(self) -> bytes:
        """The ZPL as sent on the wire; always ASCII because every field value is hex-escaped."""
        return self.zpl.encode("ascii")

    def layout(self) -> preview.Layout:
        return preview.layout(self.zpl, dpi=self.dpi, source=self.template)

    def image(self):
        """The label as a 1-bit Pillow image, one pixel per printer dot."""
        return preview.draw(self.layout())

    def png(self) -> bytes:
        return preview.to_png(self.image(), self.dpi)

    def pdf(self) -> bytes:
        return preview.to_pdf(self.image(), self.dpi)

    def save_preview(self, path: str | Path) -> Path:
        """Write a PNG or PDF preview, chosen by the file suffix."""
        out = Path(path)
        suffix = out.suffix.lower()
        if suffix == ".png":
            data = self.png()
        elif suffix == ".pdf":
            data = self.pdf()
        else:
            raise TemplateError(f"preview file must end in .png or .pdf, not {suffix or 'nothing'!r}",
                                path=str(out))
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
        return out


@dataclass
class LabelTemplate:
    """A parsed, validated template. Build with :func:`load_template` or :func:`parse_template`."""

    name: str
    source: str
    path: str | None
    dpi: int
    fields: dict[str, list[FieldUse]]
    samples: dict[str, str] = field(default_factory=dict)
    limits: dict[str, FieldLimit] = field(default_factory=dict)
    _fd_commands: list[tuple[Command, str, bool]] = field(default_factory=list, repr=False)

    def fill(self, values: Mapping[str, str]) -> Label:
        """Return the :class:`Label` for ``values``; every field must be given, no unknown ones.

        Raises :class:`TemplateError` naming the field and line for unknown or missing fields, data a
        barcode cannot hold, and content that would fall outside the label.
        """
        values = {str(k): str(v) for k, v in values.items()}
        unknown = sorted(set(values) - set(self.fields))
        if unknown:
            raise TemplateError(
                f"unknown field(s) {', '.join(unknown)}; template {self.name!r} has: "
                f"{', '.join(sorted(self.fields)) or 'no fields'}", path=self.path)
        missing = sorted(set(self.fields) - set(values))
        if missing:
            uses = ", ".join(f"{m} (line {self.fields[m][0].line})" for m in missing)
            raise TemplateError(f"missing field(s): {uses}", path=self.path)
        for name, uses in self.fields.items():
            limit = self.limits.get(name)
            if limit is not None and len(values[name]) > limit.max_length:
                raise TemplateError(f"field {name!r}: {len(values[name])} characters, the template holds at most "
                                    f"{limit.max_length} (^FX field {name} max={limit.max_length})",
                                    path=self.path, line=uses[0].line)
            for use in uses:
                if use.kind == "code128":
                    problem = check_code128_data(values[name], ascii_only=bool(limit and limit.ascii_only))
                    if problem:
                        raise TemplateError(f"field {name!r}: {problem}", path=self.path, line=use.line)
        zpl = self.source
        # Replace from the end so earlier offsets stay valid.
        for cmd, kind, has_fh in sorted(self._fd_commands, key=lambda t: t[0].offset, reverse=True):
            escape = escape_code128_data if kind == "code128" else escape_field_data
            data = PLACEHOLDER.sub(lambda m: escape(values[m.group(1)]), cmd.params)  # noqa: B023
            end = cmd.offset + 3 + len(cmd.params)
            zpl = zpl[: cmd.offset] + ("" if has_fh else "^FH_") + "^FD" + data + zpl[end:]
        lay = preview.layout(zpl, dpi=self.dpi, source=self.path or self.name)
        problems = lay.overflow()
        if problems:
            raise TemplateError("content outside the label: " + "; ".join(problems), path=self.path)
        label = Label(self.name, dict(values), zpl, lay.width, lay.length, self.dpi)
        self.prove(label, lay)
        return label

    def fields_at(self) -> dict[int, list[str]]:
        """Template line → the fields on it (to name them in a refusal)."""
        at: dict[int, list[str]] = {}
        for name, uses in self.fields.items():
            for use in uses:
                at.setdefault(use.line, []).append(name)
        return at

    def prove(self, label: Label, lay: preview.Layout | None = None) -> None:
        """Refuse ``label`` unless every code keeps its quiet zone and decodes back to exactly its data."""
        lay = lay or label.layout()
        at = self.fields_at()
        problems = proof.layout_problems(lay, at)
        if not problems:
            problems = proof.decode_problems(proof.upscale(preview.draw(lay)), lay, at)
        if problems:
            raise TemplateError("the label would not scan: " + "; ".join(str(p) for p in problems), path=self.path)

    def check_printed(self, label: Label, picture) -> list[proof.Problem]:  # noqa: ANN001 (PIL image or array)
        """A camera's picture of the printed label, decoded like the rendering: what does not scan back."""
        return proof.decode_problems(picture, label.layout(), self.fields_at(), source="the camera's picture")

    def validate(self, sample: Mapping[str, str] | None = None) -> Label:
        """Fill with ``sample`` (default: the template's ``^FX sample`` lines) and return the label."""
        data = dict(self.samples)
        data.update(sample or {})
        for name in self.fields:
            data.setdefault(name, "X")
        self.validate_longest(data)  # first: it names every field a long value breaks, not only the first
        return self.fill({k: v for k, v in data.items() if k in self.fields})

    def validate_longest(self, base: Mapping[str, str]) -> None:
        """Fill every declared field with its longest values at once; refuse naming the fields if it breaks."""
        if not self.limits:
            return
        variants = max(len(limit.longest()) for limit in self.limits.values())
        for k in range(variants):
            data = {name: base.get(name, "X") for name in self.fields}
            shown = []
            for name, limit in self.limits.items():
                longest = limit.longest()
                data[name] = longest[min(k, len(longest) - 1)]
                shown.append(f"{name}={data[name][0]!r}×{limit.max_length}")
            try:
                self.fill(data)
            except TemplateError as exc:
                raise TemplateError(f"with the longest values the template declares ({', '.join(shown)}): "
                                    f"{_bare(exc)}", path=self.path) from None


def parse_template(text: str, *, name: str = "label", path: str | None = None) -> LabelTemplate:
    """Parse and check a template; raise :class:`TemplateError` with the line at fault."""
    where = path or name
    commands = tokenize(text)
    if not commands or commands[0].name != "XA":
        raise TemplateError("a label template must start with ^XA", path=where,
                            line=commands[0].line if commands else None)
    if commands[-1].name != "XZ":
        raise TemplateError("a label template must end with ^XZ", path=where, line=commands[-1].line)
    if sum(1 for c in commands if c.name == "XA") > 1:
        raise TemplateError("a template holds exactly one label format (one ^XA…^XZ)", path=where)
    for leftover in re.finditer(r"\{\{|\}\}", PLACEHOLDER.sub("", text)):
        line = text.count("\n", 0, leftover.start()) + 1
        raise TemplateError("malformed placeholder: write {{name}} with a name of letters, digits and _",
                            path=where, line=line)
    dpi = 203
    samples: dict[str, str] = {}
    limits: dict[str, FieldLimit] = {}
    fields: dict[str, list[FieldUse]] = {}
    fd_commands: list[tuple[Command, str, bool]] = []
    barcode: str | None = None
    has_fh = False
    for cmd in commands:
        if cmd.name == "FX":
            if m := _FX_DPI.match(cmd.params):
                dpi = int(m.group(1))
                if dpi not in (152, 203, 300, 600):
                    raise TemplateError(f"dpi={dpi} is not a Zebra resolution (152, 203, 300 or 600)",
                                        path=where, line=cmd.line)
            elif m := _FX_SAMPLE.match(cmd.params):
                samples[m.group(1)] = m.group(2).strip()
            elif m := _FX_FIELD.match(cmd.params):
                limits[m.group(1)] = _field_limit(m.group(2), where, cmd.line)
            if PLACEHOLDER.search(cmd.params):
                raise TemplateError("placeholders belong in ^FD field data, not in a ^FX comment",
                                    path=where, line=cmd.line)
            continue
        if cmd.name != "FD" and PLACEHOLDER.search(cmd.params):
            raise TemplateError(f"placeholder inside ^{cmd.name}; placeholders belong in ^FD field data only",
                                path=where, line=cmd.line)
        if cmd.name in ("BC", "BQ"):
            barcode = cmd.name
            if cmd.name == "BC":
                mode = cmd.args[5].upper() if len(cmd.args) > 5 else ""
                if mode not in ("", "N", "A"):
                    raise TemplateError(f"^BC mode {mode!r} is not supported; use N or A", path=where,
                                        line=cmd.line)
        elif cmd.name == "FH":
            has_fh = True
        elif cmd.name == "FD":
            names = PLACEHOLDER.findall(cmd.params)
            if names:
                kind = {"BC": "code128", "BQ": "qr"}.get(barcode or "", "text")
                for n in names:
                    fields.setdefault(n, []).append(FieldUse(cmd.line, kind))
                fd_commands.append((cmd, kind, has_fh))
        elif cmd.name == "FS":
            barcode = None
            has_fh = False
    template = LabelTemplate(name, text, path, dpi, fields, samples, limits, fd_commands)
    unknown_samples = sorted(set(samples) - set(fields))
    if unknown_samples:
        raise TemplateError(f"^FX sample for unknown field(s) {', '.join(unknown_samples)}", path=where)
    unknown_limits = sorted(set(limits) - set(fields))
    if unknown_limits:
        raise TemplateError(f"^FX field for unknown field(s) {', '.join(unknown_limits)}", path=where)
    template.validate()  # layout errors (LayoutError, an InputError) already name the path and line
    return template


def _bare(exc: TemplateError) -> str:
    """The message without its ``path:line:`` prefix (it is said once, in front of the whole)."""
    text = str(exc)
    for prefix in (f"{exc.path}:{exc.line}: ", f"{exc.path}: "):
        if exc.path and text.startswith(prefix):
            return text[len(prefix):]
    return text


def _field_limit(spec: str, where: str, line: int) -> FieldLimit:
    """``max=16 ascii`` → FieldLimit(16, "ascii"); anything else is a clear error."""
    max_length: int | None = None
    charset = "latin1"
    for word in spec.split():
        key, _, value = word.partition("=")
        if key.lower() == "max" and value.isdigit() and int(value) > 0:
            max_length = int(value)
        elif key.lower() in ("ascii", "hex", "latin1") and not value:
            charset = key.lower()
        else:
            raise TemplateError(f"^FX field: cannot read {word!r}; write ^FX field NAME max=N [ascii|hex]",
                                path=where, line=line)
    if max_length is None:
        raise TemplateError("^FX field needs max=N, the longest value the field must hold", path=where, line=line)
    return FieldLimit(max_length, charset)


def template_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    return [*(Path(p) for p in extra), DEFAULT_TEMPLATE_DIR]


def load_template(name_or_path: str | Path, *, search: Iterable[str | Path] = ()) -> LabelTemplate:
    """Load a template by file path, or by name (``product`` → ``config/labels/product.zpl``)."""
    candidate = Path(name_or_path)
    if not candidate.is_file():
        stem = candidate.name if candidate.suffix == ".zpl" else candidate.name + ".zpl"
        for folder in template_dirs(search):
            if (folder / stem).is_file():
                candidate = folder / stem
                break
        else:
            known = sorted({p.stem for d in template_dirs(search) if d.is_dir() for p in d.glob("*.zpl")})
            raise TemplateError(f"no label template {str(name_or_path)!r}; known templates: "
                                f"{', '.join(known) or 'none'}")
    try:
        text = candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read template: {exc}", path=str(candidate)) from None
    return parse_template(text, name=candidate.stem, path=str(candidate))


def list_templates(search: Iterable[str | Path] = ()) -> list[Path]:
    """Template files found in ``search`` and ``config/labels``."""
    found: dict[str, Path] = {}
    for folder in template_dirs(search):
        if folder.is_dir():
            for p in sorted(folder.glob("*.zpl")):
                found.setdefault(p.stem, p)
    return list(found.values())
