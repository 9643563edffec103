"""Label templates and rendering: ZPL with named fields, escaped data, offline PNG/PDF previews.

Public API::

    from station.labels import load_template
    label = load_template("product").fill({"serial": "SN-1", ...})   # -> Label (label.zpl, label.png())

See docs/labels.md for the template format.
"""

from station.labels.preview import LayoutError
from station.labels.template import Label, LabelTemplate, TemplateError, list_templates, load_template, parse_template

__all__ = [
    "Label",
    "LabelTemplate",
    "LayoutError",
    "TemplateError",
    "list_templates",
    "load_template",
    "parse_template",
]
