"""GI authorised-user registration numbers, checked against the GI registry in the project.

The GI Registry (Chennai) numbers an authorised user's registration within the GI's
application: `AU/<registration>/GI/<application number>/<year or serial>`. The application
number is the GI's `registry_serial` (catalogue/data/gi_products.csv), so a number issued
under another GI is refused before any official sees it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalogue.models import GIProduct

AU_NUMBER_RE = re.compile(r"^AU/(?P<au>[0-9]{1,6})/GI/(?P<application>[0-9]{1,5})(/[0-9]{1,4})?$")


def normalise_au_number(value: str) -> str:
    return re.sub(r"\s+", "", (value or "").upper()).replace("-", "/")


def validate_au_number(number: str, gi: GIProduct | None) -> str:
    """The normalised number, or ValidationError in words a seller understands."""
    number = normalise_au_number(number)
    match = AU_NUMBER_RE.match(number)
    if not match:
        raise ValidationError(
            _("Enter the number as it is on your certificate, e.g. AU/1579/GI/110/2019."),
            code="gi_au_format",
        )
    if gi is None:
        raise ValidationError(_("Choose the GI you are an authorised user of."), code="gi_missing")
    application = int(match["application"])
    serials = gi.registry_serials
    if serials and application not in serials:
        other = _gi_with_serial(application)
        raise ValidationError(
            _(
                "This registration was issued under GI application %(number)s%(other)s, "
                "not under %(gi)s (application %(serial)s)."
            )
            % {
                "number": application,
                "other": f" ({other.name})" if other else "",
                "gi": gi.name,
                "serial": " / ".join(str(n) for n in serials),
            },
            code="gi_au_other_gi",
        )
    return number


def _gi_with_serial(application: int) -> GIProduct | None:
    """The GI filed under this application number, as its first serial or a later one."""
    found = GIProduct.objects.filter(registry_serial=application).first()
    if found is not None:
        return found
    for gi in GIProduct.objects.exclude(also_registered_serials="").only(
        "name", "registry_serial", "also_registered_serials"
    ):
        if application in gi.registry_serials:
            return gi
    return None
