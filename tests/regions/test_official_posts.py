"""One model for official posts (a district or a whole state) and one scope selector."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.roles import user_roles
from regions.models import OfficialPost
from regions.selectors import DISTRICT, STAFF, STATE, official_scope, officials_for
from tests.factories import (
    DistrictFactory,
    DistrictOfficialFactory,
    StateFactory,
    StateOfficialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def other_state(code="BR", name="Bihar"):
    return StateFactory(iso_code=f"IN-{code}", name=name, slug=name.lower(), gst_code="10")


def test_a_post_is_for_a_district_or_a_state_never_both_nor_neither():
    user, district = UserFactory(), DistrictFactory()
    for fields in ({}, {"district": district, "state": district.state}):
        with pytest.raises(IntegrityError), transaction.atomic():
            OfficialPost.objects.create(user=user, **fields)
    OfficialPost.objects.create(user=user, district=district)
    OfficialPost.objects.create(user=user, state=district.state)
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficialPost.objects.create(user=user, state=district.state)


def test_a_state_official_covers_every_district_of_the_state_only():
    state = StateFactory()
    inside, also_inside = DistrictFactory(state=state), DistrictFactory(state=state)
    outside = DistrictFactory(state=other_state())
    official = StateOfficialFactory(state=state).user
    scope = official_scope(official)
    assert scope.is_official and not scope.is_staff
    assert set(scope.districts()) == {inside, also_inside}
    assert list(scope.states()) == [state]
    assert scope.covers(inside.pk, state.pk) and not scope.covers(outside.pk, outside.state_id)


def test_coverage_falls_from_district_to_state_to_staff():
    state = StateFactory()
    held, unheld = DistrictFactory(state=state), DistrictFactory(state=state)
    lonely = DistrictFactory(state=other_state())  # a state with no official at all
    district_official = DistrictOfficialFactory(district=held).user
    state_official = StateOfficialFactory(state=state).user
    staff = UserFactory(is_staff=True)
    scope = official_scope(staff)
    assert scope.level(held.pk, state.pk) == DISTRICT
    assert scope.level(unheld.pk, state.pk) == STATE
    assert scope.level(lonely.pk, lonely.state_id) == STAFF
    # Whose duty: the district's official for their district; the state's for the rest of
    # the state; staff where no one else is; overdue items climb one level.
    assert official_scope(district_official).is_duty(held.pk, state.pk)
    assert not official_scope(state_official).is_duty(held.pk, state.pk)
    assert official_scope(state_official).is_duty(held.pk, state.pk, overdue=True)
    assert official_scope(state_official).is_duty(unheld.pk, state.pk)
    assert not scope.is_duty(unheld.pk, state.pk)
    assert scope.is_duty(unheld.pk, state.pk, overdue=True)
    assert scope.is_duty(lonely.pk, lonely.state_id)
    assert set(officials_for(district_id=held.pk, state_id=state.pk)) == {district_official}
    assert set(officials_for(district_id=held.pk, state_id=state.pk, overdue=True)) == {
        district_official,
        state_official,
    }
    assert set(officials_for(district_id=lonely.pk, state_id=lonely.state_id)) == {staff}


def test_an_overdue_district_item_skips_a_state_with_no_official_to_staff():
    district = DistrictFactory()
    DistrictOfficialFactory(district=district)
    staff = UserFactory(is_staff=True)
    scope = official_scope(staff)
    assert not scope.is_duty(district.pk, district.state_id)
    assert scope.is_duty(district.pk, district.state_id, overdue=True)


@pytest.mark.parametrize("posts", [1, 50])
def test_the_scope_costs_two_queries_whatever_the_posts(posts):
    user = UserFactory()
    state = StateFactory()
    for _ in range(posts):
        DistrictOfficialFactory(user=user, district=DistrictFactory(state=state))
        StateOfficialFactory(state=other_state())
    with CaptureQueriesContext(connection) as queries:
        scope = official_scope(user)
        official_scope(user)  # cached on the user object for the request
    assert len(queries) == 1  # "may this user review?" (the header) needs no more
    with CaptureQueriesContext(connection) as queries:
        for district_id in scope.district_ids:
            scope.is_duty(district_id, state.pk, overdue=True)
    assert len(queries) == 1  # the coverage, once
    assert len(scope.district_ids) == posts


def test_anonymous_and_plain_users_review_nothing(rf):
    from django.contrib.auth.models import AnonymousUser

    assert not official_scope(AnonymousUser()).can_review
    assert not official_scope(UserFactory()).can_review
    assert not list(official_scope(UserFactory()).districts())


def test_state_officials_are_officials_for_mfa():
    assert "official" in user_roles(StateOfficialFactory().user)
    assert "official" in user_roles(DistrictOfficialFactory().user)
    assert "official" not in user_roles(UserFactory())


def test_the_migration_turns_state_reviewer_groups_into_state_posts():
    migration = importlib.import_module("regions.migrations.0004_official_posts")
    state = other_state()
    reviewer, bystander = UserFactory(), UserFactory()
    Group.objects.create(name="State reviewers: Bihar").user_set.add(reviewer)
    Group.objects.create(name="State reviewers: Atlantis").user_set.add(bystander)
    migration.state_reviewers_to_posts(django_apps, None)
    migration.state_reviewers_to_posts(django_apps, None)  # idempotent
    assert list(OfficialPost.objects.values_list("user", "state", "district")) == [
        (reviewer.pk, state.pk, None)
    ]
