"""One model for official posts: DistrictOfficial becomes OfficialPost (a district or a whole
state), and the members of the "State reviewers: <state>" Wagtail groups, which were state
officials recognised by their group's name, become state posts."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATE_REVIEWERS_GROUP_PREFIX = "State reviewers: "


def state_reviewers_to_posts(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    State = apps.get_model("regions", "State")
    OfficialPost = apps.get_model("regions", "OfficialPost")
    states = {state.name: state for state in State.objects.all()}
    for group in Group.objects.filter(name__startswith=STATE_REVIEWERS_GROUP_PREFIX):
        state = states.get(group.name.removeprefix(STATE_REVIEWERS_GROUP_PREFIX))
        if state is None:
            continue
        for user in group.user_set.all():
            OfficialPost.objects.get_or_create(
                user_id=user.pk, state=state, defaults={"title": "State reviewer"}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_export_stat_rollup"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("DistrictOfficial", "OfficialPost"),
        migrations.RemoveConstraint(model_name="officialpost", name="official_unique_post"),
        migrations.AlterField(
            model_name="officialpost",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="officials",
                to="regions.district",
            ),
        ),
        migrations.AddField(
            model_name="officialpost",
            name="state",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="officials",
                to="regions.state",
            ),
        ),
        migrations.AddConstraint(
            model_name="officialpost",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("district__isnull", False), ("state__isnull", True)),
                    models.Q(("district__isnull", True), ("state__isnull", False)),
                    _connector="OR",
                ),
                name="officialpost_district_xor_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="officialpost",
            constraint=models.UniqueConstraint(
                condition=models.Q(("district__isnull", False)),
                fields=("user", "district"),
                name="official_unique_post",
            ),
        ),
        migrations.AddConstraint(
            model_name="officialpost",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__isnull", False)),
                fields=("user", "state"),
                name="official_unique_state_post",
            ),
        ),
        migrations.RunPython(state_reviewers_to_posts, migrations.RunPython.noop),
    ]
