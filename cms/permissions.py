"""Who may curate what, expressed in Wagtail's own permission system (STYLE.md rule 11).

Names and permission lists live here so the services that grant them, the tests that prove
them and other apps (cms.officials) agree. No view checks rights by hand: Wagtail's page
permission tester reads the GroupPagePermission rows that `cms.services` creates.
"""

# Re-exported: accounts.roles (the MFA requirement) must recognise reviewers too.
from accounts.roles import STATE_REVIEWERS_GROUP_PREFIX
from regions.models import District, State

OFFICIALS_GROUP_PREFIX = "Officials: "
STATE_WORKFLOW_PREFIX = "State review: "

# On their district's storefront subtree. Officials may publish directly (the storefront is
# theirs to keep fresh) or submit to their state's review workflow; they cannot touch any
# page outside the subtree. Drop "publish" here to make state review mandatory.
OFFICIAL_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# On the state page's subtree: reviewers approve (publish) what officials submit.
STATE_REVIEWER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
# On the district's own collection: upload and reuse photos and documents.
OFFICIAL_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
# wagtail-localize's "Translate this page" (global; which pages, cms/translation_admin.py).
SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")


def officials_group_name(district: District) -> str:
    # District names repeat across states (Aurangabad, Bilaspur), so the state is included.
    return f"{OFFICIALS_GROUP_PREFIX}{district.name}, {district.state.name}"[:150]


def state_reviewers_group_name(state: State) -> str:
    return f"{STATE_REVIEWERS_GROUP_PREFIX}{state.name}"[:150]


def state_workflow_name(state: State) -> str:
    return f"{STATE_WORKFLOW_PREFIX}{state.name}"[:255]


def district_collection_name(district: District) -> str:
    return f"{district.name}, {district.state.name}"[:255]


def can_edit_page(*, user, page) -> bool:
    """True if Wagtail would let `user` open `page` in the editor."""
    return page.permissions_for_user(user).can_edit()
