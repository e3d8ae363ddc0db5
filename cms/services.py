"""Writes for the CMS: officials' groups, page permissions, collections and review workflows.

All functions are idempotent (safe to call on every `load_demo_data`) and atomic.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms import permissions as perms
from regions.models import District, OfficialPost, State


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def submit_translation_permission() -> Permission:
    """wagtail-localize's "Can submit translations", made if it is missing.

    wagtail-localize creates it in a data migration, not from a model's Meta, so anything
    that empties the permission table (a `flush`, a transactional test's teardown) loses it
    and `post_migrate` never brings it back; get-or-create here, as that migration does.
    """
    app_label, codename = perms.SUBMIT_TRANSLATION
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model="translation")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": "Can submit translations"},
    )
    return permission


def _page_permissions(types) -> list[Permission]:
    return [_permission("wagtailcore", f"{kind}_page") for kind in types]


def _grant_pages(group: Group, pages, types) -> None:
    wanted = _page_permissions(types)
    for page in pages:
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _admin_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_permission(*perms.ADMIN_ACCESS))
    return group


def _district_collection(district: District) -> Collection:
    root = Collection.get_first_root_node()
    name = perms.district_collection_name(district)
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


@transaction.atomic
def district_officials_group_ensure(*, district: District) -> Group:
    """The district's officials group: admin access, its storefront subtree, its collection."""
    from cms.models import DistrictPage

    group = _admin_group(perms.officials_group_name(district))
    # Officials translate their storefront themselves (wagtail-localize; scoped to the pages
    # they may edit by cms.translation_admin).
    group.permissions.add(submit_translation_permission())
    # Every locale's copy of the storefront (a French translation is the same district).
    pages = DistrictPage.objects.filter(district=district)
    _grant_pages(group, pages, perms.OFFICIAL_PAGE_PERMISSIONS)
    collection = _district_collection(district)
    for app_label, codename in perms.OFFICIAL_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )
    for page in pages:
        state_review_assign(page=page)
    return group


@transaction.atomic
def state_review_ensure(*, state: State) -> Workflow:
    """The state's reviewers group and its one-step approval workflow."""
    from cms.models import StatePage

    reviewers = _admin_group(perms.state_reviewers_group_name(state))
    _grant_pages(
        reviewers, StatePage.objects.filter(state=state), perms.STATE_REVIEWER_PAGE_PERMISSIONS
    )
    workflow, _ = Workflow.objects.get_or_create(
        name=perms.state_workflow_name(state), defaults={"active": True}
    )
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name=f"{state.name}: state review"[:255])
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


@transaction.atomic
def state_review_assign(*, page: Page) -> WorkflowPage:
    """Send edits of a district storefront (and its subtree) to its state's reviewers."""
    district = District.objects.select_related("state").get(pk=page.specific.district_id)
    workflow = state_review_ensure(state=district.state)
    assignment, _ = WorkflowPage.objects.update_or_create(
        page=page, defaults={"workflow": workflow}
    )
    return assignment


@transaction.atomic
def state_collections_ensure(*, state: State) -> Group:
    """The state's reviewers group gets, on every district's collection of the state, what a
    district official has on their own (upload, change and choose photos and documents): a
    state official reviews and fills in for any district of the state. A constant number of
    queries for the state, plus one per district collection created the first time."""
    reviewers = _admin_group(perms.state_reviewers_group_name(state))
    districts = list(District.objects.filter(state=state).select_related("state"))
    root = Collection.get_first_root_node()
    names = {perms.district_collection_name(d) for d in districts}
    collections = {c.name: c for c in root.get_children().filter(name__in=names)}
    for name in sorted(names - collections.keys()):
        collections[name] = root.add_child(name=name)
    permissions = [_permission(*pair) for pair in perms.OFFICIAL_COLLECTION_PERMISSIONS]
    held = set(
        GroupCollectionPermission.objects.filter(group=reviewers).values_list(
            "collection_id", "permission_id"
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=reviewers, collection=collection, permission=permission)
        for collection in collections.values()
        for permission in permissions
        if (collection.pk, permission.pk) not in held
    )
    return reviewers


def _reviewers_group(workflow: Workflow) -> Group:
    return workflow.workflow_tasks.first().task.specific.groups.first()


@transaction.atomic
def official_grant(*, official) -> list[Group]:
    """Make `official`'s Wagtail groups match their posts (regions.OfficialPost).

    A district post gives the district's officials group; a state post the state's reviewers
    group (its storefronts' subtree, approval workflow and every district's collection).
    Groups of posts no longer held are removed; other groups of the user are left alone. The
    groups follow the posts, never the other way round: who is an official is read from the
    posts only.
    """
    posts = OfficialPost.objects.filter(user=official).select_related("district__state", "state")
    wanted = [
        district_officials_group_ensure(district=post.district)
        if post.district_id
        else _admin_group(perms.state_reviewers_group_name(post.state))
        for post in posts
    ]
    for post in posts:
        if post.state_id:
            state_review_ensure(state=post.state)
            state_collections_ensure(state=post.state)
    stale = official.groups.filter(
        Q(name__startswith=perms.OFFICIALS_GROUP_PREFIX)
        | Q(name__startswith=perms.STATE_REVIEWERS_GROUP_PREFIX)
    ).exclude(pk__in=[group.pk for group in wanted])
    official.groups.remove(*stale)
    official.groups.add(*wanted)
    return wanted
