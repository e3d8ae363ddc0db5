"""Officials curate only their own district (Wagtail groups, page permissions, workflow)."""

from wagtail.models import GroupPagePermission, WorkflowPage

from cms import permissions as perms
from cms.services import official_grant
from tests.factories import DistrictOfficialFactory, UserFactory


def _official_of(page):
    official = UserFactory(email="official@example.org")
    DistrictOfficialFactory(user=official, district=page.district)
    official_grant(official=official)
    return official


def test_official_can_edit_own_district_but_not_another(client, varanasi_page, agra_page):
    official = _official_of(varanasi_page)
    client.force_login(official)

    own = client.get(f"/admin/pages/{varanasi_page.pk}/edit/")
    other = client.get(f"/admin/pages/{agra_page.pk}/edit/")

    assert own.status_code == 200
    assert other.status_code in (302, 403)
    if other.status_code == 302:
        assert f"/admin/pages/{agra_page.pk}/edit/" not in other["Location"]
    assert perms.can_edit_page(user=official, page=varanasi_page)
    assert not perms.can_edit_page(user=official, page=agra_page)
    assert not perms.can_edit_page(user=official, page=varanasi_page.get_parent())


def test_official_can_add_pages_under_own_storefront_only(client, varanasi_page, agra_page):
    official = _official_of(varanasi_page)
    client.force_login(official)

    own = client.get(f"/admin/pages/add/cms/articlepage/{varanasi_page.pk}/")
    other = client.get(f"/admin/pages/add/cms/articlepage/{agra_page.pk}/")

    assert own.status_code == 200
    assert other.status_code in (302, 403)


def test_official_edit_saved_through_admin_changes_only_own_page(client, varanasi_page):
    official = _official_of(varanasi_page)
    client.force_login(official)
    edit = client.get(f"/admin/pages/{varanasi_page.pk}/edit/")
    assert edit.status_code == 200
    assert b"Submit to State review: Uttar Pradesh" in edit.content


def test_grant_is_idempotent_and_follows_posts(varanasi_page, agra_page):
    official = _official_of(varanasi_page)
    official_grant(official=official)
    official_grant(official=official)

    group_names = set(official.groups.values_list("name", flat=True))
    assert group_names == {"Officials: Varanasi, Uttar Pradesh"}
    group = official.groups.get()
    assert group.permissions.filter(codename="access_admin").exists()
    codenames = set(
        GroupPagePermission.objects.filter(group=group, page=varanasi_page).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {f"{kind}_page" for kind in perms.OFFICIAL_PAGE_PERMISSIONS}
    assert not GroupPagePermission.objects.filter(group=group, page=agra_page).exists()
    assert group.collection_permissions.filter(permission__codename="add_image").count() == 1

    # Moving the official to Agra moves their rights with them.
    official.official_posts.update(district=agra_page.district)
    official_grant(official=official)
    assert set(official.groups.values_list("name", flat=True)) == {"Officials: Agra, Uttar Pradesh"}


def test_storefront_edits_go_to_state_reviewers(varanasi_page):
    _official_of(varanasi_page)

    assignment = WorkflowPage.objects.get(page=varanasi_page)
    task = assignment.workflow.tasks.get().specific
    assert assignment.workflow.name == "State review: Uttar Pradesh"
    assert [group.name for group in task.groups.all()] == ["State reviewers: Uttar Pradesh"]
    assert varanasi_page.get_workflow() == assignment.workflow


def test_state_reviewer_approves_an_officials_submission(varanasi_page):
    official = _official_of(varanasi_page)
    reviewer = UserFactory()
    reviewer.groups.add(varanasi_page.get_workflow().tasks.get().specific.groups.get())
    varanasi_page.hero_caption = "Ghats at dawn"
    revision = varanasi_page.save_revision(user=official)
    state = varanasi_page.get_workflow().start(varanasi_page, official)

    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(varanasi_page, reviewer)
    task_state.task.specific.on_action(task_state, reviewer, "approve")

    varanasi_page.refresh_from_db()
    assert varanasi_page.live_revision_id == revision.pk
    assert varanasi_page.hero_caption == "Ghats at dawn"


def test_a_state_post_makes_a_state_reviewer_and_losing_it_removes_the_rights(
    client, varanasi_page, agra_page
):
    from regions.models import OfficialPost
    from tests.factories import StateOfficialFactory

    official = _official_of(varanasi_page)
    reviewer = StateOfficialFactory(state=varanasi_page.district.state).user
    official_grant(official=reviewer)
    assert set(reviewer.groups.values_list("name", flat=True)) == {"State reviewers: Uttar Pradesh"}
    # Both districts of the state, and the storefront workflow's approval.
    assert perms.can_edit_page(user=reviewer, page=varanasi_page)
    assert perms.can_edit_page(user=reviewer, page=agra_page)
    varanasi_page.save_revision(user=official)
    task_state = varanasi_page.get_workflow().start(varanasi_page, official).current_task_state
    assert task_state.task.specific.user_can_access_editor(varanasi_page, reviewer)
    client.force_login(reviewer)
    assert client.get(f"/admin/pages/{agra_page.pk}/edit/").status_code == 200
    OfficialPost.objects.filter(user=reviewer).delete()
    official_grant(official=reviewer)
    assert not reviewer.groups.exists()
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # Wagtail caches rights per object
    assert not perms.can_edit_page(user=reviewer, page=agra_page)


def test_officials_get_the_translate_right_even_after_the_permission_table_was_emptied(
    varanasi_page,
):
    # wagtail-localize makes this permission in a data migration, so a `flush` (what a
    # transactional test's teardown runs) deletes it for good; granting must recreate it.
    from django.contrib.auth.models import Permission

    Permission.objects.filter(
        content_type__app_label="wagtail_localize", codename="submit_translation"
    ).delete()

    official = _official_of(varanasi_page)

    assert official.has_perm("wagtail_localize.submit_translation")
