"""Public reads of the regions app: the district list behind the typed-district field."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from regions import selectors


@require_GET
@cache_control(public=True, max_age=3600)
def district_options(request):
    """{"districts": [{name, state, state_id, other_names}]}, one state's with ?state=<id>.
    Public facts (LGD names and spellings); the form works without it (server-side lookup)."""
    state = request.GET.get("state", "")
    state_id = int(state) if state.isdigit() else None
    return JsonResponse({"districts": selectors.district_options(state_id=state_id)})
