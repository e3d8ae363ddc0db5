"""Admin for search: the phrases that are landing pages (Settings → Search landing pages).

Staff only: the viewset's permission policy asks for the model's add/change/delete
permissions, which superusers have and the officials' groups are not given (a phrase is
national, not a district's).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from search.models import KeywordLanding


class KeywordLandingViewSet(ModelViewSet):
    model = KeywordLanding
    icon = "search"
    menu_label = _("Search landing pages")
    add_to_settings_menu = True
    form_fields = ["phrase"]
    list_display = ["phrase", "created_at"]
    search_fields = ["phrase"]
    copy_view_enabled = False
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_keyword_landings():
    return KeywordLandingViewSet("keyword_landings")
