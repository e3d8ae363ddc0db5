"""Demo search landing phrases: what foreign buyers type for the demo catalogue's goods."""

from search.models import KeywordLanding

KEYWORD_LANDINGS = (
    "silk saree",
    "wooden toys",
    "darjeeling tea",
    "pashmina shawl",
    "basmati rice",
    "handloom",
    "brassware",
    "coffee",
    "carpet",
    "mango",
    "pottery",
    "spices",
)


def load_keyword_landings() -> int:
    """Create the phrases that are missing (idempotent); returns how many were created."""
    existing = set(KeywordLanding.objects.values_list("phrase", flat=True))
    missing = [KeywordLanding(phrase=p) for p in KEYWORD_LANDINGS if p not in existing]
    KeywordLanding.objects.bulk_create(missing)
    return len(missing)
